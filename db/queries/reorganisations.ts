import { sql } from "drizzle-orm";
import { rows, type Db } from "../client";
import type { ReorganisationKind } from "../schema";

export type ReorganisationUnit = { id: number; code: string; name: string };

export type ReorganisationRow = {
  id: number;
  kind: ReorganisationKind;
  status: "planned" | "done";
  effectiveAt: Date;
  basis: string;
  createdAt: Date;
  carriedOutAt: Date | null;
  predecessors: ReorganisationUnit[];
  successors: (ReorganisationUnit & { takesRest: boolean; desks: number; procedures: number; staff: number })[];
};

/**
 * The reorganisations an administrator sees: those whose predecessors or successors lie in the
 * administrator's subtree, planned ones first (soonest first), then those carried out (latest first).
 */
export async function reorganisationsInScope(db: Db, { scopePath, limit = 200 }: { scopePath: string; limit?: number }): Promise<ReorganisationRow[]> {
  // Paths are ids and slashes ("/1/7/"): nothing in them to escape for LIKE.
  const pattern = `${scopePath}%`;
  const found = await rows<{
    id: number;
    kind: ReorganisationKind;
    status: "planned" | "done";
    effective_at: string | Date;
    basis: string;
    created_at: string | Date;
    carried_out_at: string | Date | null;
    predecessors: ReorganisationUnit[];
    successors: ReorganisationRow["successors"];
  }>(
    db,
    sql`select r.id, r.kind, r.status, r.effective_at, r.basis, r.created_at, r.carried_out_at,
          (select json_agg(json_build_object('id', a.id, 'code', a.code, 'name', a.name) order by a.name)
             from agencies a where a.id in (select p.predecessor_id from reorganisation_parts p where p.reorganisation_id = r.id)) as predecessors,
          (select json_agg(json_build_object('id', s.id, 'code', s.code, 'name', s.name, 'takesRest', s.takes_rest,
                                             'desks', s.desks, 'procedures', s.procedures, 'staff', s.staff) order by s.takes_rest desc, s.name)
             from (select a.id, a.code, a.name, bool_or(p.takes_rest) as takes_rest,
                          count(p.desk_id)::int as desks, count(p.procedure_id)::int as procedures, count(p.staff_account_id)::int as staff
                     from reorganisation_parts p join agencies a on a.id = p.successor_id
                    where p.reorganisation_id = r.id
                    group by a.id, a.code, a.name) s) as successors
        from reorganisations r
        where exists (select 1 from reorganisation_parts p
                        join agencies a on a.id in (p.predecessor_id, p.successor_id)
                       where p.reorganisation_id = r.id and a.path like ${pattern})
        order by r.status = 'done', case when r.status = 'planned' then r.effective_at end asc, r.effective_at desc, r.id desc
        limit ${limit}`,
  );
  const date = (v: string | Date) => (v instanceof Date ? v : new Date(v));
  return found.map((r) => ({
    id: Number(r.id),
    kind: r.kind,
    status: r.status,
    effectiveAt: date(r.effective_at),
    basis: r.basis,
    createdAt: date(r.created_at),
    carriedOutAt: r.carried_out_at == null ? null : date(r.carried_out_at),
    predecessors: r.predecessors ?? [],
    successors: r.successors ?? [],
  }));
}

/** The active accounts of an agency, for the split's mapping (the page has checked its scope). */
export async function accountsOfAgency(db: Db, { agencyId }: { agencyId: number }): Promise<{ id: number; username: string; name: string }[]> {
  const found = await rows<{ id: number; username: string; name: string }>(
    db,
    sql`select id, username, name from staff_accounts where agency_id = ${agencyId} and active order by username`,
  );
  return found.map((r) => ({ ...r, id: Number(r.id) }));
}

export type StructureBreak = { id: number; kind: ReorganisationKind; effectiveAt: Date; basis: string; predecessors: string[]; successors: string[] };

/**
 * The reorganisations carried out inside a window that touched an agency or its subtree (as a
 * predecessor or a successor): where its trend changes structure, to be marked on the chart.
 */
export async function structureBreaks(db: Db, { path, from, to }: { path: string; from: Date; to: Date }): Promise<StructureBreak[]> {
  const pattern = `${path}%`;
  const found = await rows<{ id: number; kind: ReorganisationKind; effective_at: string | Date; basis: string; predecessors: string[]; successors: string[] }>(
    db,
    sql`select r.id, r.kind, r.effective_at, r.basis,
          array(select a.name from agencies a where a.id in (select p.predecessor_id from reorganisation_parts p where p.reorganisation_id = r.id) order by a.name) as predecessors,
          array(select a.name from agencies a where a.id in (select p.successor_id from reorganisation_parts p where p.reorganisation_id = r.id) order by a.name) as successors
        from reorganisations r
        where r.status = 'done' and r.effective_at >= ${from.toISOString()}::timestamptz and r.effective_at < ${to.toISOString()}::timestamptz
          and exists (select 1 from reorganisation_parts p join agencies a on a.id in (p.predecessor_id, p.successor_id)
                       where p.reorganisation_id = r.id and a.path like ${pattern})
        order by r.effective_at, r.id`,
  );
  return found.map((r) => ({
    id: Number(r.id),
    kind: r.kind,
    effectiveAt: r.effective_at instanceof Date ? r.effective_at : new Date(r.effective_at),
    basis: r.basis,
    predecessors: r.predecessors,
    successors: r.successors,
  }));
}
