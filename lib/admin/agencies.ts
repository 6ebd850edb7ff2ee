import { and, eq, like, ne, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { createAgency } from "@/db/queries/agencies";
import { AGENCY_KINDS, AGENCY_TIERS, agencies, type Agency } from "@/db/schema";
import { isUniqueViolation, notFound } from "@/lib/errors";
import { now as clockNow } from "@/lib/time/clock";
import { audit, authorize, parseInput, positiveId, refused, subtreePattern, type AdminActor } from "./common";

const text = (max: number) => z.string().trim().min(1).max(max);
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .transform((v) => (v ? v : null));

// Codes end up in CSV exports and API payloads: keep them to characters that need no quoting.
export const agencyCodeSchema = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^[A-Za-z0-9._-]+$/);

// Empty (the form's "derive it" choice) leaves the tier or kind to the insert trigger's rules.
const tierSchema = z.preprocess((v) => (v === "" ? undefined : v), z.enum(AGENCY_TIERS).optional());
const kindSchema = z.preprocess((v) => (v === "" ? undefined : v), z.enum(AGENCY_KINDS).optional());

const createSchema = z.object({
  parentId: z.coerce.number().int().positive(),
  code: agencyCodeSchema,
  name: text(200),
  nameEn: optionalText(200),
  level: text(40),
  tier: tierSchema,
  kind: kindSchema,
});

const updateSchema = z.object({
  agencyId: z.coerce.number().int().positive(),
  name: text(200),
  nameEn: optionalText(200),
  level: text(40),
  // Left out, they stay as they are.
  tier: z.string().pipe(z.enum(AGENCY_TIERS)).optional(),
  kind: z.string().pipe(z.enum(AGENCY_KINDS)).optional(),
  sortOrder: z.coerce.number().int().min(0).max(9999).default(0),
});

const moveSchema = z.object({
  agencyId: z.coerce.number().int().positive(),
  newParentId: z.coerce.number().int().positive(),
});

/** An agency inside the actor's subtree, locked for the rest of the transaction. */
async function lockAgencyInScope(tx: Db, actor: AdminActor, agencyId: number): Promise<Agency> {
  const [row] = await tx
    .select()
    .from(agencies)
    .where(and(eq(agencies.id, agencyId), like(agencies.path, subtreePattern(actor.scopePath))))
    .for("update");
  if (!row) throw notFound("agency not found in scope");
  return row;
}

/** Creates an agency under a parent inside the actor's subtree. */
export async function createChildAgency(db: Db, actor: AdminActor, input: z.input<typeof createSchema>): Promise<Agency> {
  authorize(actor, "manage:agencies");
  const data = parseInput(createSchema, input);
  try {
    return await db.transaction(async (tx) => {
      const parent = await lockAgencyInScope(tx, actor, data.parentId);
      if (!parent.active) throw refused("conflict", "parent_inactive", "parentId");
      // In force from now: its code is held from now (decision 021).
      const agency = await createAgency(tx, { code: data.code, name: data.name, nameEn: data.nameEn, level: data.level, tier: data.tier, kind: data.kind, parentId: parent.id, validFrom: clockNow() });
      await audit(tx, actor, { action: "agency.created", entity: "agency", entityId: agency.id, data: { code: agency.code, name: agency.name, level: agency.level, tier: agency.tier, kind: agency.kind, parentId: parent.id } });
      return agency;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw refused("conflict", "code_taken", "code");
    throw err;
  }
}

/** Renames an agency, changes its level label, its tier and kind (its peers), or its place among its siblings. */
export async function updateAgency(db: Db, actor: AdminActor, input: z.input<typeof updateSchema>): Promise<Agency> {
  authorize(actor, "manage:agencies");
  const data = parseInput(updateSchema, input);
  return db.transaction(async (tx) => {
    const before = await lockAgencyInScope(tx, actor, data.agencyId);
    const tier = data.tier ?? before.tier;
    const kind = data.kind ?? before.kind;
    const [after] = await tx
      .update(agencies)
      .set({ name: data.name, nameEn: data.nameEn, level: data.level, tier, kind, sortOrder: data.sortOrder })
      .where(eq(agencies.id, before.id))
      .returning();
    await audit(tx, actor, {
      action: "agency.updated",
      entity: "agency",
      entityId: before.id,
      data: {
        before: { name: before.name, nameEn: before.nameEn, level: before.level, tier: before.tier, kind: before.kind, sortOrder: before.sortOrder },
        after: { name: data.name, nameEn: data.nameEn, level: data.level, tier, kind, sortOrder: data.sortOrder },
      },
    });
    return after!;
  });
}

/**
 * Moves an agency and its whole subtree under another parent: every path below it is rewritten
 * in the same transaction (docs/decisions/001), so no query ever sees half a move. Both ends
 * must lie in the actor's subtree, and an agency cannot go under its own descendant.
 */
export async function moveAgency(db: Db, actor: AdminActor, input: z.input<typeof moveSchema>): Promise<{ agency: Agency; moved: number }> {
  authorize(actor, "manage:agencies");
  const data = parseInput(moveSchema, input);
  return db.transaction(async (tx) => {
    const agency = await lockAgencyInScope(tx, actor, data.agencyId);
    // The actor's own root cannot move: it would take their whole scope somewhere else.
    if (agency.path === actor.scopePath || agency.parentId == null) throw refused("forbidden", "move_root", "agencyId");
    const parent = await lockAgencyInScope(tx, actor, data.newParentId);
    if (parent.path.startsWith(agency.path)) throw refused("invalid", "move_into_own_subtree", "newParentId");
    if (!parent.active) throw refused("conflict", "parent_inactive", "newParentId");
    if (parent.id === agency.parentId) return { agency, moved: 0 };

    const oldPath = agency.path;
    const newPath = `${parent.path}${agency.id}/`;
    const updated = await tx
      .update(agencies)
      .set({
        path: sql`${newPath} || substr(${agencies.path}, ${oldPath.length + 1})`,
        parentId: sql`case when ${agencies.id} = ${agency.id} then ${parent.id}::int else ${agencies.parentId} end`,
      })
      .where(like(agencies.path, subtreePattern(oldPath)))
      .returning({ id: agencies.id });
    await audit(tx, actor, {
      action: "agency.moved",
      entity: "agency",
      entityId: agency.id,
      data: { fromParentId: agency.parentId, toParentId: parent.id, oldPath, newPath, subtreeSize: updated.length },
    });
    const [after] = await tx.select().from(agencies).where(eq(agencies.id, agency.id));
    return { agency: after!, moved: updated.length };
  });
}

/**
 * Deactivates or reactivates an agency. Agencies are never deleted: their dossiers and
 * responses stay readable in old reports. A conditional update turns a double click into a
 * clean conflict.
 */
export async function setAgencyActive(db: Db, actor: AdminActor, input: { agencyId: unknown; active: boolean }): Promise<void> {
  authorize(actor, "manage:agencies");
  const agencyId = positiveId(input.agencyId);
  await db.transaction(async (tx) => {
    const agency = await lockAgencyInScope(tx, actor, agencyId);
    if (!input.active) {
      if (agency.path === actor.scopePath) throw refused("forbidden", "deactivate_own_agency");
      const [child] = await tx
        .select({ id: agencies.id })
        .from(agencies)
        .where(and(like(agencies.path, subtreePattern(agency.path)), ne(agencies.id, agency.id), eq(agencies.active, true)))
        .limit(1);
      if (child) throw refused("conflict", "has_active_children");
    } else if (agency.parentId != null) {
      const [parent] = await tx.select({ active: agencies.active }).from(agencies).where(eq(agencies.id, agency.parentId));
      if (!parent?.active) throw refused("conflict", "parent_inactive");
    }
    const changed = await tx
      .update(agencies)
      .set({ active: input.active })
      .where(and(eq(agencies.id, agency.id), eq(agencies.active, !input.active)))
      .returning({ id: agencies.id });
    if (changed.length === 0) throw refused("conflict", "already_done");
    await audit(tx, actor, { action: input.active ? "agency.reactivated" : "agency.deactivated", entity: "agency", entityId: agency.id, data: { code: agency.code } });
  });
}
