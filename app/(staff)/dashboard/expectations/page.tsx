import type { Metadata } from "next";
import { expectationCounts } from "@/db/queries/figure-details";
import { fill } from "@/lib/i18n";
import { elementIndex } from "@/lib/metrics/formulas";
import { expectationLabel } from "@/lib/metrics/exports";
import { DashboardChrome } from "../dashboard-chrome";
import { dashboardContext, type Search } from "../dashboard-context";
import { formatters } from "../figure-format";

export const metadata: Metadata = { title: "Mong đợi" };

export default async function ExpectationsPage({ searchParams }: { searchParams: Search }) {
  const ctx = await dashboardContext(searchParams, "/dashboard/expectations");
  const { t, locale, db, agency, staff, period, settings } = ctx;
  const result = await expectationCounts(db, { path: agency.path, scopePath: staff.scopePath, from: period.from, to: period.to, includeUnverified: settings.includeUnverified });
  const f = formatters(locale, t);
  return (
    <DashboardChrome ctx={ctx} tab="expectations" path="/dashboard/expectations">
      {result.respondents === 0 ? (
        <p>{t.dashboard.noData}</p>
      ) : (
        <div className="table-wrap">
          <table data-testid="expectations">
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
              {result.options.map((o) => (
                <tr key={o.key}>
                  <th scope="row">{expectationLabel(o.key, locale)}</th>
                  <td className="num">{f.num(o.n)}</td>
                  <td className="num">{f.pct(elementIndex(o.n, result.respondents))}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className="small muted">{fill(t.dashboard.expectationsNote, { count: f.num(result.respondents) })}</p>
    </DashboardChrome>
  );
}
