import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { caseFiguresOverview } from "@/lib/metrics/case-figures";
import { CaseFiguresCards, CaseFiguresTable } from "../case-figures-view";
import { DashboardChrome } from "../dashboard-chrome";
import { dashboardContext, type Search } from "../dashboard-context";
import { formatters } from "../figure-format";

export const metadata: Metadata = { title: "Xử lý ý kiến phản ánh" };

/** The follow-up of feedback for the agency and each child agency, for the chosen period. */
export default async function CaseFiguresPage({ searchParams }: { searchParams: Search }) {
  const ctx = await dashboardContext(searchParams, "/dashboard/case-figures");
  const { t, locale, db, agency, period } = ctx;
  const overview = await caseFiguresOverview(db, { agencyId: agency.id, scopePath: ctx.scopePath, period });
  if (!overview) notFound();
  const f = formatters(locale, t);
  const m = t.caseFigures;
  const link = (id: number) => `/dashboard/case-figures?agency=${id}&period=${encodeURIComponent(period.key)}`;

  return (
    <DashboardChrome ctx={ctx} tab="caseFigures" path="/dashboard/case-figures">
      <CaseFiguresCards overview={overview} t={t} f={f} />
      {overview.agency.opened === 0 && <p>{m.none}</p>}
      <h2>{m.childrenTitle}</h2>
      {overview.children.length === 0 ? (
        <p>{m.noChildren}</p>
      ) : (
        <CaseFiguresTable rows={overview.children} t={t} f={f} locale={locale} testId="case-figures-children" agencyHref={link} />
      )}
      <p className="small muted">{m.note}</p>
    </DashboardChrome>
  );
}
