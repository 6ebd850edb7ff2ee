import { sql } from "drizzle-orm";
import { rows, type Db } from "../client";
import type { AgencyKind, AgencyTier } from "../schema";
import {
  listedInPeriod,
  agencyOwnCounts,
  assertScopePath,
  pooledCounts,
  zeroCounts,
  addCounts,
  type AgencyOwnCounts,
  type FigureCounts,
  type PeriodParams,
} from "./figures";

export {
  INDEX_ELEMENTS,
  OVERALL_ELEMENT,
  type Distribution,
  type ElementCounts,
  type FigureCounts,
  type IndexElement,
} from "./figures";

/** Counts pooled over an agency's whole subtree (the agency and every descendant). */
export type AgencyFigures = FigureCounts & {
  agencyId: number;
  code: string;
  name: string;
  nameEn: string | null;
  level: string;
  tier: AgencyTier;
  kind: AgencyKind;
};

export type SatisfactionTree = {
  agency: AgencyFigures;
  /** Each direct child, pooled over its own subtree (grandchildren included). */
  children: AgencyFigures[];
  /**
   * What was recorded at the agency itself (its own desk), in neither child: the reason the
   * agency's pooled figures are more than the sum of its children.
   */
  own: FigureCounts;
};

export type SatisfactionParams = PeriodParams & {
  agencyId: number;
  /** Path of the subtree the caller may read ("/1/4/"); "/" is the whole tree. */
  scopePath: string;
};

function describe(a: AgencyOwnCounts, counts: FigureCounts): AgencyFigures {
  return { agencyId: a.agencyId, code: a.code, name: a.name, nameEn: a.nameEn, level: a.level, tier: a.tier, kind: a.kind, ...counts };
}

/** Builds the tree of `agencyId` from per-agency counts already fetched for its subtree. */
export function treeFromOwnCounts(list: readonly AgencyOwnCounts[], agencyId: number): SatisfactionTree | null {
  const self = list.find((a) => a.agencyId === agencyId);
  if (!self) return null;
  const children: AgencyFigures[] = [];
  for (const c of list) {
    if (c.parentId !== agencyId) continue;
    const counts = pooledCounts(list, c.path);
    if (listedInPeriod(c) || counts.responses > 0 || counts.completedDossiers > 0) children.push(describe(c, counts));
  }
  const total = zeroCounts();
  addCounts(total, pooledCounts(list, self.path));
  return { agency: describe(self, total), children, own: self.own };
}

/**
 * Satisfaction counts for an agency and each of its direct children, every figure pooled over
 * the whole subtree below it, for responses submitted in [from, to). Null when the agency does
 * not exist or lies outside `scopePath` (a leader cannot read outside their subtree).
 */
export async function satisfactionTree(db: Db, params: SatisfactionParams): Promise<SatisfactionTree | null> {
  const { agencyId, scopePath } = params;
  assertScopePath(scopePath);
  if (!Number.isInteger(agencyId)) throw new Error(`invalid agency id ${agencyId}`);
  const path = await agencyPathInScope(db, { agencyId, scopePath });
  if (path == null) return null;
  // The scope of the counts is the target's own subtree: inside the caller's, and no wider.
  return treeFromOwnCounts(await agencyOwnCounts(db, { ...params, scopePath: path }), agencyId);
}

/** The path of the agency, only when it lies inside `scopePath`. */
export async function agencyPathInScope(db: Db, { agencyId, scopePath }: { agencyId: number; scopePath: string }): Promise<string | null> {
  assertScopePath(scopePath);
  const [row] = await rows<{ path: string }>(
    db,
    sql`select a.path from agencies a where a.id = ${agencyId}::int and a.path like ${`${scopePath}%`}`,
  );
  return row?.path ?? null;
}
