import { and, asc, desc, eq, inArray, isNull, like, sql } from "drizzle-orm";
import type { Db } from "../client";
import { agencies, agencyProcedures, desks, dossiers, invitations, procedures, staffAccounts } from "../schema";

export async function proceduresOfAgency(db: Db, { agencyId }: { agencyId: number }) {
  return db
    .select({ id: procedures.id, code: procedures.code, name: procedures.name, field: procedures.field })
    .from(agencyProcedures)
    .innerJoin(procedures, eq(procedures.id, agencyProcedures.procedureId))
    .where(eq(agencyProcedures.agencyId, agencyId))
    .orderBy(asc(procedures.field), asc(procedures.name));
}

export async function desksOfAgency(db: Db, { agencyId }: { agencyId: number }) {
  return db
    .select({ id: desks.id, code: desks.code, name: desks.name })
    .from(desks)
    .where(and(eq(desks.agencyId, agencyId), eq(desks.active, true)))
    .orderBy(asc(desks.code));
}

/** Desks of the agency that have an active counter-tablet (kiosk) account. */
export async function desksWithKiosk(db: Db, { agencyId }: { agencyId: number }): Promise<number[]> {
  const found = await db
    .selectDistinct({ deskId: staffAccounts.deskId })
    .from(staffAccounts)
    .innerJoin(desks, eq(desks.id, staffAccounts.deskId))
    .where(and(eq(desks.agencyId, agencyId), eq(staffAccounts.role, "kiosk"), eq(staffAccounts.active, true)));
  return found.flatMap((r) => (r.deskId === null ? [] : [r.deskId]));
}

export type InvitationStatus = "none" | "issued" | "answered" | "expired" | "revoked";

export const statusSql = (now: Date) => sql<InvitationStatus>`case
  when ${invitations.id} is null then 'none'
  when ${invitations.usedAt} is not null then 'answered'
  when ${invitations.revokedAt} is not null then 'revoked'
  when ${invitations.expiresAt} <= ${now.toISOString()}::timestamptz then 'expired'
  else 'issued' end`;

/** The agency's most recently completed dossiers with the state of their survey. */
export async function recentDossiers(
  db: Db,
  { agencyId, scopePath, limit = 20, now = new Date() }: { agencyId: number; scopePath: string; limit?: number; now?: Date },
) {
  return db
    .select({
      id: dossiers.id,
      code: dossiers.code,
      procedureName: procedures.name,
      completedAt: dossiers.completedAt,
      source: dossiers.source,
      invitationId: invitations.id,
      status: statusSql(now),
    })
    .from(dossiers)
    .innerJoin(agencies, eq(agencies.id, dossiers.agencyId))
    .innerJoin(procedures, eq(procedures.id, dossiers.procedureId))
    .leftJoin(invitations, and(eq(invitations.dossierId, dossiers.id), isNull(invitations.revokedAt)))
    .where(and(eq(dossiers.agencyId, agencyId), like(agencies.path, `${scopePath}%`)))
    .orderBy(desc(dossiers.completedAt), desc(dossiers.id))
    .limit(limit);
}

/** An invitation with what the slip prints, only if it lies inside the caller's scope. */
export async function getInvitationInScope(
  db: Db,
  { invitationId, scopePath, now = new Date() }: { invitationId: string; scopePath: string; now?: Date },
) {
  if (!/^[0-9a-f-]{36}$/i.test(invitationId)) return null;
  const [row] = await db
    .select({
      id: invitations.id,
      issuedAt: invitations.issuedAt,
      expiresAt: invitations.expiresAt,
      channel: invitations.channel,
      status: statusSql(now),
      agencyName: agencies.name,
      dossierCode: dossiers.code,
      procedureName: procedures.name,
    })
    .from(invitations)
    .innerJoin(agencies, eq(agencies.id, invitations.agencyId))
    .leftJoin(dossiers, eq(dossiers.id, invitations.dossierId))
    .leftJoin(procedures, eq(procedures.id, dossiers.procedureId))
    .where(and(eq(invitations.id, invitationId), like(agencies.path, `${scopePath}%`)));
  return row ?? null;
}

// An A4 sheet holds 8 slips (2 × 4).
export const SLIPS_PER_SHEET = 8;

/**
 * Live invitations (issued, not answered, not expired) of the officer's agency for an A4 sheet:
 * the chosen ones, or the most recent. Scope is in the WHERE clause like every desk query.
 */
export async function liveInvitationsForSheet(
  db: Db,
  { agencyId, scopePath, ids, now = new Date() }: { agencyId: number; scopePath: string; ids?: string[]; now?: Date },
) {
  const chosen = (ids ?? []).filter((id) => /^[0-9a-f-]{36}$/i.test(id)).slice(0, SLIPS_PER_SHEET);
  if (ids && ids.length > 0 && chosen.length === 0) return [];
  return db
    .select({
      id: invitations.id,
      expiresAt: invitations.expiresAt,
      agencyName: agencies.name,
      dossierCode: dossiers.code,
      procedureName: procedures.name,
    })
    .from(invitations)
    .innerJoin(agencies, eq(agencies.id, invitations.agencyId))
    .leftJoin(dossiers, eq(dossiers.id, invitations.dossierId))
    .leftJoin(procedures, eq(procedures.id, dossiers.procedureId))
    .where(
      and(
        eq(invitations.agencyId, agencyId),
        like(agencies.path, `${scopePath}%`),
        isNull(invitations.usedAt),
        isNull(invitations.revokedAt),
        sql`${invitations.expiresAt} > ${now.toISOString()}::timestamptz`,
        chosen.length > 0 ? inArray(invitations.id, chosen) : undefined,
      ),
    )
    .orderBy(desc(invitations.issuedAt))
    .limit(SLIPS_PER_SHEET);
}
