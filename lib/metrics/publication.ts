import type { Db } from "@/db/client";
import type { IndexElement } from "@/db/queries/figures";
import { getSetting } from "@/lib/settings";
import { now as clockNow } from "@/lib/time/clock";
import { publicFigures, type FigureSettings, type FigureView, type PublicRow } from "./figures";
import { defaultPeriod, type Period } from "./periods";
import type { SatisfactionFigures } from "./satisfaction";

/**
 * The period every leader page, the report, the exports and the public page open on when none is
 * asked for: the last complete period of the installation's kind before today (Vietnam time),
 * so that units opened side by side are always compared on one period.
 */
export async function installationDefaultPeriod(db: Db, at: Date = clockNow()): Promise<Period> {
  return defaultPeriod(await getSetting(db, "figures.defaultPeriodKind"), at);
}

/** Which figures of a row the public page withholds for want of answers. */
export type Withheld = { meanOfElements: boolean; overallQuestion: boolean; elements: Partial<Record<IndexElement, true>> };

export type PublishedRow = PublicRow & { withheld: Withheld };

/**
 * A figure from fewer answers than the minimum is not published: a unit's headline counts its
 * answer sheets, an element or the overall question its own valid answers. A withheld figure is
 * removed from the row (its value null, its band gone), not only hidden, so that nothing built on
 * the row, a ranking included, can publish or rank it.
 */
export function withholdBelowMinimum(row: PublicRow, minimum: number): PublishedRow {
  const f = row.figures;
  const headline = f.responses < minimum;
  // No answer at all is "no data", not a withheld figure (S0 may not be asked, S5 is often N/A).
  const tooFew = (valid: number) => headline || (valid > 0 && valid < minimum);
  const overall = tooFew(f.overallQuestion.valid);
  const elements: Withheld["elements"] = {};
  const figures: SatisfactionFigures = {
    ...f,
    meanOfElements: headline ? null : f.meanOfElements,
    elements: f.elements.map((e) => {
      if (!tooFew(e.valid)) return e;
      elements[e.element] = true;
      return { ...e, index: null };
    }),
    overallQuestion: overall ? { ...f.overallQuestion, index: null } : f.overallQuestion,
  };
  return {
    figures,
    depth: row.depth,
    band: headline ? null : row.band,
    withheld: { meanOfElements: headline, overallQuestion: overall, elements },
  };
}

/** The public page's rows: every agency's pooled figures, those below the minimum withheld. */
export async function publishedFigures(db: Db, params: { period: Period; settings: FigureSettings; view?: FigureView }): Promise<{ rows: PublishedRow[]; minimum: number }> {
  const [rows, minimum] = await Promise.all([publicFigures(db, params), getSetting(db, "figures.publicMinimum")]);
  return { rows: rows.map((r) => withholdBelowMinimum(r, minimum)), minimum };
}
