import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { fill } from "@/lib/i18n";
import { caseFiguresOverview } from "@/lib/metrics/case-figures";
import { agencyOverview } from "@/lib/metrics/figures";
import { periodLabel } from "@/app/components/period-label";
import { CaseFiguresCards } from "./case-figures-view";
import { DashboardChrome } from "./dashboard-chrome";
import { agencyName, dashboardContext, type Search } from "./dashboard-context";
import { ElementsTable } from "./elements-table";
import { formatters } from "./figure-format";

export const metadata: Metadata = { title: "Tỷ lệ hài lòng" };

export default async function DashboardPage({ searchParams }: { searchParams: Search }) {
  const ctx = await dashboardContext(searchParams, "/dashboard");
  const { t, locale, db, agency, staff, period, settings } = ctx;
  const [overview, cases] = await Promise.all([
    agencyOverview(db, { agencyId: agency.id, scopePath: staff.scopePath, period, settings }),
    caseFiguresOverview(db, { agencyId: agency.id, scopePath: staff.scopePath, period }),
  ]);
  if (!overview || !cases) notFound();
  const { agency: figures, previous, change, children, siblingRank } = overview;
  const f = formatters(locale, t);
  const band = f.band(overview.band);

  return (
    <DashboardChrome ctx={ctx} tab="overview" path="/dashboard">
      <p className="muted small">{t.dashboard.methodLabel}</p>
      <section className="cards" aria-label={t.dashboard.methodLabel}>
        <div className="card" data-testid="headline">
          <div className="small">{t.dashboard.meanOfFive}</div>
          <div className="value" data-testid="mean-of-five">
            {f.pct(figures.meanOfElements)}
          </div>
          {!figures.sample.sufficient && figures.responses > 0 && <span className="badge warn">{t.dashboard.insufficient}</span>}{" "}
          {band && (
            <span className="badge ok" data-testid="band">
              {t.dashboard.band}: {band}
            </span>
          )}
          <div className="small muted">
            {t.dashboard.change}: <span data-testid="change">{f.points(change.meanOfElements)}</span> ({t.dashboard.previous}: {f.pct(previous.meanOfElements)})
          </div>
          {siblingRank && (
            <div className="small" data-testid="sibling-rank">
              {siblingRank.rank != null
                ? fill(t.dashboard.rankAmongSiblings, { rank: siblingRank.rank, of: siblingRank.of })
                : fill(t.dashboard.rankInsufficient, { of: siblingRank.of })}
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
      <div className="table-wrap">
        <ElementsTable elements={figures.elements} change={change} t={t} f={f} testId="elements" />
      </div>
      <p className="small muted">
        {t.dashboard.previous}: {periodLabel(overview.previousPeriod, t)}
      </p>

      <h2>{t.dashboard.coverageTitle}</h2>
      <div className="table-wrap">
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
      </div>

      <CaseFiguresCards overview={cases} t={t} f={f} detailsHref={`/dashboard/case-figures?${ctx.query}`} />

      {children.length > 0 && (
        <>
          <h2>{t.dashboard.childrenTitle}</h2>
          <div className="table-wrap">
            <table data-testid="children">
              <thead>
                <tr>
                  <th scope="col">{t.dashboard.agency}</th>
                  <th scope="col" className="num">
                    {t.dashboard.meanOfFive}
                  </th>
                  {figures.elements.map((e) => (
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
                      {f.pct(c.meanOfElements)} {!c.sample.sufficient && c.responses > 0 && <span className="badge warn">{t.dashboard.insufficient}</span>}
                    </td>
                    {c.elements.map((e) => (
                      <td key={e.element} className="num">
                        {f.pct(e.index)}
                      </td>
                    ))}
                    <td className="num">{f.num(c.responses)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      <ExportLinks query={ctx.query} t={t} />
      <p className="small muted">{t.dashboard.pooledNote}</p>
      <p className="small muted">{t.dashboard.howComputed}</p>
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
