import { and, asc, eq, like, sql } from "drizzle-orm";
import type { Db } from "../client";
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
