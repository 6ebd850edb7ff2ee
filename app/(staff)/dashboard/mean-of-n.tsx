import { fill, type Messages } from "@/lib/i18n";
import type { SatisfactionFigures } from "@/lib/metrics/satisfaction";
import { INDEX_ELEMENTS } from "@/db/queries/figures";

/**
 * The mark of a headline averaged over fewer than the five elements (an element without any
 * valid answer in the period): "TB 4 yếu tố", so that it is never read as a mean of five.
 */
export function MeanOfN({ figures, t }: { figures: Pick<SatisfactionFigures, "elementsInMean" | "meanOfElements">; t: Messages }) {
  if (figures.meanOfElements == null || figures.elementsInMean >= INDEX_ELEMENTS.length) return null;
  return (
    <>
      {" "}
      <span className="badge warn" data-testid="mean-of-n" title={fill(t.peers.meanOfNNote, { n: figures.elementsInMean })}>
        {fill(t.peers.meanOfN, { n: figures.elementsInMean })}
      </span>
    </>
  );
}
