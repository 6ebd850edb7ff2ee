import type { Db } from "@/db/client";
import { agencyOwnCounts, monthlyCounts, pooledCounts, INDEX_ELEMENTS, type AgencyOwnCounts, type IndexElement } from "@/db/queries/figures";
import { agencyPathInScope, treeFromOwnCounts } from "@/db/queries/satisfaction";
import { getSetting, type SettingValue } from "@/lib/settings";
import { changeInPoints, elementIndex, meanOfIndices, rankWithTies } from "./formulas";
import { previousPeriod, trailingYear, type Period } from "./periods";
import { describeFigures, describeTree, type SatisfactionFigures } from "./satisfaction";

export type Bands = SettingValue<"figures.bands">;
export type Band = Bands[number];

export type FigureSettings = { includeUnverified: boolean; bands: Bands };

export async function figureSettings(db: Db): Promise<FigureSettings> {
  const [includeUnverified, bands] = await Promise.all([getSetting(db, "figures.includeUnverified"), getSetting(db, "figures.bands")]);
  return { includeUnverified, bands };
}

/** The first configured band (highest first) whose minimum the figure reaches; none without bands. */
export function bandFor(value: number | null, bands: Bands): Band | null {
  if (value == null) return null;
  const sorted = [...bands].sort((a, b) => b.min - a.min);
  return sorted.find((b) => value >= b.min) ?? null;
}

export type RankedAgency = { figures: SatisfactionFigures; rank: number };

export type Ranking = {
  /** Agencies with a sufficient sample, ranked by the mean of the five with ties (1, 2, 2, 4). */
  ranked: RankedAgency[];
  /** Agencies whose sample is too small (or empty): listed apart, not ranked (§4.6). */
  apart: SatisfactionFigures[];
};

export function rankAgencies(list: readonly SatisfactionFigures[]): Ranking {
  const eligible = list.filter((f) => f.sample.sufficient && f.meanOfElements != null);
  const apart = list.filter((f) => !eligible.includes(f));
  const ranked = rankWithTies(eligible, (f) => f.meanOfElements).map((r) => ({ figures: r.item, rank: r.rank! }));
  return { ranked, apart };
}

export type SiblingRank = { rank: number; of: number } | { rank: null; of: number; insufficient: true };

/**
 * "xếp thứ k/n" among the agency's siblings (the children of its parent). Only the position is
 * returned: the siblings' own figures stay out of the caller's reach (they are published on the
 * public page anyway, but a leader's pages show only their subtree).
 */
export async function siblingRank(
  db: Db,
  params: { agencyId: number; parentPath: string | null; period: Period; includeUnverified: boolean },
): Promise<SiblingRank | null> {
  if (!params.parentPath) return null;
  const list = await agencyOwnCounts(db, { scopePath: params.parentPath, from: params.period.from, to: params.period.to, includeUnverified: params.includeUnverified });
  const parent = list.find((a) => a.path === params.parentPath);
  if (!parent) return null;
  const tree = treeFromOwnCounts(list, parent.agencyId);
  if (!tree || tree.children.length < 2) return null;
  const { ranked, apart } = rankAgencies(describeTree(tree).children);
  const mine = ranked.find((r) => r.figures.agencyId === params.agencyId);
  if (mine) return { rank: mine.rank, of: ranked.length };
  if (apart.some((f) => f.agencyId === params.agencyId)) return { rank: null, of: ranked.length, insufficient: true };
  return null;
}

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
  children: SatisfactionFigures[];
  previous: SatisfactionFigures;
  change: Change;
  ranking: Ranking;
  siblingRank: SiblingRank | null;
  band: Band | null;
  period: Period;
  previousPeriod: Period;
};

/**
 * Everything the overview, the report and the figures export show for one agency and period:
 * the same function feeds all three, so they cannot disagree. Null outside the caller's scope.
 */
export async function agencyOverview(
  db: Db,
  params: { agencyId: number; scopePath: string; period: Period; settings: FigureSettings },
): Promise<Overview | null> {
  const path = await agencyPathInScope(db, { agencyId: params.agencyId, scopePath: params.scopePath });
  if (path == null) return null;
  const { includeUnverified, bands } = params.settings;
  const prev = previousPeriod(params.period);
  const parentPath = path.split("/").filter(Boolean).length > 1 ? path.replace(/\d+\/$/, "") : null;
  const [current, before, rank] = await Promise.all([
    agencyOwnCounts(db, { scopePath: path, from: params.period.from, to: params.period.to, includeUnverified }),
    agencyOwnCounts(db, { scopePath: path, from: prev.from, to: prev.to, includeUnverified }),
    siblingRank(db, { agencyId: params.agencyId, parentPath, period: params.period, includeUnverified }),
  ]);
  const tree = treeFromOwnCounts(current, params.agencyId);
  const previousTree = treeFromOwnCounts(before, params.agencyId);
  if (!tree || !previousTree) return null;
  const described = describeTree(tree);
  const previous = describeTree(previousTree).agency;
  return {
    agency: described.agency,
    children: described.children,
    previous,
    change: changeBetween(described.agency, previous),
    ranking: rankAgencies(described.children),
    siblingRank: rank,
    band: bandFor(described.agency.meanOfElements, bands),
    period: params.period,
    previousPeriod: prev,
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
  params: { agencyId: number; scopePath: string; period: Period; includeUnverified: boolean },
): Promise<TrendPoint[] | null> {
  const path = await agencyPathInScope(db, { agencyId: params.agencyId, scopePath: params.scopePath });
  if (path == null) return null;
  const window = trailingYear(params.period);
  const months = await monthlyCounts(db, { path, scopePath: params.scopePath, ...window, includeUnverified: params.includeUnverified });
  return months.map(({ month, counts }) => {
    const elements = {} as TrendPoint["elements"];
    for (const e of INDEX_ELEMENTS) elements[e] = { index: elementIndex(counts.elements[e].satisfied, counts.elements[e].valid), valid: counts.elements[e].valid };
    return { month, responses: counts.responses, meanOfElements: meanOfIndices(INDEX_ELEMENTS.map((e) => elements[e].index)), elements };
  });
}

export type PublicRow = { figures: SatisfactionFigures; depth: number; band: Band | null };

/**
 * Every agency of the tree with its pooled figures, for the public page: agency-level figures
 * only, never an officer's.
 */
export async function publicFigures(db: Db, params: { period: Period; settings: FigureSettings }): Promise<PublicRow[]> {
  const list: AgencyOwnCounts[] = await agencyOwnCounts(db, { scopePath: "/", from: params.period.from, to: params.period.to, includeUnverified: params.settings.includeUnverified });
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
      const figures = describeFigures({ agencyId: a.agencyId, code: a.code, name: a.name, nameEn: a.nameEn, level: a.level, ...counts });
      return { figures, depth: a.path.split("/").filter(Boolean).length - 1, band: bandFor(figures.meanOfElements, params.settings.bands), active: a.active };
    })
    .filter((r) => r.active || r.figures.responses > 0)
    .map(({ figures, depth, band }) => ({ figures, depth, band }));
}
