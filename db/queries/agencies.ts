import { and, asc, eq, like, sql } from "drizzle-orm";
import { rows, type Db } from "../client";
import { agencies, type Agency, type AgencyKind, type AgencyTier } from "../schema";

/** Inserts an agency under its parent and sets its materialised path in the same statement pair. */
export async function createAgency(
  db: Db,
  input: { code: string; name: string; nameEn?: string | null; level: string; tier?: AgencyTier; kind?: AgencyKind; parentId?: number | null; sortOrder?: number; validFrom?: Date | null; active?: boolean },
): Promise<Agency> {
  return db.transaction(async (tx) => {
    let parentPath = "/";
    if (input.parentId != null) {
      const [parent] = await tx.select({ path: agencies.path }).from(agencies).where(eq(agencies.id, input.parentId));
      if (!parent) throw new Error(`parent agency ${input.parentId} does not exist`);
      parentPath = parent.path;
    }
    const [row] = await tx
      .insert(agencies)
      .values({
        code: input.code,
        name: input.name,
        nameEn: input.nameEn ?? null,
        level: input.level,
        // Left out, the insert trigger derives them from the label and the parent.
        tier: input.tier ?? sql`null`,
        kind: input.kind ?? sql`null`,
        parentId: input.parentId ?? null,
        sortOrder: input.sortOrder ?? 0,
        // Null: in force since before the product (the seeded and imported structure).
        validFrom: input.validFrom ?? null,
        active: input.active ?? true,
        path: "pending",
      })
      .returning({ id: agencies.id });
    const [agency] = await tx
      .update(agencies)
      .set({ path: sql`${parentPath} || ${agencies.id}::text || '/'` })
      .where(eq(agencies.id, row!.id))
      .returning();
    return agency!;
  });
}

export async function getAgency(db: Db, { agencyId }: { agencyId: number }): Promise<Agency | null> {
  const [row] = await db.select().from(agencies).where(eq(agencies.id, agencyId));
  return row ?? null;
}

export async function getAgencyByCode(db: Db, { code }: { code: string }): Promise<Agency | null> {
  const [row] = await db.select().from(agencies).where(eq(agencies.code, code));
  return row ?? null;
}

/** An agency, only if it lies inside the subtree rooted at `scopePath`. */
export async function getAgencyInScope(db: Db, { agencyId, scopePath }: { agencyId: number; scopePath: string }) {
  const [row] = await db
    .select()
    .from(agencies)
    .where(and(eq(agencies.id, agencyId), like(agencies.path, `${scopePath}%`)));
  return row ?? null;
}

/**
 * Where a viewer reads an agency of history (decision 021, the scope rule): when the agency lies
 * outside `scopePath` but inside the subtree of a predecessor of an agency inside it (through as
 * many carried-out reorganisations as there were), that predecessor's path, the widest such:
 * the successor's leaders read their predecessors' pages, nobody else does. Null otherwise.
 */
export async function historyScopeOf(db: Db, { agencyId, scopePath }: { agencyId: number; scopePath: string }): Promise<string | null> {
  const [row] = await rows<{ path: string }>(
    db,
    sql`with recursive lineage(id) as (
          select p.predecessor_id from reorganisation_parts p
            join reorganisations r on r.id = p.reorganisation_id and r.status = 'done'
            join agencies s on s.id = p.successor_id
          where s.path like ${`${scopePath}%`}
          union
          select p.predecessor_id from reorganisation_parts p
            join reorganisations r on r.id = p.reorganisation_id and r.status = 'done'
            join lineage l on l.id = p.successor_id
        )
        select a.path from agencies a join lineage l on l.id = a.id
        where (select t.path from agencies t where t.id = ${agencyId}::int) like a.path || '%'
        order by length(a.path), a.path limit 1`,
  );
  return row?.path ?? null;
}

/**
 * Whether anything was merged into a unit of the subtree at `path` (the unit included): only then
 * do its figures have a restated reading that differs from the recorded one.
 */
export async function hasMergeInto(db: Db, { path }: { path: string }): Promise<boolean> {
  const [row] = await rows<{ found: boolean }>(
    db,
    sql`select exists (select 1 from reorganisation_parts p
          join reorganisations r on r.id = p.reorganisation_id and r.status = 'done' and r.kind = 'merge'
          join agencies s on s.id = p.successor_id
        where s.path like ${`${path}%`}) as found`,
  );
  return row?.found === true;
}

/** Every carried-out merge, predecessor → successor: what the restated figures re-attribute. */
export async function mergeSuccessors(db: Db): Promise<Map<number, number>> {
  const found = await rows<{ predecessor_id: number; successor_id: number }>(
    db,
    sql`select distinct p.predecessor_id, p.successor_id from reorganisation_parts p
        join reorganisations r on r.id = p.reorganisation_id and r.status = 'done' and r.kind = 'merge'`,
  );
  return new Map(found.map((r) => [Number(r.predecessor_id), Number(r.successor_id)]));
}

/**
 * The unit a page opens on for a period that ended before `agencyId` came into force (decision
 * 021: a past period opens in the structure in force at its end): among its predecessors, through
 * every carried-out reorganisation, those in force at `at`, when one of them holds all the others
 * in its subtree (a district merged with its own units). Null when there is none, or when several
 * stood side by side (communes merged into one): the page stays on the agency then.
 */
export async function predecessorInForceAt(db: Db, { agencyId, at }: { agencyId: number; at: Date }): Promise<number | null> {
  const found = await rows<{ id: number; path: string }>(
    db,
    sql`with recursive lineage(id) as (
          select p.predecessor_id from reorganisation_parts p
            join reorganisations r on r.id = p.reorganisation_id and r.status = 'done'
          where p.successor_id = ${agencyId}::int
          union
          select p.predecessor_id from reorganisation_parts p
            join reorganisations r on r.id = p.reorganisation_id and r.status = 'done'
            join lineage l on l.id = p.successor_id
        )
        select a.id, a.path from agencies a join lineage l on l.id = a.id
        where (a.valid_from is null or a.valid_from <= ${at.toISOString()}::timestamptz)
          and (a.valid_to is null or a.valid_to > ${at.toISOString()}::timestamptz)
        order by length(a.path), a.path`,
  );
  const top = found[0];
  return top && found.every((a) => a.path.startsWith(top.path)) ? top.id : null;
}

/**
 * The subtrees whose past a unit's "restated" figures pool: the predecessors merged, directly or
 * through earlier merges, into the unit or into a unit below it (decision 021). A split's
 * successors are not restated from their predecessor: its past belongs to several of them, and
 * whole units are never divided into fractions. Paths under another one of the list are left out.
 */
export async function mergedPredecessorPaths(db: Db, { path }: { path: string }): Promise<string[]> {
  const found = await rows<{ path: string }>(
    db,
    sql`with recursive lineage(id) as (
          select p.predecessor_id from reorganisation_parts p
            join reorganisations r on r.id = p.reorganisation_id and r.status = 'done' and r.kind = 'merge'
            join agencies s on s.id = p.successor_id
          where s.path like ${`${path}%`}
          union
          select p.predecessor_id from reorganisation_parts p
            join reorganisations r on r.id = p.reorganisation_id and r.status = 'done' and r.kind = 'merge'
            join lineage l on l.id = p.successor_id
        )
        select a.path from agencies a join lineage l on l.id = a.id order by length(a.path), a.path`,
  );
  const kept: string[] = [];
  for (const { path: p } of found) if (!p.startsWith(path) && !kept.some((k) => p.startsWith(k))) kept.push(p);
  return kept;
}

/**
 * The agency a leader asks for, and the scope to read it in: their own subtree, or for an agency
 * of history, the predecessor's subtree it lies in (historyScopeOf). Null when neither holds it.
 */
export async function agencyToRead(db: Db, { agencyId, scopePath }: { agencyId: number; scopePath: string }): Promise<{ agency: Agency; scopePath: string } | null> {
  const own = await getAgencyInScope(db, { agencyId, scopePath });
  if (own) return { agency: own, scopePath };
  const history = await historyScopeOf(db, { agencyId, scopePath });
  const agency = history ? await getAgencyInScope(db, { agencyId, scopePath: history }) : null;
  return agency && history ? { agency, scopePath: history } : null;
}

export async function childAgencies(db: Db, { parentId }: { parentId: number }): Promise<Agency[]> {
  return db
    .select()
    .from(agencies)
    .where(eq(agencies.parentId, parentId))
    .orderBy(asc(agencies.sortOrder), asc(agencies.name));
}

/** The chain from the root down to the agency, for breadcrumbs. */
export async function agencyAncestors(db: Db, { path }: { path: string }): Promise<Agency[]> {
  const ids = path.split("/").filter(Boolean).map(Number);
  if (ids.length === 0) return [];
  const list = await db.select().from(agencies).where(sql`${agencies.id} = any(${sql.param(ids)}::int[])`);
  return ids.map((id) => list.find((a) => a.id === id)).filter((a): a is Agency => Boolean(a));
}
