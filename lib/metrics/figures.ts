import type { Db } from "@/db/client";
import { mergedPredecessorPaths, mergeSuccessors } from "@/db/queries/agencies";
import { agencyOwnCounts, listedInPeriod, monthlyCounts, pooledCounts, restateOwnCounts, INDEX_ELEMENTS, type AgencyOwnCounts, type IndexElement } from "@/db/queries/figures";
import { agencyPathInScope, treeFromOwnCounts } from "@/db/queries/satisfaction";
import { getSetting } from "@/lib/settings";
import { changeInPoints, elementIndex, meanOfIndices } from "./formulas";
import { bandFor, type Band, type Bands } from "./ranking";
import { previousPeriod, samePeriodLastYear, trendWindow, type Period } from "./periods";
import { targetFor, type Target } from "@/db/queries/targets";
import { currentReportingYear } from "./satisfaction";
import { peerGroups, peerRank, tierSubtotals, type PeerGroup, type PeerRank, type TierSubtotal } from "./peers";
import { describeFigures, describeTree, type SatisfactionFigures } from "./satisfaction";

export type FigureSettings = { includeUnverified: boolean; bands: Bands };

export async function figureSettings(db: Db): Promise<FigureSettings> {
  const [includeUnverified, bands] = await Promise.all([getSetting(db, "figures.includeUnverified"), getSetting(db, "figures.bands")]);
  return { includeUnverified, bands };
}

export { bandFor, rankAgencies, type Band, type Bands, type RankedAgency, type Ranking } from "./ranking";


export type Change = { meanOfElements: number | null; overallQuestion: number | null; elements: Record<IndexElement, number | null> };

export function changeBetween(current: SatisfactionFigures, previous: SatisfactionFigures): Change {
  const elements = {} as Record<IndexElement, number | null>;
  current.elements.forEach((e, i) => (elements[e.element] = changeInPoints(e.index, previous.elements[i]?.index ?? null)));
  return {
    meanOfElements: changeInPoints(current.meanOfElements, previous.meanOfElements),
    overallQuestion: changeInPoints(current.overallQuestion.index, previous.overallQuestion.index),
    elements,
  };
}

export type Overview = {
  agency: SatisfactionFigures;
  /** The agency's materialised path ("/1/7/"): its subtree is every path starting with it. */
  path: string;
  children: SatisfactionFigures[];
  previous: SatisfactionFigures;
  change: Change;
  /** The units below, ranked among their peers (same tier and kind). */
  peers: PeerGroup[];
  /** The agency among its peers below its parent ("xếp thứ 8/10 huyện, thị xã, thành phố"). */
  peerRank: PeerRank | null;
  /** Dossiers and responses at each tier of the subtree ("cấp huyện 12.932, cấp xã 28.552"). */
  tiers: TierSubtotal[];
  /** The headline's target for the period's reporting year (own or inherited), and the gap to it in points. */
  target: (Target & { gap: number | null }) | null;
  band: Band | null;
  period: Period;
  previousPeriod: Period;
  /** The same period one year earlier, and the change against it ("so với cùng kỳ năm trước"). */
  lastYear: SatisfactionFigures;
  lastYearChange: Change;
  lastYearPeriod: Period;
};

/**
 * Everything the overview, the report and the figures export show for one agency and period:
 * the same function feeds all three, so they cannot disagree. Null outside the caller's scope.
 */
export async function agencyOverview(
  db: Db,
  /** `view`: "restated" re-attributes the merged predecessors' counts to their successors (decision 021). */
  params: { agencyId: number; scopePath: string; period: Period; settings: FigureSettings; view?: FigureView },
): Promise<Overview | null> {
  const path = await agencyPathInScope(db, { agencyId: params.agencyId, scopePath: params.scopePath });
  if (path == null) return null;
  const { includeUnverified, bands } = params.settings;
  const prev = previousPeriod(params.period);
  const lastYearPeriod = samePeriodLastYear(params.period);
  // For a year or reporting year the same period last year is the previous one: read it once.
  const lastYearIsPrevious = lastYearPeriod.key === prev.key;
  const parentPath = path.split("/").filter(Boolean).length > 1 ? path.replace(/\d+\/$/, "") : null;
  // Restated, the reads reach the predecessors merged into the agency and its peers, wherever
  // they stood (read by right of lineage, as the trend's restated view), and give their counts to
  // the successors they ended in.
  const restated = params.view === "restated";
  const [successorOf, ownPredecessors, peerPredecessors] = restated
    ? await Promise.all([mergeSuccessors(db), mergedPredecessorPaths(db, { path }), parentPath ? mergedPredecessorPaths(db, { path: parentPath }) : []])
    : [null, [], []];
  const reach = commonAncestor([parentPath ?? path, ...ownPredecessors, ...peerPredecessors]);
  const ownScope = commonAncestor([path, ...ownPredecessors]);
  const read = async (scopePath: string, p: { from: Date; to: Date }) => {
    const list = await agencyOwnCounts(db, { scopePath, from: p.from, to: p.to, includeUnverified });
    return successorOf ? restateOwnCounts(list, successorOf, params.agencyId) : list;
  };
  // The parent's subtree holds the agency's peers and its own subtree: one read serves the
  // figures and the rank. At the root, the agency's own subtree.
  const [wide, before, yearBefore, target] = await Promise.all([
    read(reach, params.period),
    read(ownScope, prev),
    lastYearIsPrevious ? null : read(ownScope, lastYearPeriod),
    // A period belongs to the reporting year it starts in.
    targetFor(db, { path, reportingYear: currentReportingYear(params.period.from).endYear }),
  ]);
  const current = wide.filter((a) => a.path.startsWith(path));
  const tree = treeFromOwnCounts(current, params.agencyId);
  const previousTree = treeFromOwnCounts(before, params.agencyId);
  const lastYearTree = yearBefore ? treeFromOwnCounts(yearBefore, params.agencyId) : previousTree;
  if (!tree || !previousTree || !lastYearTree) return null;
  const described = describeTree(tree);
  const previous = describeTree(previousTree).agency;
  const lastYear = describeTree(lastYearTree).agency;
  return {
    agency: described.agency,
    path,
    children: described.children,
    previous,
    change: changeBetween(described.agency, previous),
    peers: peerGroups(current, path),
    peerRank: parentPath ? peerRank(wide, { agencyId: params.agencyId, parentPath }) : null,
    tiers: tierSubtotals(current, path),
    target: target && { ...target, gap: changeInPoints(described.agency.meanOfElements, target.value) },
    band: bandFor(described.agency.meanOfElements, bands),
    period: params.period,
    previousPeriod: prev,
    lastYear,
    lastYearChange: changeBetween(described.agency, lastYear),
    lastYearPeriod,
  };
}

export type TrendPoint = {
  month: string;
  responses: number;
  meanOfElements: number | null;
  elements: Record<IndexElement, { index: number | null; valid: number }>;
};

/** Monthly figures over the twelve months ending with the period (pooled over the subtree). */
export async function monthlyTrend(
  db: Db,
  /**
   * `restatedFrom`: the merged predecessors' subtrees (mergedPredecessorPaths) to pool with the
   * unit's own for the restated view; absent, the trend is as recorded.
   */
  params: { agencyId: number; scopePath: string; period: Period; includeUnverified: boolean; restatedFrom?: string[] },
): Promise<TrendPoint[] | null> {
  const path = await agencyPathInScope(db, { agencyId: params.agencyId, scopePath: params.scopePath });
  if (path == null) return null;
  const window = trendWindow(params.period);
  const predecessorPaths = params.restatedFrom ?? [];
  const months = await monthlyCounts(db, { path, scopePath: params.scopePath, predecessorPaths, ...window, includeUnverified: params.includeUnverified });
  return months.map(({ month, counts }) => {
    const elements = {} as TrendPoint["elements"];
    for (const e of INDEX_ELEMENTS) elements[e] = { index: elementIndex(counts.elements[e].satisfied, counts.elements[e].valid), valid: counts.elements[e].valid };
    return { month, responses: counts.responses, meanOfElements: meanOfIndices(INDEX_ELEMENTS.map((e) => elements[e].index)), elements };
  });
}

/** The deepest path holding every one of `paths` (ids each followed by a slash). */
export function commonAncestor(paths: readonly string[]): string {
  const parts = paths.map((p) => p.split("/").filter(Boolean));
  const first = parts[0] ?? [];
  let n = 0;
  while (n < first.length && parts.every((q) => q[n] === first[n])) n++;
  return `/${first.slice(0, n).map((x) => `${x}/`).join("")}`;
}

/**
 * How figures across a reorganisation are read (decision 021): "recorded", each agency as it was;
 * "restated", a unit's past pooled with the predecessors merged into it.
 */
export type FigureView = "recorded" | "restated";

export type PublicRow = { figures: SatisfactionFigures; depth: number; band: Band | null };

/**
 * Every agency of the tree with its pooled figures, for the public page: agency-level figures
 * only, never an officer's.
 */
export async function publicFigures(db: Db, params: { period: Period; settings: FigureSettings; view?: FigureView }): Promise<PublicRow[]> {
  const read = await agencyOwnCounts(db, { scopePath: "/", from: params.period.from, to: params.period.to, includeUnverified: params.settings.includeUnverified });
  // Restated: today's units, each with the counts of the agencies merged into it (decision 021).
  const list: AgencyOwnCounts[] = params.view === "restated" ? restateOwnCounts(read, await mergeSuccessors(db)) : read;
  const ordered: AgencyOwnCounts[] = [];
  const visit = (parentId: number | null) => {
    for (const a of list) {
      if (a.parentId !== parentId) continue;
      ordered.push(a);
      visit(a.agencyId);
    }
  };
  visit(null);
  return ordered
    .map((a) => {
      const counts = pooledCounts(list, a.path);
      const figures = describeFigures({ agencyId: a.agencyId, code: a.code, name: a.name, nameEn: a.nameEn, level: a.level, tier: a.tier, kind: a.kind, ...counts });
      return { figures, depth: a.path.split("/").filter(Boolean).length - 1, band: bandFor(figures.meanOfElements, params.settings.bands), listed: listedInPeriod(a) };
    })
    .filter((r) => r.listed || r.figures.responses > 0)
    .map(({ figures, depth, band }) => ({ figures, depth, band }));
}
