import { and, asc, eq, isNull, like } from "drizzle-orm";
import type { Db } from "../client";
import { agencies, dossiers, invitations } from "../schema";
import { statusSql } from "./desk";

/** An invitation's state for an API client, only inside the key's subtree; never the answers. */
export async function invitationStatusInScope(db: Db, { invitationId, scopePath, now = new Date() }: { invitationId: string; scopePath: string; now?: Date }) {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(invitationId)) return null;
  const [row] = await db
    .select({
      id: invitations.id,
      status: statusSql(now),
      dossierCode: dossiers.code,
      agencyCode: agencies.code,
      issuedAt: invitations.issuedAt,
      expiresAt: invitations.expiresAt,
      answeredAt: invitations.usedAt,
    })
    .from(invitations)
    .innerJoin(agencies, eq(agencies.id, invitations.agencyId))
    .leftJoin(dossiers, eq(dossiers.id, invitations.dossierId))
    .where(and(eq(invitations.id, invitationId), like(agencies.path, `${scopePath}%`)));
  return row ?? null;
}

/** Agencies an administrator may scope a key to: their own subtree, in tree order. */
/** The agencies in force in a subtree, for a new key or endpoint: an ended one reports nothing new. */
export async function agenciesInScope(db: Db, { scopePath }: { scopePath: string }) {
  return db
    .select({ id: agencies.id, code: agencies.code, name: agencies.name, path: agencies.path })
    .from(agencies)
    .where(and(like(agencies.path, `${scopePath}%`), isNull(agencies.validTo)))
    .orderBy(asc(agencies.path));
}
