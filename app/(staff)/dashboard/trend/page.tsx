import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { INDEX_ELEMENTS } from "@/db/queries/figures";
import { fill } from "@/lib/i18n";
import { monthlyTrend, type TrendPoint } from "@/lib/metrics/figures";
import { formatPercent } from "@/lib/metrics/formulas";
import { DashboardChrome } from "../dashboard-chrome";
import { dashboardContext, type Search } from "../dashboard-context";
import { formatters } from "../figure-format";
import { DataTable } from "@/app/components/data-table";

export const metadata: Metadata = { title: "Diễn biến 12 tháng" };

const W = 640;
const H = 220;
const PAD = { left: 44, right: 12, top: 12, bottom: 36 };

function monthLabel(month: string): string {
  const [y, m] = month.split("-");
  return `${m}/${y}`;
}

/**
 * A line chart as inline SVG, drawn on the server: readable and printable without JavaScript.
 * The table below each chart carries the same numbers for screen readers.
 */
function Chart({ points, values, title, id, locale }: { points: TrendPoint[]; values: (number | null)[]; title: string; id: string; locale: "vi" | "en" }) {
  const innerW = W - PAD.left - PAD.right;
  const innerH = H - PAD.top - PAD.bottom;
  const x = (i: number) => PAD.left + (points.length <= 1 ? innerW / 2 : (i * innerW) / (points.length - 1));
  const y = (v: number) => PAD.top + innerH - (v / 100) * innerH;
  const segments: string[] = [];
  let current = "";
  values.forEach((v, i) => {
    if (v == null) {
      if (current) segments.push(current);
      current = "";
      return;
    }
    current += `${current ? " L" : "M"}${x(i).toFixed(1)},${y(v).toFixed(1)}`;
  });
  if (current) segments.push(current);
  return (
    <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={`${id}-t ${id}-d`} className="chart">
      <title id={`${id}-t`}>{title}</title>
      <desc id={`${id}-d`}>{points.map((p, i) => `${monthLabel(p.month)}: ${values[i] == null ? "—" : formatPercent(values[i]!, locale)}`).join("; ")}</desc>
      {[0, 25, 50, 75, 100].map((g) => (
        <g key={g}>
          <line x1={PAD.left} x2={W - PAD.right} y1={y(g)} y2={y(g)} className="grid" />
          <text x={PAD.left - 6} y={y(g) + 4} textAnchor="end" className="axis">
            {g}%
          </text>
        </g>
      ))}
      {points.map((p, i) => (
        <text key={p.month} x={x(i)} y={H - PAD.bottom + 16} textAnchor="middle" className="axis">
          {monthLabel(p.month).slice(0, 2)}
        </text>
      ))}
      {segments.map((d, i) => (
        <path key={i} d={d} className="line" />
      ))}
      {values.map((v, i) => (v == null ? null : <circle key={i} cx={x(i)} cy={y(v)} r={3} className="dot" />))}
    </svg>
  );
}

export default async function TrendPage({ searchParams }: { searchParams: Search }) {
  const ctx = await dashboardContext(searchParams, "/dashboard/trend");
  const { t, locale, db, agency, staff, period, settings } = ctx;
  const trend = await monthlyTrend(db, { agencyId: agency.id, scopePath: staff.scopePath, period, includeUnverified: settings.includeUnverified });
  if (!trend) notFound();
  const f = formatters(locale, t);
  const series: { key: string; title: string; values: (number | null)[] }[] = [
    { key: "mean", title: t.dashboard.meanOfFive, values: trend.map((p) => p.meanOfElements) },
    ...INDEX_ELEMENTS.map((e) => ({ key: e, title: t.elements[e], values: trend.map((p) => p.elements[e].index) })),
  ];
  return (
    <DashboardChrome ctx={ctx} tab="trend" path="/dashboard/trend">
      <p>{t.dashboard.trendIntro}</p>
      <div className="charts">
        {series.map((s) => (
          <figure key={s.key} className="chart-box">
            <figcaption>
              <strong>{s.title}</strong>
            </figcaption>
            <Chart points={trend} values={s.values} title={fill(t.dashboard.trendChart, { element: s.title })} id={`chart-${s.key}`} locale={locale} />
          </figure>
        ))}
      </div>
      <DataTable
        columns={[t.dashboard.month, { label: t.dashboard.responses, numeric: true }, ...series.map((s) => ({ label: s.title, numeric: true }))]}
        rows={trend}
        testId="trend"
        row={(p, i) => (
          <tr key={p.month}>
            <th scope="row">{monthLabel(p.month)}</th>
            <td className="num">{f.num(p.responses)}</td>
            {series.map((s) => (
              <td key={s.key} className="num">
                {f.pct(s.values[i] ?? null)}
              </td>
            ))}
          </tr>
        )}
      />
    </DashboardChrome>
  );
}
