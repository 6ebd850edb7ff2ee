import type { Metadata } from "next";
import { ScrollRegion } from "@/app/components/scroll-region";
import { expectationCounts } from "@/db/queries/figure-details";
import { fill } from "@/lib/i18n";
import { DashboardChrome } from "../dashboard-chrome";
import { dashboardContext, type Search } from "../dashboard-context";
import { ExpectationsTable } from "../expectations-table";
import { formatters } from "../figure-format";

export const metadata: Metadata = { title: "Mong đợi" };

export default async function ExpectationsPage({ searchParams }: { searchParams: Search }) {
  const ctx = await dashboardContext(searchParams, "/dashboard/expectations");
  const { t, locale, db, agency, period, settings } = ctx;
  const result = await expectationCounts(db, { path: agency.path, scopePath: ctx.scopePath, from: period.from, to: period.to, includeUnverified: settings.includeUnverified });
  const f = formatters(locale, t);
  return (
    <DashboardChrome ctx={ctx} tab="expectations" path="/dashboard/expectations">
      {result.respondents === 0 ? (
        <p>{t.dashboard.noData}</p>
      ) : (
        <ScrollRegion>
          <ExpectationsTable counts={result} t={t} f={f} locale={locale} testId="expectations" />
        </ScrollRegion>
      )}
      <p className="small muted">{fill(t.dashboard.expectationsNote, { count: f.num(result.respondents) })}</p>
    </DashboardChrome>
  );
}
