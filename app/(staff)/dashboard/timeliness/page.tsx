import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { fill } from "@/lib/i18n";
import { DataTable } from "@/app/components/data-table";
import { ScrollRegion } from "@/app/components/scroll-region";
import { INDEX_ELEMENTS, type FigureCounts } from "@/db/queries/figures";
import { TIMELINESS } from "@/db/schema";
import { drillLink } from "@/lib/metrics/drill";
import { agencyOverview } from "@/lib/metrics/figures";
import { elementIndex, meanOfIndices } from "@/lib/metrics/formulas";
import { resultIndex, timelinessRows, timelinessTrend, timelinessView } from "@/lib/metrics/timeliness";
import { DashboardChrome } from "../dashboard-chrome";
import { agencyName, dashboardContext, type Search } from "../dashboard-context";
import { DrillFigure } from "../drill-figure";
import { formatters } from "../figure-format";
import { TimelinessSummary } from "../timeliness-summary";
import { monthYear, TrendChart, TrendLegend } from "../trend-chart";

export const metadata: Metadata = { title: "Hồ sơ đúng hạn" };

const meanOf = (c: FigureCounts) => meanOfIndices(INDEX_ELEMENTS.map((e) => elementIndex(c.elements[e].satisfied, c.elements[e].valid)));

export default async function TimelinessPage({ searchParams }: { searchParams: Search }) {
  const ctx = await dashboardContext(searchParams, "/dashboard/timeliness");
  const { t, locale, db, agency, period, settings } = ctx;
  const subtree = { path: agency.path, scopePath: ctx.scopePath, period };
  const [overview, rows, trend] = await Promise.all([
    agencyOverview(db, { agencyId: agency.id, scopePath: ctx.scopePath, period, settings }),
    timelinessRows(db, { ...subtree, includeUnverified: settings.includeUnverified }),
    timelinessTrend(db, subtree),
  ]);
  if (!overview) notFound();
  const view = timelinessView(overview, rows);
  const x = t.timeliness;
  const f = formatters(locale, t);
  const at = { agencyId: agency.id, period: period.key };
  const lastYear = trend.lastYear.some((p) => p.onTimeShare != null) ? trend.lastYear.map((p) => ({ month: p.month, value: p.onTimeShare })) : null;
  const groups = [
    { key: TIMELINESS.onTime, name: x.groups.onTime, counts: view.satisfaction.onTime },
    { key: TIMELINESS.late, name: x.groups.late, counts: view.satisfaction.late },
  ] as const;
  // The units by peer group (same tier and kind), each in rank order; units without a share last.
  const byPeers = new Map<string, typeof view.ranks>();
  for (const r of view.ranks) byPeers.set(r.peers, [...(byPeers.get(r.peers) ?? []), r]);
  const peerGroups = [...byPeers.entries()].map(([key, members]) => [key, members.sort((a, b) => (a.rank ?? 1e9) - (b.rank ?? 1e9))] as const);

  return (
    <DashboardChrome ctx={ctx} tab="timeliness" path="/dashboard/timeliness">
      <h2>{x.title}</h2>
      <TimelinessSummary overview={overview} view={view} t={t} locale={locale} />

      <h3>{x.satisfactionTitle}</h3>
      <p className="small muted">{x.satisfactionNote}</p>
      <DataTable
        caption={x.satisfactionTitle}
        columns={[
          x.groupCol,
          { label: t.dashboard.responses, numeric: true },
          { label: t.elements.result, numeric: true },
          { label: t.dashboard.meanOfFive, numeric: true },
          ...INDEX_ELEMENTS.filter((e) => e !== "result").map((e) => ({ label: t.elements[e], numeric: true })),
        ]}
        rows={groups}
        testId="timeliness-satisfaction"
        stack
        row={(g) => (
          <tr key={g.key}>
            <th scope="row">
              {g.counts.responses > 0 ? (
                <DrillFigure href={drillLink({ ...at, timeliness: g.key })} t={t}>
                  {g.name}
                </DrillFigure>
              ) : (
                g.name
              )}
            </th>
            <td className="num">{f.num(g.counts.responses)}</td>
            <td className="num" data-testid={`s4-${g.key === TIMELINESS.late ? "late" : "on-time"}`}>
              {f.pct(resultIndex(g.counts))}
            </td>
            <td className="num">{f.pct(meanOf(g.counts))}</td>
            {INDEX_ELEMENTS.filter((e) => e !== "result").map((e) => (
              <td key={e} className="num">
                {f.pct(elementIndex(g.counts.elements[e].satisfied, g.counts.elements[e].valid))}
              </td>
            ))}
          </tr>
        )}
      />

      <figure className="chart-box chart-box-large">
        <figcaption>
          <strong>{x.trendTitle}</strong>
        </figcaption>
        <ScrollRegion label={x.trendChart}>
          <TrendChart
            current={trend.trend.map((p) => ({ month: p.month, value: p.onTimeShare }))}
            lastYear={lastYear}
            target={null}
            title={x.trendChart}
            id="chart-timeliness"
            t={t}
            locale={locale}
          />
        </ScrollRegion>
        <TrendLegend withLastYear={lastYear != null} target={null} t={t} locale={locale} />
      </figure>
      <DataTable
        caption={x.trendTitle}
        columns={[t.dashboard.month, { label: x.share, numeric: true }, { label: x.late, numeric: true }, ...(lastYear ? [{ label: t.peers.trend.lastYear, numeric: true }] : [])]}
        rows={trend.trend}
        testId="timeliness-trend"
        stack
        row={(p, i) => (
          <tr key={p.month}>
            <th scope="row">{monthYear(p.month)}</th>
            <td className="num">{f.pct(p.onTimeShare)}</td>
            <td className="num">{f.num(p.late)}</td>
            {lastYear && <td className="num">{f.pct(trend.lastYear[i]?.onTimeShare ?? null)}</td>}
          </tr>
        )}
      />

      {peerGroups.length > 0 && (
        <>
          <h3>{x.unitsTitle}</h3>
          <p className="small muted">{x.rankNote}</p>
          {peerGroups.map(([key, members]) => {
            const group = t.peers.groups[key] ?? key;
            const title = fill(t.peers.groupTitle, { group: group.charAt(0).toUpperCase() + group.slice(1), n: members.length });
            return (
              <section key={key} aria-labelledby={`timeliness-peers-${key}`} data-testid="timeliness-peer-group" data-peers={key}>
                <h4 id={`timeliness-peers-${key}`}>{title}</h4>
                <DataTable
                  caption={`${x.unitsTitle}: ${group}`}
                  columns={[
                    t.dashboard.agency,
                    { label: x.rank, numeric: true },
                    { label: x.share, numeric: true },
                    { label: x.completed, numeric: true },
                    { label: x.late, numeric: true },
                    { label: x.s4Late, numeric: true },
                    { label: x.s4OnTime, numeric: true },
                  ]}
                  rows={members}
                  testId="timeliness-units"
                  stack
                  row={({ item: c, rank, of }) => {
                    const sat = view.childSatisfaction.get(c.agencyId);
                    return (
                      <tr key={c.agencyId}>
                        <th scope="row">
                          <a href={`/dashboard/timeliness?agency=${c.agencyId}&period=${encodeURIComponent(period.key)}`}>{agencyName(c, locale)}</a>
                        </th>
                        <td className="num" data-testid="timeliness-rank">
                          {rank != null ? fill(t.peers.rankOf, { rank, of }) : "—"}
                        </td>
                        <td className="num">{f.pct(c.timeliness.onTimeShare)}</td>
                        <td className="num">{f.num(c.completedDossiers)}</td>
                        <td className="num">{f.num(c.timeliness.late)}</td>
                        <td className="num">{sat ? f.pct(resultIndex(sat.late)) : t.dashboard.noData}</td>
                        <td className="num">{sat ? f.pct(resultIndex(sat.onTime)) : t.dashboard.noData}</td>
                      </tr>
                    );
                  }}
                />
              </section>
            );
          })}
        </>
      )}
      <p className="small muted">{x.method}</p>
    </DashboardChrome>
  );
}
