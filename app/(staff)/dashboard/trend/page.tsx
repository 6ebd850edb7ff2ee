import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { INDEX_ELEMENTS, type IndexElement } from "@/db/queries/figures";
import { targetFor } from "@/db/queries/targets";
import { fill } from "@/lib/i18n";
import { monthlyTrend, type TrendPoint } from "@/lib/metrics/figures";
import { samePeriodLastYear } from "@/lib/metrics/periods";
import { currentReportingYear } from "@/lib/metrics/satisfaction";
import { DataTable } from "@/app/components/data-table";
import { ScrollRegion } from "@/app/components/scroll-region";
import { DashboardChrome } from "../dashboard-chrome";
import { dashboardContext, type Search } from "../dashboard-context";
import { formatters } from "../figure-format";
import { monthYear, TrendChart, TrendLegend, trendBreaks } from "../trend-chart";
import { FigureViewChoice, withView } from "@/app/components/figure-view-choice";
import { structureBreaks } from "@/db/queries/reorganisations";
import { mergedPredecessorPaths } from "@/db/queries/agencies";

export const metadata: Metadata = { title: "Diễn biến 12 tháng" };

const SHOWN = ["mean", ...INDEX_ELEMENTS] as const;
type Shown = (typeof SHOWN)[number];
const first = (v: unknown) => (Array.isArray(v) ? v[0] : v);
const elementSchema = z.object({
  element: z.preprocess(first, z.enum(SHOWN).catch("mean").default("mean")),
});

const valueOf = (p: TrendPoint, shown: Shown) => (shown === "mean" ? p.meanOfElements : p.elements[shown as IndexElement].index);

export default async function TrendPage({ searchParams }: { searchParams: Search }) {
  const ctx = await dashboardContext(searchParams, "/dashboard/trend");
  const { t, locale, db, agency, period, settings } = ctx;
  const { element } = elementSchema.parse(await searchParams);
  // Restating means something only for a unit that merged others into it.
  const predecessors = await mergedPredecessorPaths(db, { path: agency.path });
  const view = predecessors.length > 0 ? ctx.view : "recorded";
  const restatedFrom = view === "restated" ? predecessors : undefined;
  const [trend, before, target, breaks] = await Promise.all([
    monthlyTrend(db, { agencyId: agency.id, scopePath: ctx.scopePath, period, includeUnverified: settings.includeUnverified, restatedFrom }),
    monthlyTrend(db, { agencyId: agency.id, scopePath: ctx.scopePath, period: samePeriodLastYear(period), includeUnverified: settings.includeUnverified, restatedFrom }),
    // The target is the headline's: drawn on the headline's chart only.
    element === "mean" ? targetFor(db, { path: agency.path, reportingYear: currentReportingYear(period.from).endYear }) : Promise.resolve(null),
    structureBreaks(db, { path: agency.path, from: period.from, to: period.to }),
  ]);
  if (!trend) notFound();
  const f = formatters(locale, t);
  const nameOf = (shown: Shown) => (shown === "mean" ? t.dashboard.meanOfFive : t.elements[shown]);
  const marks = trendBreaks(breaks, t);
  const current = trend.map((p) => ({ month: p.month, value: valueOf(p, element) }));
  const lastYear = before && before.length === trend.length && before.some((p) => valueOf(p, element) != null) ? before.map((p) => ({ month: p.month, value: valueOf(p, element) })) : null;

  return (
    <DashboardChrome ctx={ctx} tab="trend" path="/dashboard/trend">
      <p>{t.dashboard.trendIntro}</p>
      {predecessors.length > 0 && <FigureViewChoice view={view} url={`/dashboard/trend?${ctx.query}&element=${element}`} t={t} />}
      <nav aria-label={t.peers.trend.choose} className="trend-choice">
        <ul>
          {SHOWN.map((s) => (
            <li key={s}>
              <Link href={withView(`/dashboard/trend?${ctx.query}&element=${s}`, view)} aria-current={s === element ? "page" : undefined}>
                {nameOf(s)}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <figure className="chart-box chart-box-large">
        <figcaption>
          <strong>{nameOf(element)}</strong>
        </figcaption>
        <ScrollRegion label={fill(t.dashboard.trendChart, { element: nameOf(element) })}>
          <TrendChart current={current} lastYear={lastYear} target={target?.value ?? null} breaks={marks} title={fill(t.dashboard.trendChart, { element: nameOf(element) })} id="chart-trend" t={t} locale={locale} />
        </ScrollRegion>
        <TrendLegend withLastYear={lastYear != null} target={target?.value ?? null} breaks={marks} t={t} locale={locale} />
      </figure>
      <DataTable
        caption={t.peers.trend.tableTitle}
        columns={[
          t.dashboard.month,
          { label: t.dashboard.responses, numeric: true },
          { label: nameOf(element), numeric: true },
          ...(lastYear ? [{ label: t.peers.trend.lastYear, numeric: true }] : []),
          ...SHOWN.filter((s) => s !== element).map((s) => ({ label: nameOf(s), numeric: true })),
        ]}
        rows={trend}
        testId="trend"
        row={(p, i) => (
          <tr key={p.month}>
            <th scope="row">{monthYear(p.month)}</th>
            <td className="num">{f.num(p.responses)}</td>
            <td className="num">{f.pct(valueOf(p, element))}</td>
            {lastYear && <td className="num">{f.pct(lastYear[i]!.value)}</td>}
            {SHOWN.filter((s) => s !== element).map((s) => (
              <td key={s} className="num">
                {f.pct(valueOf(p, s))}
              </td>
            ))}
          </tr>
        )}
      />
    </DashboardChrome>
  );
}
