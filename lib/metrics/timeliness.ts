import type { Db } from "@/db/client";
import { breakdownByAgency } from "@/db/queries/figure-details";
import { monthlyTimeliness, zeroCounts, addCounts, type FigureCounts } from "@/db/queries/figures";
import { agencyPathInScope } from "@/db/queries/satisfaction";
import { TIMELINESS } from "@/db/schema";
import { elementIndex, rankWithTies, type Ranked } from "./formulas";
import type { Overview } from "./figures";
import { samePeriodLastYear, trailingYear, type Period } from "./periods";
import type { SatisfactionFigures } from "./satisfaction";

/**
 * Late dossiers beside satisfaction (the leaders' "giảm tỷ lệ hồ sơ trễ hạn"): the on-time share
 * per unit and month from the coverage counters, and the satisfaction of the sheets about late
 * against on-time dossiers from the breakdown cube.
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

export type TimelinessView = {
  /** The satisfaction of sheets about on-time and late dossiers, pooled over the subtree. */
  satisfaction: TimelinessSatisfaction;
  /** The same per child unit (pooled over each child's subtree), by agency id. */
  childSatisfaction: Map<number, TimelinessSatisfaction>;
  /** The on-time share per month over the twelve months ending with the period. */
  trend: { month: string; onTimeShare: number | null; late: number }[];
  lastYearTrend: { month: string; onTimeShare: number | null; late: number }[];
  ranks: TimelinessRank[];
};

export function onTimeShareOf(counts: FigureCounts): number | null {
  return elementIndex(counts.completedOnTime, counts.completedOnTime + counts.completedLate);
}

/** Everything the timeliness page, the overview's line, the report and the exports show. */
export async function timelinessView(
  db: Db,
  params: { overview: Overview; scopePath: string; period: Period; includeUnverified: boolean; trend?: boolean },
): Promise<TimelinessView | null> {
  const path = await agencyPathInScope(db, { agencyId: params.overview.agency.agencyId, scopePath: params.scopePath });
  if (path == null) return null;
  const window = trailingYear(params.period);
  const lastYearWindow = trailingYear(samePeriodLastYear(params.period));
  const subtree = { path, scopePath: params.scopePath, from: params.period.from, to: params.period.to, includeUnverified: params.includeUnverified };
  const [perAgency, months, lastYearMonths] = await Promise.all([
    breakdownByAgency(db, { ...subtree, by: "timeliness" }),
    params.trend === false ? [] : monthlyTimeliness(db, { path, scopePath: params.scopePath, ...window }),
    params.trend === false ? [] : monthlyTimeliness(db, { path, scopePath: params.scopePath, ...lastYearWindow }),
  ]);
  // A materialised path is the chain of ids: a child's subtree is the parent's path and its id.
  const childSatisfaction = new Map<number, TimelinessSatisfaction>();
  for (const child of params.overview.children) {
    const childPath = `${path}${child.agencyId}/`;
    childSatisfaction.set(child.agencyId, byTimeliness(perAgency.filter((r) => r.agencyPath.startsWith(childPath))));
  }
  const toPoint = (m: { month: string; onTime: number; late: number }) => ({ month: m.month, onTimeShare: elementIndex(m.onTime, m.onTime + m.late), late: m.late });
  return {
    satisfaction: byTimeliness(perAgency),
    childSatisfaction,
    trend: months.map(toPoint),
    lastYearTrend: lastYearMonths.map(toPoint),
    ranks: rankByOnTime(params.overview.children),
  };
}
