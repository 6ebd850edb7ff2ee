import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { expectationCounts } from "@/db/queries/figure-details";
import { StaffHeader } from "@/app/components/staff-header";
import { fill } from "@/lib/i18n";
import { caseFiguresOverview } from "@/lib/metrics/case-figures";
import { agencyOverview } from "@/lib/metrics/figures";
import { formatPoints } from "@/lib/metrics/formulas";
import { vietnamDate } from "@/lib/metrics/satisfaction";
import { periodLabel } from "@/app/components/period-label";
import { formatDay } from "@/lib/time/vietnam";
import { CaseFiguresTable } from "../dashboard/case-figures-view";
import { agencyName, dashboardContext, type Search } from "../dashboard/dashboard-context";
import { ElementsTable } from "../dashboard/elements-table";
import { ExpectationsTable } from "../dashboard/expectations-table";
import { formatters } from "../dashboard/figure-format";
import { PrintButton } from "./print-button";
import { now as clockNow } from "@/lib/time/clock";

export const metadata: Metadata = { title: "Báo cáo kết quả khảo sát sự hài lòng" };

/** A printable A4 report in the words leaders use, with the tables behind the sentence. */
export default async function ReportPage({ searchParams }: { searchParams: Search }) {
  const ctx = await dashboardContext(searchParams, "/reports");
  const { t, locale, db, agency, staff, period, settings } = ctx;
  const [overview, cases, expectations] = await Promise.all([
    agencyOverview(db, { agencyId: agency.id, scopePath: staff.scopePath, period, settings }),
    caseFiguresOverview(db, { agencyId: agency.id, scopePath: staff.scopePath, period }),
    expectationCounts(db, { path: agency.path, scopePath: staff.scopePath, from: period.from, to: period.to, includeUnverified: settings.includeUnverified }),
  ]);
  if (!overview || !cases) notFound();
  const f = formatters(locale, t);
  const { agency: figures, change, previous, siblingRank, ranking } = overview;
  const r = t.report;
  const label = periodLabel(period, t);
  const previousLabel = periodLabel(overview.previousPeriod, t);

  let sentence = fill(r.headline, { value: f.pct(figures.meanOfElements) });
  if (siblingRank && siblingRank.rank != null) sentence += fill(r.rank, { rank: siblingRank.rank, of: siblingRank.of });
  if (change.meanOfElements == null) sentence += r.noPrevious;
  else {
    const magnitude = formatPoints(Math.abs(change.meanOfElements), locale).replace(/^\+/, "");
    const rounded = Number(change.meanOfElements.toFixed(2));
    sentence += fill(rounded > 0 ? r.changeUp : rounded < 0 ? r.changeDown : r.changeSame, { points: magnitude, previous: `${previousLabel}: ${f.pct(previous.meanOfElements)}` });
  }
  sentence += ".";
  const c = cases.agency;
  const caseSentence =
    c.opened === 0
      ? fill(t.caseFigures.reportNone, { date: formatDay(cases.today), overdue: f.num(c.overdueNow) })
      : fill(t.caseFigures.reportSentence, {
          opened: f.num(c.opened),
          replied: f.num(c.replied),
          onTime: f.num(c.repliedOnTime),
          share: f.pct(c.onTimeShare),
          median: c.medianWorkingDays == null ? f.days(null) : fill(t.caseFigures.workingDays, { n: f.days(c.medianWorkingDays) }),
          date: formatDay(cases.today),
          overdue: f.num(c.overdueNow),
        });
  const rankOf = new Map(ranking.ranked.map((x) => [x.figures.agencyId, `${x.rank}/${ranking.ranked.length}`]));

  return (
    <>
      <div className="no-print">
        <StaffHeader staff={staff} t={t} locale={locale} path={`/reports?${ctx.query}`} />
      </div>
      <main id="main" className="report">
        <p className="no-print">
          <Link href={`/dashboard?${ctx.query}`}>{r.back}</Link> <PrintButton label={r.print} />
        </p>
        <header>
          <h1>{r.title}</h1>
          <p>
            <strong>{r.agency}:</strong> {agencyName(agency, locale)}
            <br />
            <strong>{r.period}:</strong> {label}
            <br />
            <span className="small muted">{fill(r.generated, { date: vietnamDate(clockNow()) })}</span>
          </p>
        </header>
        <p className="muted small">{t.dashboard.methodLabel}</p>
        <p>{fill(r.summary, { period: label, agency: agencyName(agency, locale), responses: f.num(figures.responses), dossiers: f.num(figures.completedDossiers) })}</p>
        <p className="report-headline" data-testid="report-headline">
          {sentence}
        </p>
        <p>
          {fill(figures.sample.sufficient ? r.sufficient : r.insufficient, { responses: f.num(figures.responses), needed: f.num(figures.sample.needed) })}{" "}
          {t.dashboard.overallQuestion}: {f.pct(figures.overallQuestion.index)}.
          {figures.meanOfChildren && ` ${t.dashboard.childrenMean}: ${f.pct(figures.meanOfChildren.value)}.`}
        </p>

        <h2>{r.elementsTitle}</h2>
        <ElementsTable
          elements={figures.elements}
          change={change}
          t={t}
          f={f}
          testId="report-elements"
          footer={
            <tr>
              <th scope="row">{t.dashboard.meanOfFive}</th>
              <td className="num">{f.pct(figures.meanOfElements)}</td>
              <td className="num">{f.points(change.meanOfElements)}</td>
              <td colSpan={6} />
            </tr>
          }
        />

        {overview.children.length > 0 && (
          <>
            <h2>{r.childrenTitle}</h2>
            <table data-testid="report-children">
              <thead>
                <tr>
                  <th scope="col">{t.dashboard.agency}</th>
                  <th scope="col" className="num">
                    {t.dashboard.meanOfFive}
                  </th>
                  <th scope="col" className="num">
                    {t.dashboard.rank}
                  </th>
                  <th scope="col" className="num">
                    {t.dashboard.responses}
                  </th>
                  <th scope="col" className="num">
                    {t.dashboard.sampleNeeded}
                  </th>
                </tr>
              </thead>
              <tbody>
                {overview.children.map((c) => (
                  <tr key={c.agencyId}>
                    <th scope="row">{agencyName(c, locale)}</th>
                    <td className="num">{f.pct(c.meanOfElements)}</td>
                    <td className="num">{rankOf.get(c.agencyId) ?? t.dashboard.insufficient}</td>
                    <td className="num">{f.num(c.responses)}</td>
                    <td className="num">{f.num(c.sample.needed)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}

        <h2>{t.caseFigures.title}</h2>
        <p data-testid="report-cases">{caseSentence}</p>
        <CaseFiguresTable rows={[c, ...cases.children]} t={t} f={f} locale={locale} testId="report-case-figures" links={false} />
        <p className="small muted">{t.caseFigures.note}</p>

        {expectations.respondents > 0 && (
          <>
            <h2>{r.expectationsTitle}</h2>
            <ExpectationsTable counts={expectations} t={t} f={f} locale={locale} />
          </>
        )}
        <p className="small muted">{r.method}</p>
      </main>
    </>
  );
}
