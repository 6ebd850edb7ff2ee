import type { Metadata } from "next";
import Link from "next/link";
import { reportingYearsWithResponses } from "@/db/queries/periods";
import { CitizenHeader } from "@/app/components/citizen-header";
import { periodLabel } from "@/app/components/period-label";
import { getDb } from "@/lib/db";
import { fill, getLocale, messagesFor } from "@/lib/i18n";
import { publicCaseCounts } from "@/lib/metrics/case-figures";
import { hasMergeInto } from "@/db/queries/agencies";
import { figureSettings, type FigureView } from "@/lib/metrics/figures";
import { askedView, FigureViewChoice, withView } from "@/app/components/figure-view-choice";
import { formatNumber, formatPercent } from "@/lib/metrics/formulas";
import { parsePeriod, previousPeriod, quarterPeriod, reportingYearPeriod, type Period } from "@/lib/metrics/periods";
import { installationDefaultPeriod, publishedFigures } from "@/lib/metrics/publication";
import { DataTable } from "@/app/components/data-table";

export const metadata: Metadata = { title: "Công khai kết quả đánh giá" };
export const dynamic = "force-dynamic";

type Search = Promise<Record<string, string | string[] | undefined>>;

/**
 * The published results (the evaluation's results are to be made public): every agency's
 * pooled figures, without sign-in and without any officer-level figure. No script needed.
 */
export default async function PublicFiguresPage({ searchParams }: { searchParams: Search }) {
  const params = await searchParams;
  const locale = await getLocale();
  const t = messagesFor(locale);
  const db = await getDb();
  const [years, fallback] = await Promise.all([reportingYearsWithResponses(db, { scopePath: "/" }), installationDefaultPeriod(db)]);
  const requested = typeof params.period === "string" ? parsePeriod(params.period) : undefined;
  const period = requested ?? fallback;
  const [settings, restatable] = await Promise.all([figureSettings(db), hasMergeInto(db, { path: "/" })]);
  // After a reorganisation, the past as recorded or restated to today's units (decision 021).
  const view: FigureView = restatable ? askedView(params.view) : "recorded";
  const [{ rows: list, minimum }, caseCounts] = await Promise.all([publishedFigures(db, { period, settings, view }), publicCaseCounts(db, { period })]);
  const shown = list.filter((r) => r.figures.responses > 0);
  const noCases = { received: 0, answered: 0, answeredOnTime: 0 };
  const caseRows = list.map((r) => ({ ...r, cases: caseCounts.get(r.figures.agencyId) ?? noCases })).filter((r) => r.cases.received > 0);
  const pct = (v: number | null, withheld?: boolean) => (withheld ? t.publication.notEnough : v == null ? t.dashboard.noData : formatPercent(v, locale));
  // The default period and the eleven before it when it is a month or a quarter, then the years.
  const recent: Period[] = [fallback];
  while (fallback.kind !== "ry" && recent.length < 12) recent.push(previousPeriod(recent[recent.length - 1]!));
  const choices = [
    ...recent,
    ...years.flatMap((y) => {
      const ry = reportingYearPeriod(y);
      return [ry, ...[1, 2, 3, 4].map((q) => quarterPeriod(y, q))];
    }),
  ].filter((c, i, all) => all.findIndex((o) => o.key === c.key) === i);
  const path = withView(`/cong-khai?period=${encodeURIComponent(period.key)}`, view);

  return (
    <>
      <CitizenHeader t={t} locale={locale} path={path} />
      <main id="main">
        <h1>{t.publicFigures.title}</h1>
        <p>{t.publicFigures.intro}</p>
        <p className="muted small">{t.dashboard.methodLabel}</p>
        {requested === null && (
          <p className="alert" role="alert">
            {t.dashboard.periodInvalid}
          </p>
        )}
        <form method="get" action="/cong-khai">
          {view === "restated" && <input type="hidden" name="view" value="restated" />}
          <label htmlFor="period" className="label">
            {t.dashboard.period}
          </label>
          <select id="period" name="period" defaultValue={period.key}>
            {!choices.some((c) => c.key === period.key) && <option value={period.key}>{periodLabel(period, t)}</option>}
            {choices.map((c) => (
              <option key={c.key} value={c.key}>
                {periodLabel(c, t)}
              </option>
            ))}
          </select>{" "}
          <button type="submit" className="secondary">
            {t.dashboard.show}
          </button>
        </form>
        <h2 data-testid="period">{periodLabel(period, t)}</h2>
        {restatable && <FigureViewChoice view={view} url={`/cong-khai?period=${encodeURIComponent(period.key)}`} t={t} />}
        <DataTable
          columns={[
            t.dashboard.agency,
            { label: t.dashboard.meanOfFive, numeric: true },
            ...(settings.bands.length > 0 ? [t.dashboard.band] : []),
            ...(shown[0]?.figures.elements ?? []).map((e) => ({ label: t.elements[e.element], numeric: true })),
            { label: t.dashboard.overallQuestion, numeric: true },
            { label: t.dashboard.responses, numeric: true },
          ]}
          rows={shown}
          empty={t.publicFigures.none}
          testId="public-figures"
          stack
          row={({ figures: f, depth, band, withheld }) => (
            <tr key={f.agencyId}>
              <th scope="row" style={{ paddingLeft: `${0.5 + depth}rem` }}>
                {locale === "en" && f.nameEn ? f.nameEn : f.name}
                {!f.sample.sufficient && (
                  <>
                    {" "}
                    <span className="badge warn">{t.dashboard.insufficient}</span>
                  </>
                )}
              </th>
              <td className="num">{pct(f.meanOfElements, withheld.meanOfElements)}</td>
              {settings.bands.length > 0 && <td>{band ? (locale === "en" && band.labelEn ? band.labelEn : band.label) : ""}</td>}
              {f.elements.map((e) => (
                <td key={e.element} className="num">
                  {pct(e.index, withheld.elements[e.element])}
                </td>
              ))}
              <td className="num">{pct(f.overallQuestion.index, withheld.overallQuestion)}</td>
              <td className="num">{formatNumber(f.responses, locale)}</td>
            </tr>
          )}
        />
        <p className="small muted" data-testid="public-minimum">
          {fill(t.publication.minimumNote, { minimum: formatNumber(minimum, locale) })}
        </p>
        <p className="small muted">{t.dashboard.pooledNote}</p>
        <p className="small muted">
          {t.dashboard.howComputed} {settings.includeUnverified ? t.peers.countedWithUnverified : t.peers.countedVerified}
        </p>
        <h2>{t.caseFigures.publicTitle}</h2>
        <DataTable
          columns={[
            t.dashboard.agency,
            { label: t.caseFigures.publicReceived, numeric: true },
            { label: t.caseFigures.publicAnswered, numeric: true },
            { label: t.caseFigures.publicOnTime, numeric: true },
          ]}
          rows={caseRows}
          empty={t.caseFigures.none}
          testId="public-cases"
          stack
          row={({ figures: f, depth, cases }) => (
            <tr key={f.agencyId}>
              <th scope="row" style={{ paddingLeft: `${0.5 + depth}rem` }}>
                {locale === "en" && f.nameEn ? f.nameEn : f.name}
              </th>
              <td className="num">{formatNumber(cases.received, locale)}</td>
              <td className="num">{formatNumber(cases.answered, locale)}</td>
              <td className="num">{formatNumber(cases.answeredOnTime, locale)}</td>
            </tr>
          )}
        />
        <p className="small muted">{t.caseFigures.publicNote}</p>
        <p>
          <Link href="/">{t.appName}</Link>
        </p>
      </main>
    </>
  );
}
