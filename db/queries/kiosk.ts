import { and, desc, eq, gt, isNull } from "drizzle-orm";
import { sql } from "drizzle-orm";
import type { Db } from "../client";
import { desks, invitations } from "../schema";

// A survey sent to the tablet is for the citizen standing at the counter now; one issued
// longer ago belongs to someone who has left.
export const KIOSK_WINDOW_MS = 10 * 60 * 1000;

/**
 * The newest survey sent to this desk's tablet that nobody has answered, issued after `after`
 * (the last one the tablet showed) and within the window. Only the desk's own invitations: a
 * tablet reads nothing else.
 */
export async function nextKioskInvitation(db: Db, { deskId, after, now = new Date() }: { deskId: number; after: Date | null; now?: Date }) {
  const floor = new Date(Math.max(after?.getTime() ?? 0, now.getTime() - KIOSK_WINDOW_MS));
  const [row] = await db
    .select({ id: invitations.id, issuedAt: invitations.issuedAt })
    .from(invitations)
    .where(
      and(
        eq(invitations.deskId, deskId),
        eq(invitations.channel, "kiosk"),
        isNull(invitations.usedAt),
        isNull(invitations.revokedAt),
        gt(invitations.issuedAt, floor),
        sql`${invitations.expiresAt} > ${now.toISOString()}::timestamptz`,
      ),
    )
    .orderBy(desc(invitations.issuedAt))
    .limit(1);
  return row ?? null;
}

/** The invitation the tablet is about to show, only if it was sent to this desk's tablet and is still open. */
export async function kioskInvitation(db: Db, { deskId, invitationId, now = new Date() }: { deskId: number; invitationId: string; now?: Date }) {
  if (!/^[0-9a-f-]{36}$/i.test(invitationId)) return null;
  const [row] = await db
    .select({ id: invitations.id, issuedAt: invitations.issuedAt })
    .from(invitations)
    .where(
      and(
        eq(invitations.id, invitationId),
        eq(invitations.deskId, deskId),
        eq(invitations.channel, "kiosk"),
        isNull(invitations.usedAt),
        isNull(invitations.revokedAt),
        sql`${invitations.expiresAt} > ${now.toISOString()}::timestamptz`,
      ),
    );
  return row ?? null;
}

export async function deskName(db: Db, { deskId }: { deskId: number }): Promise<string | null> {
  const [row] = await db.select({ name: desks.name }).from(desks).where(eq(desks.id, deskId));
  return row?.name ?? null;
}
