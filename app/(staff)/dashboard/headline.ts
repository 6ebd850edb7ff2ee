import { fill, type Locale, type Messages } from "@/lib/i18n";
import { formatPoints } from "@/lib/metrics/formulas";
import type { Overview } from "@/lib/metrics/figures";
import { periodLabel } from "@/app/components/period-label";
import { formatters } from "./figure-format";

/** The peers of a rank as the report names them ("huyện, thị xã, thành phố"). */
export function peersLabel(key: { tier: string; kind: string }, t: Messages): string {
  return t.peers.groups[`${key.tier}:${key.kind}`] ?? `${key.tier}:${key.kind}`;
}

function change(points: number | null, locale: Locale): { direction: "up" | "down" | "same"; magnitude: string } | null {
  if (points == null) return null;
  const rounded = Number(points.toFixed(2));
  return { direction: rounded > 0 ? "up" : rounded < 0 ? "down" : "same", magnitude: formatPoints(Math.abs(points), locale).replace(/^\+/, "") };
}

/**
 * The report's own sentence, also the overview's first line: "Tỷ lệ hài lòng đạt 92,60 %, xếp
 * thứ 8/10 huyện, thị xã, thành phố, tăng 1,20 điểm % so với kỳ trước (…), …". One function, so
 * the page and the signed report cannot say different things.
 */
export function headlineSentence(overview: Overview, t: Messages, locale: Locale): string {
  const f = formatters(locale, t);
  const r = t.report;
  const { agency: figures, peerRank } = overview;
  let sentence = fill(r.headline, { value: f.pct(figures.meanOfElements) });
  if (peerRank && peerRank.rank != null) sentence += fill(r.rank, { rank: peerRank.rank, of: peerRank.of, peers: peersLabel(peerRank, t) });
  const previous = change(overview.change.meanOfElements, locale);
  if (!previous) sentence += r.noPrevious;
  else {
    const text = previous.direction === "up" ? r.changeUp : previous.direction === "down" ? r.changeDown : r.changeSame;
    sentence += fill(text, { points: previous.magnitude, previous: `${periodLabel(overview.previousPeriod, t)}: ${f.pct(overview.previous.meanOfElements)}` });
  }
  const lastYear = change(overview.lastYearChange.meanOfElements, locale);
  const p = t.publication;
  if (!lastYear) sentence += p.reportNoLastYear;
  else {
    const text = lastYear.direction === "up" ? p.reportLastYearUp : lastYear.direction === "down" ? p.reportLastYearDown : p.reportLastYearSame;
    sentence += fill(text, { points: lastYear.magnitude, previous: `${periodLabel(overview.lastYearPeriod, t)}: ${f.pct(overview.lastYear.meanOfElements)}` });
  }
  return `${sentence}.`;
}
