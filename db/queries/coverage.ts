import { sql } from "drizzle-orm";
import { rows, type Db } from "../client";

export type Coverage = {
  /** Dossiers completed in the period, whether or not a survey was issued for them. */
  dossiersCompleted: number;
  /** Of those, the dossiers that got an invitation (a revoked and re-issued one counts once). */
  invitationsIssued: number;
  /** Of those, the dossiers that were answered. */
  responses: number;
};

/**
 * Coverage (domain §4.7): dossiers completed → invitations issued → responses, pooled over the
 * agency's subtree for a period [from, to). Every stage counts dossiers, so each figure is a
 * subset of the one before and the ratios read as shares. Null when the agency is not inside
 * the caller's scope.
 */
export async function coverageByAgency(
  db: Db,
  { agencyId, scopePath, from, to }: { agencyId: number; scopePath: string; from: Date; to: Date },
): Promise<Coverage | null> {
  const [row] = await rows<{ in_scope: number; dossiers: number; invited: number; answered: number }>(
    db,
    sql`with root as (
          select path from agencies where id = ${agencyId} and path like ${`${scopePath}%`}
        ), done as (
          select d.id from dossiers d
          join agencies a on a.id = d.agency_id
          join root on a.path like root.path || '%'
          where d.completed_at >= ${from.toISOString()}::timestamptz and d.completed_at < ${to.toISOString()}::timestamptz
        )
        select (select count(*) from root)::int as in_scope,
               (select count(*) from done)::int as dossiers,
               (select count(*) from done where exists (select 1 from invitations i where i.dossier_id = done.id))::int as invited,
               (select count(*) from done where exists (select 1 from responses r where r.dossier_id = done.id))::int as answered`,
  );
  if (!row || Number(row.in_scope) === 0) return null;
  return { dossiersCompleted: Number(row.dossiers), invitationsIssued: Number(row.invited), responses: Number(row.answered) };
}
