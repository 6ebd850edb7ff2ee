import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { agencyAncestors, getAgencyInScope } from "@/db/queries/agencies";
import { reportingYearsWithResponses } from "@/db/queries/periods";
import { satisfactionTree } from "@/db/queries/satisfaction";
import { requireStaffPage } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { fill, getLocale, messagesFor } from "@/lib/i18n";
import { formatNumber, formatPercent } from "@/lib/metrics/formulas";
import { currentReportingYear, describeTree, reportingYear, vietnamDate } from "@/lib/metrics/satisfaction";
import { StaffHeader } from "@/app/components/staff-header";

export const metadata: Metadata = { title: "Tỷ lệ hài lòng" };

type Search = Promise<Record<string, string | string[] | undefined>>;

function positiveInt(value: unknown): number | null {
  const n = typeof value === "string" && /^\d{1,9}$/.test(value) ? Number(value) : NaN;
  return Number.isInteger(n) && n > 0 ? n : null;
}

export default async function DashboardPage({ searchParams }: { searchParams: Search }) {
  const params = await searchParams;
  const staff = await requireStaffPage("view:dashboard", "/dashboard");
  const locale = await getLocale();
  const t = messagesFor(locale);
  const db = await getDb();

  const agencyId = positiveInt(params.agency) ?? staff.agencyId;
  const agency = await getAgencyInScope(db, { agencyId, scopePath: staff.scopePath });
  // Outside the leader's subtree is indistinguishable from nonexistent.
  if (!agency) notFound();

  const years = await reportingYearsWithResponses(db, { scopePath: agency.path });
  const current = currentReportingYear().endYear;
  const requested = positiveInt(params.year);
  const endYear = requested && requested >= 2000 && requested <= current + 1 ? requested : (years[0] ?? current);
  const yearChoices = [...new Set([current, ...years, endYear])].sort((a, b) => b - a);
  const period = reportingYear(endYear);

  const tree = await satisfactionTree(db, { agencyId: agency.id, scopePath: staff.scopePath, from: period.from, to: period.to });
  if (!tree) notFound();
  const { agency: figures, children } = describeTree(tree);
  const ancestors = (await agencyAncestors(db, { path: agency.path })).filter((a) => a.path.startsWith(staff.scopePath));
  const pct = (v: number | null) => (v == null ? t.dashboard.noData : formatPercent(v, locale));
  const num = (v: number) => formatNumber(v, locale);
  const name = (a: { name: string; nameEn: string | null }) => (locale === "en" && a.nameEn ? a.nameEn : a.name);
  const levelLabel = (level: string) => t.levels[level] ?? level;
  const self = `/dashboard?agency=${agency.id}&year=${endYear}`;

  return (
    <>
      <StaffHeader staff={staff} t={t} locale={locale} path={self} />
      <main id="main">
        {ancestors.length > 1 && (
          <nav aria-label={t.dashboard.up} className="small">
            {ancestors.map((a, i) => (
              <span key={a.id}>
                {i > 0 && " › "}
                {a.id === agency.id ? <span aria-current="page">{name(a)}</span> : <Link href={`/dashboard?agency=${a.id}&year=${endYear}`}>{name(a)}</Link>}
              </span>
            ))}
          </nav>
        )}
        <h1>
          {t.dashboard.title}: {name(agency)}
        </h1>
        <form method="get" action="/dashboard" className="no-print">
          <input type="hidden" name="agency" value={agency.id} />
          <label htmlFor="year" className="label">
            {t.dashboard.period}
          </label>
          <select id="year" name="year" defaultValue={String(endYear)} style={{ maxWidth: "22rem" }}>
            {yearChoices.map((y) => {
              const p = reportingYear(y);
              return (
                <option key={y} value={y}>
                  {fill(t.dashboard.reportingYear, { from: vietnamDate(p.from), to: vietnamDate(new Date(p.to.getTime() - 1)) })}
                </option>
              );
            })}
          </select>{" "}
          <button type="submit" className="secondary">
            {t.dashboard.show}
          </button>
        </form>
        <p className="muted small">{t.dashboard.methodLabel}</p>

        <section className="cards" aria-label={t.dashboard.methodLabel}>
          <div className="card" data-testid="headline">
            <div className="small">{t.dashboard.meanOfFive}</div>
            <div className="value">{pct(figures.meanOfElements)}</div>
            {!figures.sample.sufficient && figures.responses > 0 && <span className="badge warn">{t.dashboard.insufficient}</span>}
          </div>
          <div className="card">
            <div className="small">{t.dashboard.overallQuestion}</div>
            <div className="value">{pct(figures.overallQuestion.index)}</div>
          </div>
          <div className="card">
            <div className="small">{t.dashboard.responses}</div>
            <div className="value" data-testid="responses">
              {num(figures.responses)}
            </div>
            <div className="small muted">
              {t.dashboard.completedDossiers}: {num(figures.completedDossiers)} · {t.dashboard.sampleNeeded}: {num(figures.sample.needed)}
            </div>
          </div>
          {figures.meanOfChildren && (
            <div className="card">
              <div className="small">{t.dashboard.childrenMean}</div>
              <div className="value">{pct(figures.meanOfChildren.value)}</div>
            </div>
          )}
        </section>

        <h2>{t.dashboard.element}</h2>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t.dashboard.element}</th>
                <th scope="col" className="num">
                  {t.dashboard.index}
                </th>
                <th scope="col" className="num">
                  {t.dashboard.valid}
                </th>
                {[1, 2, 3, 4, 5].map((v) => (
                  <th key={v} scope="col" className="num">
                    {v}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {figures.elements.map((e) => (
                <tr key={e.element}>
                  <th scope="row">{t.elements[e.element]}</th>
                  <td className="num">{pct(e.index)}</td>
                  <td className="num">{num(e.valid)}</td>
                  {e.distribution.map((n, i) => (
                    <td key={i} className="num">
                      {num(n)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>

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
                        <Link href={`/dashboard?agency=${c.agencyId}&year=${endYear}`}>{name(c)}</Link>{" "}
                        <span className="small muted">({levelLabel(c.level)})</span>
                      </th>
                      <td className="num">
                        {pct(c.meanOfElements)}{" "}
                        {!c.sample.sufficient && c.responses > 0 && <span className="badge warn">{t.dashboard.insufficient}</span>}
                      </td>
                      {c.elements.map((e) => (
                        <td key={e.element} className="num">
                          {pct(e.index)}
                        </td>
                      ))}
                      <td className="num">{num(c.responses)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
        <p className="small muted">{t.dashboard.pooledNote}</p>
        <p className="small muted">{t.dashboard.howComputed}</p>
      </main>
    </>
  );
}
