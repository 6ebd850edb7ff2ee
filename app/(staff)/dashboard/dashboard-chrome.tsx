import Link from "next/link";
import type { ReactNode } from "react";
import { StaffHeader } from "@/app/components/staff-header";
import { periodLabel } from "@/app/components/period-label";
import { fill } from "@/lib/i18n";
import { periodLabelParts } from "@/lib/metrics/periods";
import { vietnamDate } from "@/lib/time/vietnam";
import { agencyName, type DashboardContext } from "./dashboard-context";

export const TABS = [
  ["overview", "/dashboard"],
  ["ranking", "/dashboard/ranking"],
  ["trend", "/dashboard/trend"],
  ["procedure", "/dashboard/by/procedure"],
  ["officer", "/dashboard/by/officer"],
  ["desk", "/dashboard/by/desk"],
  ["channel", "/dashboard/by/channel"],
  ["timeliness", "/dashboard/timeliness"],
  ["caseFigures", "/dashboard/case-figures"],
  ["comments", "/dashboard/comments"],
  ["expectations", "/dashboard/expectations"],
  ["report", "/reports"],
] as const;

export type Tab = (typeof TABS)[number][0];

// The follow-up tab's name lives with the case figures' messages, the other tabs' with the dashboard's.
function tabLabel(t: DashboardContext["t"], tab: Tab): string {
  return tab === "caseFigures" ? t.caseFigures.tab : t.dashboard.tabs[tab];
}

/** Header, breadcrumbs, period selector (a GET form: works without JavaScript) and page tabs. */
export async function DashboardChrome({ ctx, tab, path, children }: { ctx: DashboardContext; tab: Tab; path: string; children: ReactNode }) {
  const { t, locale, agency, period } = ctx;
  const { ancestors, reportingYears } = await ctx.chrome();
  const p = periodLabelParts(period);
  const selfPath = `${path}?${ctx.query}`;
  const years = [...new Set([...reportingYears, p.year])].sort((a, b) => b - a);
  return (
    <>
      <StaffHeader staff={ctx.staff} t={t} locale={locale} path={selfPath} />
      <main id="main">
        {ancestors.length > 1 && (
          <nav aria-label={t.dashboard.up} className="small">
            {ancestors.map((a, i) => (
              <span key={a.id}>
                {i > 0 && " › "}
                {a.id === agency.id ? (
                  <span aria-current="page">{agencyName(a, locale)}</span>
                ) : (
                  <Link href={`${path}?agency=${a.id}&period=${encodeURIComponent(period.key)}`}>{agencyName(a, locale)}</Link>
                )}
              </span>
            ))}
          </nav>
        )}
        <h1>
          {tabLabel(t, tab)}: {agencyName(agency, locale)}
        </h1>
        <p className="period-now">
          <strong>{t.dashboard.period}:</strong> <span data-testid="period">{periodLabel(period, t)}</span>
          {ctx.openedFrom && (
            // One line, so that the headline stays on a phone's first screen.
            <span data-testid="opened-predecessor">
              {" · "}
              {fill(t.dashboard.openedPredecessor, { since: vietnamDate(ctx.openedFrom.validFrom!) })}{" "}
              <Link href={`${path}?agency=${ctx.openedFrom.id}&period=${encodeURIComponent(period.key)}`}>
                {t.dashboard.openToday}
                <span className="sr-only">: {agencyName(ctx.openedFrom, locale)}</span>
              </Link>
            </span>
          )}
        </p>
        {ctx.periodInvalid && (
          <p className="alert" role="alert">
            {t.dashboard.periodInvalid}
          </p>
        )}
        <nav aria-label={t.dashboard.subnav} className="tabs no-print">
          <ul>
            {TABS.map(([key, href]) => (
              <li key={key}>
                <Link href={`${href}?${ctx.query}`} aria-current={key === tab ? "page" : undefined}>
                  {tabLabel(t, key)}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <details className="period-form no-print">
          <summary>{t.dashboard.period}</summary>
          <form method="get" action={path}>
            <input type="hidden" name="agency" value={agency.id} />
            {ctx.view === "restated" && <input type="hidden" name="view" value="restated" />}
            <div className="period-fields">
              <div>
                <label htmlFor="p-kind" className="label">
                  {t.dashboard.periodKind}
                </label>
                <select id="p-kind" name="kind" defaultValue={p.kind}>
                  {(["ry", "year", "quarter", "month", "range"] as const).map((k) => (
                    <option key={k} value={k}>
                      {t.dashboard.periodKinds[k]}
                    </option>
                  ))}
                </select>
              </div>
              <div>
                <label htmlFor="p-year" className="label">
                  {t.dashboard.periodYear}
                </label>
                <input id="p-year" name="year" inputMode="numeric" list="p-years" defaultValue={String(p.year)} size={6} />
                <datalist id="p-years">
                  {years.map((y) => (
                    <option key={y} value={y} />
                  ))}
                </datalist>
              </div>
              <div>
                <label htmlFor="p-q" className="label">
                  {t.dashboard.periodQuarter}
                </label>
                <select id="p-q" name="q" defaultValue={String(p.quarter)}>
                  {[1, 2, 3, 4].map((q) => (
                    <option key={q} value={q}>
                      {q}
                    </option>
                  ))}
                </select>
              </div>
              <div>
                <label htmlFor="p-m" className="label">
                  {t.dashboard.periodMonth}
                </label>
                <select id="p-m" name="m" defaultValue={String(p.month)}>
                  {Array.from({ length: 12 }, (_, i) => i + 1).map((m) => (
                    <option key={m} value={m}>
                      {m}
                    </option>
                  ))}
                </select>
              </div>
              <div>
                <label htmlFor="p-from" className="label">
                  {t.dashboard.periodFrom}
                </label>
                <input id="p-from" name="from" defaultValue={p.from} size={11} />
              </div>
              <div>
                <label htmlFor="p-to" className="label">
                  {t.dashboard.periodTo}
                </label>
                <input id="p-to" name="to" defaultValue={p.to} size={11} />
              </div>
            </div>
            <button type="submit" className="secondary">
              {t.dashboard.show}
            </button>
          </form>
        </details>
        {children}
      </main>
    </>
  );
}
