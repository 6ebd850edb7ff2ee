import { scaleLinear, scalePoint } from "d3-scale";
import { line } from "d3-shape";
import { fill, type Locale, type Messages } from "@/lib/i18n";
import { formatPercent } from "@/lib/metrics/formulas";
import { formatDay, vietnamDayOf } from "@/lib/time/vietnam";

const W = 720;
const H = 320;
const PAD = { left: 52, right: 20, top: 28, bottom: 48 };
// The room (in chart units) a month needs for its value, and for a year beside the next one.
const VALUE_LABEL_WIDTH = 34;
const YEAR_LABEL_WIDTH = 40;

export type TrendSeries = { month: string; value: number | null }[];

/** A change of structure inside the chart's months: a vertical mark before its first month. */
export type TrendBreak = { month: string; text: string };

/** "12/2022" for "2022-12". */
export function monthYear(month: string): string {
  const [y, m] = month.split("-");
  return `${m}/${y}`;
}

function oneDecimal(v: number, locale: Locale): string {
  return v.toLocaleString(locale === "vi" ? "vi-VN" : "en-GB", { minimumFractionDigits: 1, maximumFractionDigits: 1 });
}

/**
 * One large line chart drawn on the server as SVG (readable without JavaScript and in print):
 * the axis zoomed to the data rather than 0–100 (a 2-point fall must be visible), each month's
 * value written beside its point, month and year under the axis, the same months of the
 * previous year dashed, and the target as a dotted line. d3-scale picks the axis and its round
 * ticks, d3-shape the paths (gaps where a month has no figure). The table beside it carries the
 * same numbers for screen readers.
 */
export function TrendChart({
  current,
  lastYear,
  target,
  breaks = [],
  title,
  id,
  t,
  locale,
}: {
  current: TrendSeries;
  lastYear: TrendSeries | null;
  target: number | null;
  breaks?: TrendBreak[];
  title: string;
  id: string;
  t: Messages;
  locale: Locale;
}) {
  const values = [...current, ...(lastYear ?? [])].map((p) => p.value).filter((v): v is number => v != null);
  if (target != null) values.push(target);
  const lo = values.length ? Math.min(...values) : 0;
  const hi = values.length ? Math.max(...values) : 100;
  // At least a 10-point window, padded, never outside 0–100.
  const span = Math.max(hi - lo, 10);
  const mid = (hi + lo) / 2;
  const y = scaleLinear()
    .domain([Math.max(0, mid - span / 2 - 2), Math.min(100, mid + span / 2 + 2)])
    .nice(6)
    .range([H - PAD.bottom, PAD.top]);
  const [y0, y1] = y.domain() as [number, number];
  const clampedY = scaleLinear().domain([Math.max(0, y0), Math.min(100, y1)]).range([H - PAD.bottom, PAD.top]);
  const x = scalePoint<number>()
    .domain(current.map((_, i) => i))
    .range([PAD.left + 16, W - PAD.right - 16]);
  const path = line<{ value: number | null }>()
    .defined((p) => p.value != null)
    .x((_, i) => x(i)!)
    .y((p) => clampedY(p.value!));
  const currentPath = path(current) ?? "";
  const lastYearPath = lastYear ? (path(lastYear) ?? "") : "";
  const ticks = clampedY.ticks(6);
  const label = (v: number | null) => (v == null ? t.dashboard.noData : formatPercent(v, locale));
  const step = current.length > 1 ? x(1)! - x(0)! : 0;
  const marks = breaks.map((b) => ({ ...b, at: current.findIndex((p) => p.month === b.month) })).filter((b) => b.at >= 0);
  const desc = current.map((p, i) => `${monthYear(p.month)}: ${label(p.value)}${lastYear ? ` (${monthYear(lastYear[i]!.month)}: ${label(lastYear[i]!.value)})` : ""}`).join("; ");

  return (
    <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={`${id}-t ${id}-d`} className="chart chart-large" data-testid="trend-chart">
      <title id={`${id}-t`}>{title}</title>
      <desc id={`${id}-d`}>
        {desc}
        {target != null ? `. ${fill(t.peers.trend.targetLabel, { value: formatPercent(target, locale) })}` : ""}
        {marks.map((b) => `. ${b.text}`).join("")}
      </desc>
      {ticks.map((g) => (
        <g key={g}>
          <line x1={PAD.left} x2={W - PAD.right} y1={clampedY(g)} y2={clampedY(g)} className="grid" />
          <text x={PAD.left - 6} y={clampedY(g) + 4} textAnchor="end" className="axis">
            {g.toLocaleString(locale === "vi" ? "vi-VN" : "en-GB")}%
          </text>
        </g>
      ))}
      {current.map((p, i) => {
        const [year, month] = p.month.split("-");
        // The year under the first month and under each January; not under a first December
        // when the months are too close for two years side by side (a three-year trend).
        const showYear = month === "01" || (i === 0 && !(month === "12" && current.length > 1 && step < YEAR_LABEL_WIDTH));
        return (
          <g key={p.month} className="axis">
            <text x={x(i)} y={H - PAD.bottom + 18} textAnchor="middle">
              {month}
            </text>
            {showYear && (
              <text x={x(i)} y={H - PAD.bottom + 36} textAnchor="middle" className="axis-year">
                {year}
              </text>
            )}
          </g>
        );
      })}
      {target != null && target >= clampedY.domain()[0]! && target <= clampedY.domain()[1]! && (
        <g data-testid="trend-target">
          {/* Named in the legend below (a label here would cover the months' values). */}
          <line x1={PAD.left} x2={W - PAD.right} y1={clampedY(target)} y2={clampedY(target)} className="target-line" />
        </g>
      )}
      {marks.map((b) => {
        // Between the last month before the change and the first after it (at the left edge when it is the first).
        const bx = b.at === 0 ? PAD.left + 4 : x(b.at)! - step / 2;
        return (
          <g key={`${b.month}-${b.text}`} data-testid="trend-break">
            <line x1={bx} x2={bx} y1={PAD.top - 8} y2={H - PAD.bottom} className="break-line" />
            <text x={bx + 4} y={PAD.top - 12} className="axis break-label">
              {t.peers.trend.structureBreakShort}
            </text>
          </g>
        );
      })}
      {lastYearPath && <path d={lastYearPath} className="line line-last-year" data-testid="trend-last-year" />}
      <path d={currentPath} className="line" />
      {current.map((p, i) =>
        p.value == null ? null : (
          <g key={p.month}>
            <circle cx={x(i)} cy={clampedY(p.value)} r={4} className="dot" />
            {/* Values would overlap when the months are close: the table beside the chart has them all. */}
            {step >= VALUE_LABEL_WIDTH && (
              <text x={x(i)} y={clampedY(p.value) - 9} textAnchor="middle" className="value-label">
                {oneDecimal(p.value, locale)}
              </text>
            )}
          </g>
        ),
      )}
    </svg>
  );
}

/** The chart's key in HTML (it prints, and reads without the picture). */
export function TrendLegend({ withLastYear, target, breaks = [], t, locale }: { withLastYear: boolean; target: number | null; breaks?: TrendBreak[]; t: Messages; locale: Locale }) {
  const items = [
    { key: "now", line: "line", text: t.peers.trend.thisPeriod, shown: true },
    { key: "last-year", line: "line line-last-year", text: t.peers.trend.lastYear, shown: withLastYear },
    { key: "target", line: "target-line", text: target == null ? "" : fill(t.peers.trend.targetLabel, { value: formatPercent(target, locale) }), shown: target != null },
    ...breaks.map((b, i) => ({ key: `break-${i}`, line: "break-line", text: b.text, shown: true, vertical: true })),
  ];
  return (
    <ul className="chart-legend">
      {items
        .filter((i) => i.shown)
        .map((i) => (
          <li key={i.key}>
            <svg width="28" height="10" aria-hidden="true">
              {"vertical" in i ? <line x1="14" x2="14" y1="0" y2="10" className={i.line} /> : <line x1="0" x2="28" y1="5" y2="5" className={i.line} />}
            </svg>{" "}
            {i.text}
          </li>
        ))}
    </ul>
  );
}

/** The reorganisations of a window as the chart marks them, each named in the legend. */
export function trendBreaks(breaks: { effectiveAt: Date; basis: string; predecessors: string[]; successors: string[] }[], t: Messages): TrendBreak[] {
  return breaks.map((b) => {
    const day = vietnamDayOf(b.effectiveAt);
    return {
      month: day.slice(0, 7),
      text: fill(t.peers.trend.structureBreak, { day: formatDay(day), from: b.predecessors.join(", "), to: b.successors.join(", "), basis: b.basis }),
    };
  });
}

