import type { ExpectationCounts } from "@/db/queries/figure-details";
import type { Locale, Messages } from "@/lib/i18n";
import { expectationLabel } from "@/lib/metrics/exports";
import { elementIndex } from "@/lib/metrics/formulas";
import type { formatters } from "./figure-format";

/**
 * Expectation shares (domain §4.3: ticks of an option / respondents who answered E), on the
 * expectations tab and in the A4 report.
 */
export function ExpectationsTable({
  counts,
  t,
  f,
  locale,
  testId,
}: {
  counts: ExpectationCounts;
  t: Messages;
  f: ReturnType<typeof formatters>;
  locale: Locale;
  testId?: string;
}) {
  return (
    <table data-testid={testId}>
      <thead>
        <tr>
          <th scope="col">{t.dashboard.expectation}</th>
          <th scope="col" className="num">
            {t.dashboard.respondents}
          </th>
          <th scope="col" className="num">
            {t.dashboard.share}
          </th>
        </tr>
      </thead>
      <tbody>
        {counts.options.map((o) => (
          <tr key={o.key}>
            <th scope="row">{expectationLabel(o.key, locale)}</th>
            <td className="num">{f.num(o.n)}</td>
            <td className="num">{f.pct(elementIndex(o.n, counts.respondents))}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
