import Link from "next/link";
import type { ReactNode } from "react";
import type { RatingFilter } from "@/db/queries/figure-details";
import { fill, type Messages } from "@/lib/i18n";
import type { Change } from "@/lib/metrics/figures";
import type { ElementFigure } from "@/lib/metrics/satisfaction";
import type { formatters } from "./figure-format";

/** The five elements with their change and 1–5 distribution: the overview's table and the report's. */
export function ElementsTable({
  elements,
  change,
  changeLastYear,
  t,
  f,
  testId,
  footer,
  drill,
}: {
  elements: ElementFigure[];
  change: Change;
  /** The change against the same period last year, as a column after the previous period's. */
  changeLastYear?: Change;
  t: Messages;
  f: ReturnType<typeof formatters>;
  testId: string;
  footer?: ReactNode;
  /** The comments behind an element at a rating (drillLink); without it (the report), no links. */
  drill?: (element: ElementFigure["element"], rating: RatingFilter) => string;
}) {
  return (
    <table data-testid={testId}>
      <thead>
        <tr>
          <th scope="col">{t.dashboard.element}</th>
          <th scope="col" className="num">
            {t.dashboard.index}
          </th>
          <th scope="col" className="num">
            {t.dashboard.change}
          </th>
          {changeLastYear && (
            <th scope="col" className="num">
              {t.publication.changeLastYear}
            </th>
          )}
          <th scope="col" className="num">
            {t.dashboard.valid}
          </th>
          {[1, 2, 3, 4, 5].map((v) => (
            <th key={v} scope="col" className="num">
              {v}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {elements.map((e) => (
          <tr key={e.element} id={`element-${e.element}`}>
            <th scope="row">
              {drill ? (
                <Link href={drill(e.element, "low")} data-testid={`drill-${e.element}`}>
                  {t.elements[e.element]}
                  <span className="sr-only"> – {fill(t.drill.toCommentsOf, { what: t.drill.ratings.low! })}</span>
                </Link>
              ) : (
                t.elements[e.element]
              )}
            </th>
            <td className="num">{f.pct(e.index)}</td>
            <td className="num">{f.points(change.elements[e.element])}</td>
            {changeLastYear && <td className="num">{f.points(changeLastYear.elements[e.element])}</td>}
            <td className="num">{f.num(e.valid)}</td>
            {e.distribution.map((n, i) => (
              <td key={i} className="num">
                {drill && n > 0 ? (
                  <Link href={drill(e.element, String(i + 1) as RatingFilter)}>
                    {f.num(n)}
                    <span className="sr-only"> {fill(t.drill.toRating, { rating: i + 1, element: t.elements[e.element] })}</span>
                  </Link>
                ) : (
                  f.num(n)
                )}
              </td>
            ))}
          </tr>
        ))}
        {footer}
      </tbody>
    </table>
  );
}
