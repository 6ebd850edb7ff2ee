import type { Db } from "@/db/client";
import { breakdownByAgency } from "@/db/queries/figure-details";
import { monthlyTimeliness, zeroCounts, addCounts, type FigureCounts } from "@/db/queries/figures";
import { TIMELINESS } from "@/db/schema";
import { elementIndex, rankWithTies, type Ranked } from "./formulas";
import type { Overview } from "./figures";
import { samePeriodLastYear, trailingYear, type Period } from "./periods";
import type { SatisfactionFigures } from "./satisfaction";

/**
 * Late dossiers beside satisfaction (the leaders' "giảm tỷ lệ hồ sơ trễ hạn"): the on-time share
 * per unit and month from the coverage counters, and the satisfaction of the sheets about late
 * against on-time dossiers from the breakdown counters.
 */

export type TimelinessRank = Ranked<SatisfactionFigures> & { peers: string; of: number };

/** The children ranked by on-time share among peers of one tier and kind (ties share a rank). */
export function rankByOnTime(children: readonly SatisfactionFigures[]): TimelinessRank[] {
  const groups = new Map<string, SatisfactionFigures[]>();
  for (const c of children) groups.set(`${c.tier}:${c.kind}`, [...(groups.get(`${c.tier}:${c.kind}`) ?? []), c]);
  return [...groups.entries()].flatMap(([peers, members]) => {
    const ranked = rankWithTies(members, (m) => m.timeliness.onTimeShare);
    const of = ranked.filter((r) => r.rank != null).length;
    return ranked.map((r) => ({ ...r, peers, of }));
  });
}

export type TimelinessSatisfaction = { onTime: FigureCounts; late: FigureCounts };

function byTimeliness(list: readonly { key: string; counts: FigureCounts }[]): TimelinessSatisfaction {
  const onTime = zeroCounts();
  const late = zeroCounts();
  for (const r of list) {
    if (r.key === String(TIMELINESS.onTime)) addCounts(onTime, r.counts);
    if (r.key === String(TIMELINESS.late)) addCounts(late, r.counts);
  }
  return { onTime, late };
}

/** The sheets' counts in a subtree by agency and timeliness, read beside the overview. */
export type TimelinessRows = Awaited<ReturnType<typeof breakdownByAgency>>;

export type TimelinessView = {
  /** The satisfaction of sheets about on-time and late dossiers, pooled over the subtree. */
  satisfaction: TimelinessSatisfaction;
  /** The same per child unit (pooled over each child's subtree), by agency id. */
  childSatisfaction: Map<number, TimelinessSatisfaction>;
  ranks: TimelinessRank[];
};

export type TimelinessPoint = { month: string; onTimeShare: number | null; late: number };

/** Satisfaction with the result (S4), the element late dossiers weigh on most. */
export function resultIndex(counts: FigureCounts): number | null {
  return elementIndex(counts.elements.result.satisfied, counts.elements.result.valid);
}

export function onTimeShareOf(counts: FigureCounts): number | null {
  return elementIndex(counts.completedOnTime, counts.completedOnTime + counts.completedLate);
}

type Subtree = { path: string; scopePath: string; period: Period; includeUnverified: boolean };

/**
 * The sheets in the agency's subtree (`path`, already checked to lie in `scopePath`) counted by
 * agency and timeliness. It needs no overview, so pages read it in parallel with theirs.
 */
export function timelinessRows(db: Db, p: Subtree): Promise<TimelinessRows> {
  return breakdownByAgency(db, { path: p.path, scopePath: p.scopePath, from: p.period.from, to: p.period.to, includeUnverified: p.includeUnverified, by: "timeliness" });
}

/** The on-time share per month over the twelve months ending with the period, and the same months a year before. */
export async function timelinessTrend(db: Db, p: Omit<Subtree, "includeUnverified">): Promise<{ trend: TimelinessPoint[]; lastYear: TimelinessPoint[] }> {
  const subtree = { path: p.path, scopePath: p.scopePath };
  const [months, lastYearMonths] = await Promise.all([
    monthlyTimeliness(db, { ...subtree, ...trailingYear(p.period) }),
    monthlyTimeliness(db, { ...subtree, ...trailingYear(samePeriodLastYear(p.period)) }),
  ]);
  const toPoint = (m: { month: string; onTime: number; late: number }): TimelinessPoint => ({ month: m.month, onTimeShare: elementIndex(m.onTime, m.onTime + m.late), late: m.late });
  return { trend: months.map(toPoint), lastYear: lastYearMonths.map(toPoint) };
}

/** Everything the timeliness page, the overview's line, the report and the exports show, from the overview and the rows above. */
export function timelinessView(overview: Overview, rows: TimelinessRows): TimelinessView {
  const childSatisfaction = new Map<number, TimelinessSatisfaction>();
  for (const child of overview.children) {
    // A materialised path is the chain of ids: a child's subtree is the parent's path and its id.
    const childPath = `${overview.path}${child.agencyId}/`;
    childSatisfaction.set(child.agencyId, byTimeliness(rows.filter((r) => r.agencyPath.startsWith(childPath))));
  }
  return { satisfaction: byTimeliness(rows), childSatisfaction, ranks: rankByOnTime(overview.children) };
}
