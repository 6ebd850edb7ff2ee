import type { Metadata } from "next";
import { ScrollRegion } from "@/app/components/scroll-region";
import Link from "next/link";
import { notFound } from "next/navigation";
import { fill } from "@/lib/i18n";
import { caseFiguresOverview } from "@/lib/metrics/case-figures";
import { drillLink } from "@/lib/metrics/drill";
import { hasMergeInto } from "@/db/queries/agencies";
import { agencyOverview, type FigureView } from "@/lib/metrics/figures";
import { resultIndex, timelinessRows, timelinessView } from "@/lib/metrics/timeliness";
import { bandCounts } from "@/lib/metrics/peers";
import { currentReportingYear } from "@/lib/metrics/satisfaction";
import { periodLabel } from "@/app/components/period-label";
import { CaseFiguresCards } from "./case-figures-view";
import { DashboardChrome } from "./dashboard-chrome";
import { agencyName, dashboardContext, type Search } from "./dashboard-context";
import { DrillFigure } from "./drill-figure";
import { ElementsTable } from "./elements-table";
import { formatters } from "./figure-format";
import { ChangeMark } from "./change-mark";
import { headlineSentence, peersLabel } from "./headline";
import { MeanOfN } from "./mean-of-n";
import { FigureViewChoice } from "@/app/components/figure-view-choice";

export const metadata: Metadata = { title: "Tỷ lệ hài lòng" };

export default async function DashboardPage({ searchParams }: { searchParams: Search }) {
  const ctx = await dashboardContext(searchParams, "/dashboard");
  const { t, locale, db, agency, period, settings } = ctx;
  // A unit that others were merged into reads its past as recorded or restated (decision 021);
  // whether it may is read beside the figures, unless the restated reading is asked for.
  const restatableRead = hasMergeInto(db, { path: agency.path });
  const view: FigureView = ctx.view === "restated" && (await restatableRead) ? "restated" : "recorded";
  // Restated figures pool several units' answers: the comments page reads one unit's, so no drill-down.
  const drillable = view === "recorded";
  const [overview, cases, lateness, restatable] = await Promise.all([
    agencyOverview(db, { agencyId: agency.id, scopePath: ctx.scopePath, period, settings, view }),
    caseFiguresOverview(db, { agencyId: agency.id, scopePath: ctx.scopePath, period }),
    timelinessRows(db, { path: agency.path, scopePath: ctx.scopePath, period, includeUnverified: settings.includeUnverified }),
    restatableRead,
  ]);
  if (!overview || !cases) notFound();
  const timeliness = timelinessView(overview, lateness);
  const { agency: figures, previous, change, children, peerRank } = overview;
  // What to act on first: the element with the lowest index, and the unit with the lowest
  // figure among those with a sufficient sample.
  const weakestElement = figures.elements.filter((e) => e.index != null).sort((a, b) => a.index! - b.index!)[0];
  const weakestUnit = children.filter((c) => c.sample.sufficient && c.meanOfElements != null).sort((a, b) => a.meanOfElements! - b.meanOfElements!)[0];
  const f = formatters(locale, t);
  const band = f.band(overview.band);
  // The units' table shows the headline and the responses; each element's column on request.
  const allColumns = (await searchParams).columns === "all";

  return (
    <DashboardChrome ctx={ctx} tab="overview" path="/dashboard">
      <p className="headline-sentence" data-testid="headline-sentence">
        {headlineSentence(overview, t, locale)}
      </p>
      {restatable && <FigureViewChoice view={view} url={`/dashboard?${ctx.query}`} t={t} />}
      <ul className="headline-links">
        {weakestElement && (
          <li data-testid="weakest-element">
            {t.peers.weakestElement}:{" "}
            <DrillFigure href={drillable ? drillLink({ agencyId: agency.id, period: period.key, element: weakestElement.element, rating: "low" }) : null} t={t}>
              {t.elements[weakestElement.element]} ({f.pct(weakestElement.index)})
            </DrillFigure>
          </li>
        )}
        {weakestUnit && (
          <li data-testid="weakest-unit">
            {t.peers.weakestUnit}: <Link href={`/dashboard?agency=${weakestUnit.agencyId}&period=${encodeURIComponent(period.key)}`}>{agencyName(weakestUnit, locale)}</Link> ({f.pct(weakestUnit.meanOfElements)})
          </li>
        )}
        {overview.agency.timeliness.onTime + overview.agency.timeliness.late > 0 && (
          <li data-testid="timeliness-line">
            <Link href={`/dashboard/timeliness?${ctx.query}`}>
              {fill(t.timeliness.overviewLine, { value: f.pct(overview.agency.timeliness.onTimeShare), late: f.num(overview.agency.timeliness.late) })}
            </Link>
            {timeliness.satisfaction.late.elements.result.valid > 0 && (
              <>
                {". "}
                {fill(t.timeliness.overviewGap, {
                  late: f.pct(resultIndex(timeliness.satisfaction.late)),
                  onTime: f.pct(resultIndex(timeliness.satisfaction.onTime)),
                })}
              </>
            )}
          </li>
        )}
      </ul>
      {overview.tiers.length > 1 && (
        <section aria-labelledby="tiers-title">
          <h2 id="tiers-title" className="small">
            {t.peers.tierSubtotalsTitle}
          </h2>
          <ul className="tier-subtotals" data-testid="tier-subtotals">
            {overview.tiers.map((s) => (
              <li key={s.tier} data-tier={s.tier}>
                {fill(t.peers.tierSubtotal, { tier: t.peers.tiers[s.tier] ?? s.tier, dossiers: f.num(s.completedDossiers), responses: f.num(s.responses), agencies: f.num(s.agencies) })}
              </li>
            ))}
          </ul>
        </section>
      )}
      {settings.bands.length > 0 && overview.peers.length > 0 && (
        <section aria-labelledby="bands-summary-title">
          <h2 id="bands-summary-title" className="small">
            {t.peers.bandsTitle}
          </h2>
          <ul className="tier-subtotals" data-testid="band-summary">
            {overview.peers.map((g) => {
              const counted = bandCounts(g, settings.bands);
              const parts = [
                ...counted.bands.map((b) => fill(t.peers.bandCount, { count: f.num(b.count), of: f.num(counted.of), band: locale === "en" && b.labelEn ? b.labelEn : b.label })),
                ...(counted.below > 0 ? [fill(t.peers.belowBands, { count: f.num(counted.below), of: f.num(counted.of) })] : []),
                ...(counted.unclassified > 0 ? [fill(t.peers.unclassified, { count: f.num(counted.unclassified), of: f.num(counted.of) })] : []),
              ];
              const group = peersLabel(g, t);
              return (
                <li key={`${g.tier}:${g.kind}`}>
                  {group.charAt(0).toUpperCase() + group.slice(1)}: {parts.join(", ")}
                </li>
              );
            })}
          </ul>
          <p className="small muted">{t.peers.bandsLocal}</p>
        </section>
      )}
      <p className="muted small">{t.dashboard.methodLabel}</p>
      <section className="cards" aria-label={t.dashboard.methodLabel}>
        <div className="card" data-testid="headline">
          <div className="small">
            {t.dashboard.meanOfFive}
            <MeanOfN figures={figures} t={t} />
          </div>
          <div className="value" data-testid="mean-of-five">
            {f.pct(figures.meanOfElements)}
          </div>
          {!figures.sample.sufficient && figures.responses > 0 && <span className="badge warn">{t.dashboard.insufficient}</span>}{" "}
          {band && (
            <span className="badge ok" data-testid="band">
              {t.dashboard.band}: {band}
            </span>
          )}
          <div className="small">
            <ChangeMark points={change.meanOfElements} t={t} locale={locale} testId="change" /> {t.peers.againstPrevious}{" "}
            <span className="muted">
              ({periodLabel(overview.previousPeriod, t)}: {f.pct(previous.meanOfElements)})
            </span>
          </div>
          <div className="small" data-testid="change-last-year">
            {t.publication.changeLastYear}: <ChangeMark points={overview.lastYearChange.meanOfElements} t={t} locale={locale} />{" "}
            <span className="muted">
              ({periodLabel(overview.lastYearPeriod, t)}: {f.pct(overview.lastYear.meanOfElements)})
            </span>
          </div>
          <div className="small" data-testid="target">
            {overview.target ? (
              <>
                {fill(t.peers.target, { year: overview.target.reportingYear, value: f.pct(overview.target.value) })}
                {overview.target.agencyId !== agency.id && <> {fill(t.peers.targetOf, { agency: overview.target.agencyName })}</>}
                {overview.target.gap != null && (
                  <>
                    {" · "}
                    <span className={overview.target.gap >= 0 ? "change change-up" : "change change-down"} data-testid="target-gap">
                      {overview.target.gap >= 0 ? `✓ ${t.peers.targetMet}` : `✗ ${fill(t.peers.targetMissed, { points: f.points(-overview.target.gap).replace(/^\+/, "") })}`}
                    </span>
                  </>
                )}
              </>
            ) : (
              <span className="muted">{fill(t.peers.noTarget, { year: currentReportingYear(period.from).endYear })}</span>
            )}
          </div>
          {peerRank && (
            <div className="small" data-testid="sibling-rank">
              {peerRank.rank != null
                ? fill(t.peers.rank, { rank: peerRank.rank, of: peerRank.of, peers: peersLabel(peerRank, t) })
                : fill(t.peers.rankInsufficient, { of: peerRank.of, peers: peersLabel(peerRank, t) })}
            </div>
          )}
        </div>
        <div className="card">
          <div className="small">{t.dashboard.overallQuestion}</div>
          <div className="value" data-testid="overall-question">
            {f.pct(figures.overallQuestion.index)}
          </div>
          <div className="small muted">
            {t.dashboard.change}: {f.points(change.overallQuestion)}
          </div>
        </div>
        <div className="card">
          <div className="small">{t.dashboard.responses}</div>
          <div className="value" data-testid="responses">
            {f.num(figures.responses)}
          </div>
          <div className="small muted">
            {t.dashboard.completedDossiers}: {f.num(figures.completedDossiers)} · {t.dashboard.sampleNeeded}: {f.num(figures.sample.needed)} ·{" "}
            {figures.sample.sufficient ? t.dashboard.sufficient : t.dashboard.insufficient}
          </div>
        </div>
        {figures.meanOfChildren && (
          <div className="card">
            <div className="small">{t.dashboard.childrenMean}</div>
            <div className="value" data-testid="children-mean">
              {f.pct(figures.meanOfChildren.value)}
            </div>
          </div>
        )}
      </section>

      <h2>{t.dashboard.element}</h2>
      <ScrollRegion>
        <ElementsTable elements={figures.elements} change={change} changeLastYear={overview.lastYearChange} t={t} f={f} testId="elements"
          drill={drillable ? (element, rating) => drillLink({ agencyId: agency.id, period: period.key, element, rating }) : undefined}
        />
      </ScrollRegion>
      <p className="small muted no-print">{t.drill.elementsNote}</p>
      <p className="small muted">
        {t.dashboard.previous}: {periodLabel(overview.previousPeriod, t)} · {t.publication.lastYear}: {periodLabel(overview.lastYearPeriod, t)}
      </p>

      <h2>{t.dashboard.coverageTitle}</h2>
      <ScrollRegion>
        <table data-testid="coverage">
          <tbody>
            <tr>
              <th scope="row">{t.dashboard.completedDossiers}</th>
              <td className="num">{f.num(figures.completedDossiers)}</td>
            </tr>
            <tr>
              <th scope="row">{t.dashboard.invitations}</th>
              <td className="num">
                {f.num(figures.invitations)} <span className="small muted">({t.dashboard.coverageInvited}: {f.ratio(figures.invitations, figures.completedDossiers)})</span>
              </td>
            </tr>
            <tr>
              <th scope="row">{t.dashboard.responses}</th>
              <td className="num">
                {f.num(figures.responses)} <span className="small muted">({t.dashboard.coverageAnswered}: {f.ratio(figures.responses, figures.invitations)})</span>
              </td>
            </tr>
          </tbody>
        </table>
      </ScrollRegion>

      <CaseFiguresCards overview={cases} t={t} f={f} detailsHref={`/dashboard/case-figures?${ctx.query}`} />

      {children.length > 0 && (
        <>
          <h2>{t.dashboard.childrenTitle}</h2>
          <p className="small no-print">
            <Link href={`/dashboard?${ctx.query}${allColumns ? "" : "&columns=all"}`} data-testid="children-columns">
              {allColumns ? t.peers.fewerColumns : t.peers.allColumns}
            </Link>
          </p>
          <ScrollRegion label={t.dashboard.childrenTitle}>
            <table data-testid="children">
              <thead>
                <tr>
                  <th scope="col">{t.dashboard.agency}</th>
                  <th scope="col" className="num">
                    {t.dashboard.meanOfFive}
                  </th>
                  {allColumns && figures.elements.map((e) => (
                    <th key={e.element} scope="col" className="num">
                      {t.elements[e.element]}
                    </th>
                  ))}
                  <th scope="col" className="num">
                    {t.dashboard.responses}
                  </th>
                </tr>
              </thead>
              <tbody>
                {children.map((c) => (
                  <tr key={c.agencyId}>
                    <th scope="row">
                      <Link href={`/dashboard?agency=${c.agencyId}&period=${encodeURIComponent(period.key)}`}>{agencyName(c, locale)}</Link>{" "}
                      <span className="small muted">({t.levels[c.level] ?? c.level})</span>
                    </th>
                    <td className="num">
                      <DrillFigure href={drillable ? drillLink({ agencyId: c.agencyId, period: period.key }) : null} what={agencyName(c, locale)} t={t}>
                        {f.pct(c.meanOfElements)}
                      </DrillFigure>{" "}
                      {!c.sample.sufficient && c.responses > 0 && <span className="badge warn">{t.dashboard.insufficient}</span>}
                      <MeanOfN figures={c} t={t} />
                    </td>
                    {allColumns && c.elements.map((e) => (
                      <td key={e.element} className="num">
                        {f.pct(e.index)}
                      </td>
                    ))}
                    <td className="num">{f.num(c.responses)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        </>
      )}
      <ExportLinks query={ctx.query} t={t} />
      <p className="small muted">{t.dashboard.pooledNote}</p>
      <p className="small muted">
        {t.dashboard.howComputed} <span data-testid="counted-note">{settings.includeUnverified ? t.peers.countedWithUnverified : t.peers.countedVerified}</span>
      </p>
    </DashboardChrome>
  );
}

function ExportLinks({ query, t }: { query: string; t: import("@/lib/i18n").Messages }) {
  return (
    <section className="no-print" aria-labelledby="export-title">
      <h2 id="export-title">{t.dashboard.exportTitle}</h2>
      <ul>
        {(["csv", "xlsx"] as const).map((format) => (
          <li key={`f-${format}`}>
            <a href={`/dashboard/export?${query}&data=figures&format=${format}`} download>
              {fill(t.dashboard.exportFigures, { format: format.toUpperCase() })}
            </a>
          </li>
        ))}
        {(["csv", "xlsx"] as const).map((format) => (
          <li key={`r-${format}`}>
            <a href={`/dashboard/export?${query}&data=responses&format=${format}`} download>
              {fill(t.dashboard.exportResponses, { format: format.toUpperCase() })}
            </a>
          </li>
        ))}
      </ul>
      <p className="small muted">{t.dashboard.exportNote}</p>
    </section>
  );
}
