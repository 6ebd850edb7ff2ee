import crypto from "node:crypto";
import { and, eq, isNull, like, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { agencies, agencyProcedures, auditLog, desks, dossiers, invitations, type Channel, type Invitation } from "@/db/schema";
import { authSecret } from "@/lib/env";
import { getSetting } from "@/lib/settings";
import { conflict, invalid, isUniqueViolation, notFound } from "@/lib/errors";
import { hashToken, invitationToken } from "./token";
import { now as clockNow } from "@/lib/time/clock";

export type Actor = { kind: "staff" | "api" | "system"; id: number | null };

export type IssuedInvitation = {
  invitation: Invitation;
  token: string;
  /** True when the dossier already had a live invitation and it is shown again. */
  reused: boolean;
};

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Records a completed dossier for an agency inside the actor's scope. Idempotent on
 * (agency, dossier code): reporting the same dossier again returns the stored one, unless it
 * names another procedure, which is a conflict rather than a silent overwrite.
 */
export async function recordCompletedDossier(
  db: Db,
  input: {
    scopePath: string;
    agencyId: number;
    procedureId: number;
    code: string;
    deskId?: number | null;
    officerId?: number | null;
    receivedAt?: Date | null;
    dueAt?: Date | null;
    completedAt: Date;
    source: "desk" | "api" | "import";
    actor: Actor;
  },
): Promise<{ dossierId: number; created: boolean }> {
  const code = input.code.trim();
  if (!code) throw invalid("dossier code is empty", { field: "code" });
  return db.transaction(async (tx) => {
    const [agency] = await tx
      .select({ id: agencies.id })
      .from(agencies)
      .where(and(eq(agencies.id, input.agencyId), like(agencies.path, `${input.scopePath}%`)));
    if (!agency) throw notFound("agency not found in scope");
    const [handles] = await tx
      .select({ procedureId: agencyProcedures.procedureId })
      .from(agencyProcedures)
      .where(and(eq(agencyProcedures.agencyId, input.agencyId), eq(agencyProcedures.procedureId, input.procedureId)));
    if (!handles) throw invalid("this agency does not handle that procedure", { field: "procedureId" });
    if (input.deskId != null) {
      const [desk] = await tx
        .select({ id: desks.id })
        .from(desks)
        .where(and(eq(desks.id, input.deskId), eq(desks.agencyId, input.agencyId)));
      if (!desk) throw invalid("desk does not belong to this agency", { field: "deskId" });
    }
    const [inserted] = await tx
      .insert(dossiers)
      .values({
        agencyId: input.agencyId,
        procedureId: input.procedureId,
        code,
        deskId: input.deskId ?? null,
        officerId: input.officerId ?? null,
        receivedAt: input.receivedAt ?? null,
        dueAt: input.dueAt ?? null,
        completedAt: input.completedAt,
        source: input.source,
      })
      .onConflictDoNothing({ target: [dossiers.agencyId, dossiers.code] })
      .returning({ id: dossiers.id });
    if (inserted) {
      await tx.insert(auditLog).values({
        actorKind: input.actor.kind,
        actorId: input.actor.id,
        action: "dossier.completed",
        entity: "dossier",
        entityId: String(inserted.id),
        data: { agencyId: input.agencyId, code, source: input.source },
      });
      return { dossierId: inserted.id, created: true };
    }
    const [existing] = await tx
      .select({ id: dossiers.id, procedureId: dossiers.procedureId })
      .from(dossiers)
      .where(and(eq(dossiers.agencyId, input.agencyId), eq(dossiers.code, code)));
    if (!existing) throw conflict("dossier changed concurrently");
    if (existing.procedureId !== input.procedureId) {
      throw conflict("a dossier with this code exists for another procedure");
    }
    return { dossierId: existing.id, created: false };
  });
}

/**
 * Issues the survey invitation of a completed dossier, or shows the live one again: a dossier
 * has at most one live invitation (a partial unique index), so one dossier cannot be answered
 * twice through two tokens.
 */
export async function issueInvitation(
  db: Db,
  input: {
    scopePath: string;
    dossierId: number;
    channel: Channel;
    actor: Actor;
    now?: Date;
    ttlDays?: number;
    secret?: string;
  },
): Promise<IssuedInvitation> {
  const secret = input.secret ?? authSecret();
  const now = input.now ?? clockNow();
  const ttlDays = input.ttlDays ?? (await getSetting(db, "invitations.ttlDays"));

  const attempt = () =>
    db.transaction(async (tx) => {
      const [dossier] = await tx
        .select({ id: dossiers.id, agencyId: dossiers.agencyId, deskId: dossiers.deskId, completedAt: dossiers.completedAt })
        .from(dossiers)
        .innerJoin(agencies, eq(agencies.id, dossiers.agencyId))
        .where(and(eq(dossiers.id, input.dossierId), like(agencies.path, `${input.scopePath}%`)));
      if (!dossier) throw notFound("dossier not found in scope");
      if (!dossier.completedAt) throw invalid("the dossier is not completed yet", { field: "dossierId" });

      const [live] = await tx
        .select()
        .from(invitations)
        .where(and(eq(invitations.dossierId, dossier.id), isNull(invitations.revokedAt)));
      if (live) return { invitation: live, token: invitationToken(secret, live.id), reused: true };

      const id = crypto.randomUUID();
      const token = invitationToken(secret, id);
      const [created] = await tx
        .insert(invitations)
        .values({
          id,
          dossierId: dossier.id,
          agencyId: dossier.agencyId,
          deskId: dossier.deskId,
          channel: input.channel,
          tokenHash: hashToken(token),
          issuedById: input.actor.kind === "staff" ? input.actor.id : null,
          issuedAt: now,
          expiresAt: new Date(now.getTime() + ttlDays * DAY_MS),
        })
        .returning();
      await tx.insert(auditLog).values({
        actorKind: input.actor.kind,
        actorId: input.actor.id,
        action: "invitation.issued",
        entity: "invitation",
        entityId: id,
        data: { dossierId: dossier.id, channel: input.channel },
      });
      return { invitation: created!, token, reused: false };
    });

  try {
    return await attempt();
  } catch (err) {
    // Two desks issuing for one dossier at the same moment: the loser shows the winner's.
    if (isUniqueViolation(err)) return attempt();
    throw err;
  }
}

/** Revokes a dossier's live invitation so that a new one can be issued (audited). */
export async function revokeInvitation(
  db: Db,
  input: { scopePath: string; invitationId: string; actor: Actor; now?: Date },
): Promise<void> {
  const now = input.now ?? clockNow();
  await db.transaction(async (tx) => {
    const [row] = await tx
      .update(invitations)
      .set({ revokedAt: now })
      .where(
        and(
          eq(invitations.id, input.invitationId),
          isNull(invitations.revokedAt),
          isNull(invitations.usedAt),
          sql`${invitations.agencyId} in (select ${agencies.id} from ${agencies} where ${agencies.path} like ${`${input.scopePath}%`})`,
        ),
      )
      .returning({ id: invitations.id });
    if (!row) throw conflict("the invitation is not live or not in scope");
    await tx.insert(auditLog).values({
      actorKind: input.actor.kind,
      actorId: input.actor.id,
      action: "invitation.revoked",
      entity: "invitation",
      entityId: input.invitationId,
    });
  });
}
