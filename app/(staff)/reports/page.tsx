import { TimelinessSummary } from "@/app/(staff)/dashboard/timeliness-summary";
import { resultIndex, timelinessRows, timelinessView } from "@/lib/metrics/timeliness";
import type { Metadata } from "next";
import Link from "next/link";
import { peerPlaces } from "@/lib/metrics/peers";
import { headlineSentence } from "../dashboard/headline";
import { notFound } from "next/navigation";
import { expectationCounts } from "@/db/queries/figure-details";
import { StaffHeader } from "@/app/components/staff-header";
import { fill } from "@/lib/i18n";
import { caseFiguresOverview } from "@/lib/metrics/case-figures";
import { agencyOverview, monthlyTrend } from "@/lib/metrics/figures";
import { samePeriodLastYear } from "@/lib/metrics/periods";
import { TrendChart, TrendLegend, trendBreaks } from "../dashboard/trend-chart";
import { structureBreaks } from "@/db/queries/reorganisations";
import { ScrollRegion } from "@/app/components/scroll-region";
import { vietnamDate } from "@/lib/metrics/satisfaction";
import { periodLabel } from "@/app/components/period-label";
import { formatDay, isDay } from "@/lib/time/vietnam";
import { z } from "zod";
import { CaseFiguresTable } from "../dashboard/case-figures-view";
import { agencyName, dashboardContext, type Search } from "../dashboard/dashboard-context";
import { ElementsTable } from "../dashboard/elements-table";
import { ExpectationsTable } from "../dashboard/expectations-table";
import { formatters } from "../dashboard/figure-format";
import { PrintButton } from "./print-button";
import { now as clockNow } from "@/lib/time/clock";

export const metadata: Metadata = { title: "Báo cáo kết quả khảo sát sự hài lòng" };

// The report's number and date as the office gives them when it signs (optional, to print in).
const one = z.preprocess((v) => (Array.isArray(v) ? v[0] : v), z.string().trim().optional());
const fieldsSchema = z.object({
  number: one.transform((v) => v || undefined).pipe(z.string().max(30).regex(/^[\p{L}\p{N} ./-]+$/u).optional()),
  date: one.transform((v) => v || undefined).pipe(z.string().regex(/^\d{4}-\d{2}-\d{2}$/).refine(isDay).optional()),
});

/** A printable A4 report in the words leaders use, with the tables behind the sentence. */
export default async function ReportPage({ searchParams }: { searchParams: Search }) {
  const ctx = await dashboardContext(searchParams, "/reports", { frame: false });
  const { t, locale, db, agency, staff, period, settings } = ctx;
  const [overview, cases, expectations, trend, trendBefore, lateness, breaks] = await Promise.all([
    agencyOverview(db, { agencyId: agency.id, scopePath: ctx.scopePath, period, settings }),
    caseFiguresOverview(db, { agencyId: agency.id, scopePath: ctx.scopePath, period }),
    expectationCounts(db, { path: agency.path, scopePath: ctx.scopePath, from: period.from, to: period.to, includeUnverified: settings.includeUnverified }),
    monthlyTrend(db, { agencyId: agency.id, scopePath: ctx.scopePath, period, includeUnverified: settings.includeUnverified }),
    monthlyTrend(db, { agencyId: agency.id, scopePath: ctx.scopePath, period: samePeriodLastYear(period), includeUnverified: settings.includeUnverified }),
    timelinessRows(db, { path: agency.path, scopePath: ctx.scopePath, period, includeUnverified: settings.includeUnverified }),
    structureBreaks(db, { path: agency.path, from: period.from, to: period.to }),
  ]);
  if (!overview || !cases || !trend) notFound();
  const marks = trendBreaks(breaks, t);
  const timeliness = timelinessView(overview, lateness);
  const trendNow = trend.map((p) => ({ month: p.month, value: p.meanOfElements }));
  const trendLastYear = trendBefore && trendBefore.length === trend.length && trendBefore.some((p) => p.meanOfElements != null) ? trendBefore.map((p) => ({ month: p.month, value: p.meanOfElements })) : null;
  const f = formatters(locale, t);
  const { agency: figures, change } = overview;
  const s = t.peers.report;
  const raw = fieldsSchema.safeParse(await searchParams);
  const fields = raw.success ? raw.data : {};
  const fieldsInvalid = !raw.success;
  const r = t.report;
  const label = periodLabel(period, t);

  const sentence = headlineSentence(overview, t, locale);
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
  const places = peerPlaces(overview.peers);
  const rankOf = new Map([...places].map(([id, p]) => [id, `${p.rank}/${p.of}`]));
  const groupOrder = (c: { tier: string; kind: string }) => overview.peers.findIndex((g) => g.tier === c.tier && g.kind === c.kind);

  return (
    <>
      <div className="no-print">
        <StaffHeader staff={staff} t={t} locale={locale} path={`/reports?${ctx.query}`} />
      </div>
      {/* Page numbers in the page margin, by the browser's own print (CSS paged media). */}
      <style>{`@media print { @page { @bottom-center { content: "${s.page} " counter(page) "/" counter(pages); font-size: 10pt; } } }`}</style>
      <main id="main" className="report">
        <p className="no-print">
          <Link href={`/dashboard?${ctx.query}`}>{r.back}</Link> <PrintButton label={r.print} />
        </p>
        <form method="get" action="/reports" className="no-print report-fields" aria-label={s.fieldsTitle}>
          <input type="hidden" name="agency" value={agency.id} />
          <input type="hidden" name="period" value={period.key} />
          <div className="field">
            <label htmlFor="report-number">{s.number}</label>
            <input id="report-number" name="number" type="text" maxLength={30} defaultValue={fields.number ?? ""} className="short" />
          </div>
          <div className="field">
            <label htmlFor="report-date">{s.date}</label>
            <input id="report-date" name="date" type="date" defaultValue={fields.date ?? ""} />
          </div>
          <button type="submit">{s.apply}</button>
          {fieldsInvalid && (
            <p className="error-text" role="alert">
              {s.invalid}
            </p>
          )}
        </form>
        <header className="letterhead" data-testid="letterhead">
          <div className="letterhead-agency">
            <p className="letterhead-name">{agencyName(agency, locale).toLocaleUpperCase(locale)}</p>
            <p>{fill(s.numberLine, { number: fields.number ?? "……", code: agency.code })}</p>
          </div>
          <div className="letterhead-state">
            <p className="letterhead-nation">{s.nation}</p>
            <p className="letterhead-motto">{s.motto}</p>
            <p className="letterhead-date">
              <em>{fields.date ? fill(s.dateLine, { day: fields.date.slice(8, 10), month: fields.date.slice(5, 7), year: fields.date.slice(0, 4) }) : s.dateBlank}</em>
            </p>
          </div>
        </header>
        <h1 className="report-title">
          {s.kind}
          <br />
          <span>{r.title}</span>
        </h1>
        <p className="report-subtitle">
          <strong>{r.period}:</strong> {label} · <span className="small muted">{fill(r.generated, { date: vietnamDate(clockNow()) })}</span>
        </p>
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

        <figure className="chart-box" data-testid="report-trend">
          <figcaption>
            <strong>{fill(t.dashboard.trendChart, { element: t.dashboard.meanOfFive })}</strong>
          </figcaption>
          <ScrollRegion label={fill(t.dashboard.trendChart, { element: t.dashboard.meanOfFive })}>
          <TrendChart
            current={trendNow}
            lastYear={trendLastYear}
            target={overview.target?.value ?? null}
            breaks={marks}
            title={fill(t.dashboard.trendChart, { element: t.dashboard.meanOfFive })}
            id="report-trend"
            t={t}
            locale={locale}
          />
          </ScrollRegion>
          <TrendLegend withLastYear={trendLastYear != null} target={overview.target?.value ?? null} breaks={marks} t={t} locale={locale} />
        </figure>

        <h2>{r.elementsTitle}</h2>
        <ScrollRegion label={r.elementsTitle}>
          <ElementsTable
            elements={figures.elements}
            change={change}
            changeLastYear={overview.lastYearChange}
            t={t}
            f={f}
            testId="report-elements"
            footer={
              <tr>
                <th scope="row">{t.dashboard.meanOfFive}</th>
                <td className="num">{f.pct(figures.meanOfElements)}</td>
                <td className="num">{f.points(change.meanOfElements)}</td>
                <td className="num">{f.points(overview.lastYearChange.meanOfElements)}</td>
                <td colSpan={6} />
              </tr>
            }
          />
        </ScrollRegion>

        {overview.children.length > 0 && (
          <>
            <h2>{r.childrenTitle}</h2>
            <ScrollRegion label={r.childrenTitle}>
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
                  {/* Peers together (in the ranking's group order), each group in rank order. */}
                  {[...overview.children]
                    .sort(
                      (x, y) =>
                        groupOrder(x) - groupOrder(y) ||
                        (places.get(x.agencyId)?.rank ?? Infinity) - (places.get(y.agencyId)?.rank ?? Infinity) ||
                        (y.meanOfElements ?? -1) - (x.meanOfElements ?? -1),
                    )
                    .map((c) => (
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
            </ScrollRegion>
          </>
        )}

        <h2>{t.timeliness.reportTitle}</h2>
        <section data-testid="report-timeliness">
          <TimelinessSummary overview={overview} view={timeliness} t={t} locale={locale} />
          {overview.children.length > 0 && (
            <ScrollRegion label={t.timeliness.reportTitle}>
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t.dashboard.agency}</th>
                    <th scope="col" className="num">{t.timeliness.share}</th>
                    <th scope="col" className="num">{t.timeliness.completed}</th>
                    <th scope="col" className="num">{t.timeliness.late}</th>
                    <th scope="col" className="num">{t.timeliness.s4Late}</th>
                    <th scope="col" className="num">{t.timeliness.s4OnTime}</th>
                  </tr>
                </thead>
                <tbody>
                  {overview.children.map((u) => {
                    const sat = timeliness.childSatisfaction.get(u.agencyId);
                    const s4 = (k: "late" | "onTime") => (sat ? f.pct(resultIndex(sat[k])) : t.dashboard.noData);
                    return (
                      <tr key={u.agencyId}>
                        <th scope="row">{agencyName(u, locale)}</th>
                        <td className="num">{f.pct(u.timeliness.onTimeShare)}</td>
                        <td className="num">{f.num(u.completedDossiers)}</td>
                        <td className="num">{f.num(u.timeliness.late)}</td>
                        <td className="num">{s4("late")}</td>
                        <td className="num">{s4("onTime")}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </ScrollRegion>
          )}
          <p className="small muted">{t.timeliness.method}</p>
        </section>

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

        <footer className="signature" data-testid="signature">
          <div className="signature-recipients">
            <p>
              <strong>
                <em>{s.recipients}</em>
              </strong>
            </p>
            <p>{s.recipientsList}</p>
          </div>
          <div className="signature-block">
            <p className="signature-role">{s.signer}</p>
            <p className="small">
              <em>{s.signHint}</em>
            </p>
          </div>
        </footer>
      </main>
    </>
  );
}
