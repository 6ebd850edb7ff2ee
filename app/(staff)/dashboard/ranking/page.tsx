import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { hasMergeInto } from "@/db/queries/agencies";
import { agencyOverview, bandFor, type FigureView } from "@/lib/metrics/figures";
import { DashboardChrome } from "../dashboard-chrome";
import { agencyName, dashboardContext, type Search } from "../dashboard-context";
import { formatters } from "../figure-format";
import { DataTable } from "@/app/components/data-table";
import { fill } from "@/lib/i18n";
import type { SatisfactionFigures } from "@/lib/metrics/satisfaction";
import { MeanOfN } from "../mean-of-n";
import { DrillFigure } from "../drill-figure";
import { FigureViewChoice } from "@/app/components/figure-view-choice";
import { drillLink } from "@/lib/metrics/drill";

export const metadata: Metadata = { title: "Xếp hạng đơn vị" };

export default async function RankingPage({ searchParams }: { searchParams: Search }) {
  const ctx = await dashboardContext(searchParams, "/dashboard/ranking");
  const { t, locale, db, agency, period, settings } = ctx;
  // Ranked as recorded, or among today's units with their predecessors' counts (decision 021).
  const restatableRead = hasMergeInto(db, { path: agency.path });
  const view: FigureView = ctx.view === "restated" && (await restatableRead) ? "restated" : "recorded";
  const [overview, restatable] = await Promise.all([agencyOverview(db, { agencyId: agency.id, scopePath: ctx.scopePath, period, settings, view }), restatableRead]);
  if (!overview) notFound();
  const f = formatters(locale, t);
  const link = (id: number) => `/dashboard/ranking?agency=${id}&period=${encodeURIComponent(period.key)}`;
  const drill = (c: SatisfactionFigures) => (
    // Restated figures pool several units' answers: the comments page reads one unit's.
    <DrillFigure href={view === "recorded" ? drillLink({ agencyId: c.agencyId, period: period.key }) : null} what={agencyName(c, locale)} t={t}>
      {f.pct(c.meanOfElements)}
    </DrillFigure>
  );
  const name = (c: SatisfactionFigures) => (
    <>
      <Link href={link(c.agencyId)}>{agencyName(c, locale)}</Link>
      <MeanOfN figures={c} t={t} />
    </>
  );

  return (
    <DashboardChrome ctx={ctx} tab="ranking" path="/dashboard/ranking">
      {restatable && <FigureViewChoice view={view} url={`/dashboard/ranking?${ctx.query}`} t={t} />}
      {overview.peers.length === 0 ? (
        <p>{t.dashboard.noChildren}</p>
      ) : (
        <>
          {overview.peers.map((g) => {
            const key = `${g.tier}:${g.kind}`;
            const group = t.peers.groups[key] ?? key;
            const title = fill(t.peers.groupTitle, { group: group.charAt(0).toUpperCase() + group.slice(1), n: g.size });
            const { ranked, apart } = g.ranking;
            return (
              <section key={key} aria-labelledby={`peers-${key}`} data-testid="peer-group" data-peers={key}>
                <h2 id={`peers-${key}`}>{title}</h2>
                {ranked.length > 0 && (
                  <DataTable
                    caption={t.dashboard.rankedTitle}
                    columns={[t.dashboard.agency, { label: t.dashboard.rank, numeric: true }, { label: t.dashboard.meanOfFive, numeric: true }, ...(settings.bands.length > 0 ? [t.dashboard.band] : []), { label: t.dashboard.responses, numeric: true }, { label: t.dashboard.sampleNeeded, numeric: true }]}
                    rows={ranked}
                    testId="ranked"
                    stack
                    row={({ figures: c, rank }) => (
                      <tr key={c.agencyId}>
                        <th scope="row">{name(c)}</th>
                        <td className="num" data-testid="rank">
                          {fill(t.peers.rankOf, { rank, of: ranked.length })}
                        </td>
                        <td className="num">{drill(c)}</td>
                        {settings.bands.length > 0 && <td>{f.band(bandFor(c.meanOfElements, settings.bands))}</td>}
                        <td className="num">{f.num(c.responses)}</td>
                        <td className="num">{f.num(c.sample.needed)}</td>
                      </tr>
                    )}
                  />
                )}
                {apart.length > 0 && (
                  <DataTable
                    caption={t.dashboard.apartTitle}
                    columns={[t.dashboard.agency, { label: t.dashboard.meanOfFive, numeric: true }, { label: t.dashboard.responses, numeric: true }, { label: t.dashboard.sampleNeeded, numeric: true }]}
                    rows={apart}
                    testId="apart"
                    stack
                    row={(c) => (
                      <tr key={c.agencyId}>
                        <th scope="row">{name(c)}</th>
                        <td className="num">
                          {drill(c)} <span className="badge warn">{t.dashboard.insufficient}</span>
                        </td>
                        <td className="num">{f.num(c.responses)}</td>
                        <td className="num">{f.num(c.sample.needed)}</td>
                      </tr>
                    )}
                  />
                )}
              </section>
            );
          })}
          <p className="small muted">{t.peers.rankNote}</p>
        </>
      )}
    </DashboardChrome>
  );
}

