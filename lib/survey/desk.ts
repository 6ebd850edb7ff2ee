import { z } from "zod";
import type { Db } from "@/db/client";
import type { StaffUser } from "@/lib/auth/accounts";
import { requirePermission } from "@/lib/auth/permissions";
import { and, eq, like } from "drizzle-orm";
import { agencies, invitations } from "@/db/schema";
import { conflict, invalid } from "@/lib/errors";
import { issueInvitation, recordCompletedDossier, revokeInvitation } from "./issue";
import { now as clockNow } from "@/lib/time/clock";

// Dossier codes of the national one-stop system are ~30 characters; 64 leaves room for local ones.
const MAX_DOSSIER_CODE = 64;

export const deskFormSchema = z.object({
  code: z.string().trim().min(1).max(MAX_DOSSIER_CODE),
  procedureId: z.coerce.number().int().positive(),
  deskId: z
    .union([z.literal(""), z.coerce.number().int().positive()])
    .optional()
    .transform((v) => (v === "" || v === undefined ? null : v)),
  // A checkbox: present ("on") when the survey goes to the desk's counter tablet.
  sendToKiosk: z
    .union([z.literal("on"), z.literal(""), z.literal(true), z.literal(false)])
    .optional()
    .transform((v) => v === "on" || v === true),
});

/**
 * The desk's one action: the result is handed over now, so the dossier is completed and its
 * survey issued, in the officer's own agency.
 */
export async function completeAndIssue(db: Db, staff: StaffUser, input: z.input<typeof deskFormSchema>, now = clockNow()) {
  requirePermission(staff, "issue:survey");
  const parsed = deskFormSchema.safeParse(input);
  if (!parsed.success) {
    const field = String(parsed.error.issues[0]?.path[0] ?? "code");
    throw invalid("invalid desk form", { field });
  }
  const { dossierId } = await recordCompletedDossier(db, {
    scopePath: staff.scopePath,
    agencyId: staff.agencyId,
    procedureId: parsed.data.procedureId,
    code: parsed.data.code,
    deskId: parsed.data.deskId ?? staff.deskId,
    officerId: staff.id,
    completedAt: now,
    source: "desk",
    actor: { kind: "staff", id: staff.id },
  });
  return issueInvitation(db, {
    scopePath: staff.scopePath,
    dossierId,
    channel: parsed.data.sendToKiosk ? "kiosk" : "receipt_qr",
    actor: { kind: "staff", id: staff.id },
    now,
  });
}

/** Issues (or shows again) the survey of a dossier already recorded in the officer's scope. */
export async function issueForDossier(db: Db, staff: StaffUser, dossierId: number, now = clockNow(), { sendToKiosk = false }: { sendToKiosk?: boolean } = {}) {
  requirePermission(staff, "issue:survey");
  if (!Number.isInteger(dossierId) || dossierId <= 0) throw invalid("invalid dossier", { field: "dossierId" });
  return issueInvitation(db, {
    scopePath: staff.scopePath,
    dossierId,
    channel: sendToKiosk ? "kiosk" : "receipt_qr",
    actor: { kind: "staff", id: staff.id },
    now,
  });
}

/**
 * Revokes a live, unanswered invitation (a lost or misdelivered slip) and issues a new one for
 * the same dossier on the same channel; both steps are audited.
 */
export async function revokeAndReissue(db: Db, staff: StaffUser, invitationId: string, now = clockNow()) {
  requirePermission(staff, "issue:survey");
  if (!/^[0-9a-f-]{36}$/i.test(invitationId)) throw invalid("invalid invitation", { field: "invitationId" });
  const [old] = await db
    .select({ dossierId: invitations.dossierId, channel: invitations.channel })
    .from(invitations)
    .innerJoin(agencies, eq(agencies.id, invitations.agencyId))
    .where(and(eq(invitations.id, invitationId), like(agencies.path, `${staff.scopePath}%`)));
  if (!old || old.dossierId === null) throw conflict("the invitation is not live or not in scope");
  const dossierId = old.dossierId;
  // One transaction: a dossier is never left without a live invitation halfway.
  return db.transaction(async (tx) => {
    await revokeInvitation(tx, { scopePath: staff.scopePath, invitationId, actor: { kind: "staff", id: staff.id }, now });
    return issueInvitation(tx, { scopePath: staff.scopePath, dossierId, channel: old.channel, actor: { kind: "staff", id: staff.id }, now });
  });
}
