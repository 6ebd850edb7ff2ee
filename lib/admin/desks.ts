import crypto from "node:crypto";
import { and, eq, like } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { agencies, desks, standingCodes, type Desk, type StandingCode } from "@/db/schema";
import { isUniqueViolation, notFound } from "@/lib/errors";
import { audit, authorize, parseInput, positiveId, refused, subtreePattern, type AdminActor } from "./common";

const deskCreateSchema = z.object({
  agencyId: z.coerce.number().int().positive(),
  code: z
    .string()
    .trim()
    .min(1)
    .max(20)
    .regex(/^[A-Za-z0-9._-]+$/),
  name: z.string().trim().min(1).max(120),
});

const deskRenameSchema = z.object({
  deskId: z.coerce.number().int().positive(),
  name: z.string().trim().min(1).max(120),
});

const codeCreateSchema = z.object({
  agencyId: z.coerce.number().int().positive(),
  deskId: z
    .union([z.literal(""), z.coerce.number().int().positive()])
    .optional()
    .transform((v) => (v === "" || v === undefined ? null : v)),
  label: z.string().trim().min(1).max(120),
});

async function agencyInScope(tx: Db, actor: AdminActor, agencyId: number) {
  const [agency] = await tx
    .select({ id: agencies.id, active: agencies.active })
    .from(agencies)
    .where(and(eq(agencies.id, agencyId), like(agencies.path, subtreePattern(actor.scopePath))));
  if (!agency) throw notFound("agency not found in scope");
  return agency;
}

async function deskInScope(tx: Db, actor: AdminActor, deskId: number) {
  const [desk] = await tx
    .select({ desk: desks })
    .from(desks)
    .innerJoin(agencies, eq(agencies.id, desks.agencyId))
    .where(and(eq(desks.id, deskId), like(agencies.path, subtreePattern(actor.scopePath))))
    .for("update", { of: desks });
  if (!desk) throw notFound("desk not found in scope");
  return desk.desk;
}

export async function createDesk(db: Db, actor: AdminActor, input: z.input<typeof deskCreateSchema>): Promise<Desk> {
  authorize(actor, "manage:agencies");
  const data = parseInput(deskCreateSchema, input);
  try {
    return await db.transaction(async (tx) => {
      const agency = await agencyInScope(tx, actor, data.agencyId);
      if (!agency.active) throw refused("conflict", "agency_inactive");
      const [desk] = await tx.insert(desks).values({ agencyId: agency.id, code: data.code, name: data.name }).returning();
      await audit(tx, actor, { action: "desk.created", entity: "desk", entityId: desk!.id, data: { agencyId: agency.id, code: data.code, name: data.name } });
      return desk!;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw refused("conflict", "code_taken", "code");
    throw err;
  }
}

export async function renameDesk(db: Db, actor: AdminActor, input: z.input<typeof deskRenameSchema>): Promise<void> {
  authorize(actor, "manage:agencies");
  const data = parseInput(deskRenameSchema, input);
  await db.transaction(async (tx) => {
    const desk = await deskInScope(tx, actor, data.deskId);
    await tx.update(desks).set({ name: data.name }).where(eq(desks.id, desk.id));
    await audit(tx, actor, { action: "desk.renamed", entity: "desk", entityId: desk.id, data: { before: desk.name, after: data.name } });
  });
}

export async function setDeskActive(db: Db, actor: AdminActor, input: { deskId: unknown; active: boolean }): Promise<void> {
  authorize(actor, "manage:agencies");
  const deskId = positiveId(input.deskId);
  await db.transaction(async (tx) => {
    const desk = await deskInScope(tx, actor, deskId);
    const changed = await tx
      .update(desks)
      .set({ active: input.active })
      .where(and(eq(desks.id, desk.id), eq(desks.active, !input.active)))
      .returning({ id: desks.id });
    if (changed.length === 0) throw refused("conflict", "already_done");
    await audit(tx, actor, { action: input.active ? "desk.reactivated" : "desk.deactivated", entity: "desk", entityId: desk.id, data: { agencyId: desk.agencyId } });
  });
}

// 96 random bits: a standing code is printed on posters, so it must not be guessable from
// another one, yet short enough to type from a photo (16 characters).
export function newStandingCode(): string {
  return crypto.randomBytes(12).toString("base64url");
}

/** A standing QR for an agency, optionally at one of its desks. */
export async function createStandingCode(db: Db, actor: AdminActor, input: z.input<typeof codeCreateSchema>): Promise<StandingCode> {
  authorize(actor, "manage:agencies");
  const data = parseInput(codeCreateSchema, input);
  return db.transaction(async (tx) => {
    const agency = await agencyInScope(tx, actor, data.agencyId);
    if (!agency.active) throw refused("conflict", "agency_inactive");
    if (data.deskId != null) {
      const [desk] = await tx
        .select({ id: desks.id })
        .from(desks)
        .where(and(eq(desks.id, data.deskId), eq(desks.agencyId, agency.id), eq(desks.active, true)));
      if (!desk) throw refused("invalid", "desk_not_in_agency", "deskId");
    }
    const [code] = await tx
      .insert(standingCodes)
      .values({ code: newStandingCode(), agencyId: agency.id, deskId: data.deskId, label: data.label, createdById: actor.id })
      .returning();
    await audit(tx, actor, { action: "standing_code.created", entity: "standing_code", entityId: code!.id, data: { agencyId: agency.id, deskId: data.deskId, label: data.label } });
    return code!;
  });
}

/** Deactivates a standing QR: posters already printed stop collecting answers at once. */
export async function deactivateStandingCode(db: Db, actor: AdminActor, input: { codeId: unknown }): Promise<void> {
  authorize(actor, "manage:agencies");
  const codeId = positiveId(input.codeId);
  await db.transaction(async (tx) => {
    const [target] = await tx
      .select({ id: standingCodes.id, agencyId: standingCodes.agencyId })
      .from(standingCodes)
      .innerJoin(agencies, eq(agencies.id, standingCodes.agencyId))
      .where(and(eq(standingCodes.id, codeId), like(agencies.path, subtreePattern(actor.scopePath))));
    if (!target) throw notFound("standing code not found in scope");
    const changed = await tx
      .update(standingCodes)
      .set({ active: false })
      .where(and(eq(standingCodes.id, target.id), eq(standingCodes.active, true)))
      .returning({ id: standingCodes.id });
    if (changed.length === 0) throw refused("conflict", "already_done");
    await audit(tx, actor, { action: "standing_code.deactivated", entity: "standing_code", entityId: target.id, data: { agencyId: target.agencyId } });
  });
}
