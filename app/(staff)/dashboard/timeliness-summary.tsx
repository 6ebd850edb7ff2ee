import { fill, type Locale, type Messages } from "@/lib/i18n";
import { changeInPoints } from "@/lib/metrics/formulas";
import type { Overview } from "@/lib/metrics/figures";
import { resultIndex, type TimelinessView } from "@/lib/metrics/timeliness";
import { ChangeMark } from "./change-mark";
import { formatters } from "./figure-format";

/**
 * The late-dossier headline of the timeliness page and the report: the on-time share with its
 * counts, the change against the previous period and the same period last year, and the
 * satisfaction with the result (S4) of late against on-time dossiers.
 */
export function TimelinessSummary({ overview, view, t, locale }: { overview: Overview; view: TimelinessView; t: Messages; locale: Locale }) {
  const x = t.timeliness;
  const f = formatters(locale, t);
  const own = overview.agency.timeliness;
  const withDue = own.onTime + own.late;
  const change = changeInPoints(own.onTimeShare, overview.previous.timeliness.onTimeShare);
  if (withDue === 0) return <p data-testid="timeliness-headline">{x.none}</p>;
  return (
    <>
      <p className="headline-sentence" data-testid="timeliness-headline">
        {fill(x.headline, { value: f.pct(own.onTimeShare), onTime: f.num(own.onTime), withDue: f.num(withDue), late: f.num(own.late) })}{" "}
        <span className="small">
          ({change != null && (
            <>
              <ChangeMark points={change} t={t} locale={locale} testId="timeliness-change" />{" "}
            </>
          )}
          {fill(x.previous, { value: f.pct(overview.previous.timeliness.onTimeShare) })}; {fill(x.lastYear, { value: f.pct(overview.lastYear.timeliness.onTimeShare) })})
        </span>
      </p>
      {view.satisfaction.late.elements.result.valid > 0 && (
        <p data-testid="timeliness-gap">{fill(x.overviewGap, { late: f.pct(resultIndex(view.satisfaction.late)), onTime: f.pct(resultIndex(view.satisfaction.onTime)) })}</p>
      )}
      {own.withoutDue > 0 && <p className="small muted">{fill(x.noDue, { count: f.num(own.withoutDue) })}</p>}
    </>
  );
}
