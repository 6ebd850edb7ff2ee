import { and, asc, eq, like, sql } from "drizzle-orm";
import type { Db } from "../client";
import { agencies, agencyProcedures, desks, procedures, standingCodes, type Agency } from "../schema";

function subtree(scopePath: string) {
  return like(agencies.path, `${scopePath.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
}

export type AgencyNode = Agency & { depth: number; desks: number; staff: number; procedures: number };

/**
 * The agencies of a subtree in display order (depth first, siblings by sort order then name),
 * each with its depth below the root of the scope and a few counts for the tree view.
 */
export async function agencyTreeInScope(db: Db, { scopePath }: { scopePath: string }): Promise<AgencyNode[]> {
  const list = await db
    .select({
      agency: agencies,
      // Written out with aliases: inside a subquery Drizzle leaves column names unqualified,
      // and "id" would then mean the inner table's id.
      desks: sql<number>`(select count(*)::int from desks d where d.agency_id = agencies.id and d.active)`,
      staff: sql<number>`(select count(*)::int from staff_accounts s where s.agency_id = agencies.id and s.active)`,
      procedures: sql<number>`(select count(*)::int from agency_procedures ap where ap.agency_id = agencies.id)`,
    })
    .from(agencies)
    .where(subtree(scopePath))
    .orderBy(asc(agencies.sortOrder), asc(agencies.name));
  const byParent = new Map<number | null, typeof list>();
  const ids = new Set(list.map((r) => r.agency.id));
  for (const row of list) {
    const key = row.agency.parentId != null && ids.has(row.agency.parentId) ? row.agency.parentId : null;
    byParent.set(key, [...(byParent.get(key) ?? []), row]);
  }
  const out: AgencyNode[] = [];
  const walk = (parent: number | null, depth: number) => {
    for (const row of byParent.get(parent) ?? []) {
      out.push({ ...row.agency, depth, desks: row.desks, staff: row.staff, procedures: row.procedures });
      walk(row.agency.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}

/** The level labels in use, to suggest when creating an agency. */
export async function levelLabels(db: Db): Promise<string[]> {
  const list = await db.selectDistinct({ level: agencies.level }).from(agencies).orderBy(asc(agencies.level));
  return list.map((r) => r.level);
}

/** Desks of an agency inside the scope (inactive ones too: they can be reactivated). */
export async function desksOfAgencyInScope(db: Db, { agencyId, scopePath }: { agencyId: number; scopePath: string }) {
  return db
    .select({ id: desks.id, code: desks.code, name: desks.name, active: desks.active })
    .from(desks)
    .innerJoin(agencies, eq(agencies.id, desks.agencyId))
    .where(and(eq(desks.agencyId, agencyId), subtree(scopePath)))
    .orderBy(asc(desks.code));
}

/** Standing QR codes of an agency inside the scope, with the desk they stand at. */
export async function standingCodesOfAgencyInScope(db: Db, { agencyId, scopePath }: { agencyId: number; scopePath: string }) {
  return db
    .select({
      id: standingCodes.id,
      code: standingCodes.code,
      label: standingCodes.label,
      active: standingCodes.active,
      deskId: standingCodes.deskId,
      deskName: desks.name,
      createdAt: standingCodes.createdAt,
    })
    .from(standingCodes)
    .innerJoin(agencies, eq(agencies.id, standingCodes.agencyId))
    .leftJoin(desks, eq(desks.id, standingCodes.deskId))
    .where(and(eq(standingCodes.agencyId, agencyId), subtree(scopePath)))
    .orderBy(asc(standingCodes.createdAt));
}

/** One standing code inside the scope, with its agency name. */
export async function standingCodeInScope(db: Db, { codeId, scopePath }: { codeId: number; scopePath: string }) {
  const [row] = await db
    .select({
      id: standingCodes.id,
      code: standingCodes.code,
      label: standingCodes.label,
      active: standingCodes.active,
      agencyId: standingCodes.agencyId,
      agencyName: agencies.name,
      deskName: desks.name,
    })
    .from(standingCodes)
    .innerJoin(agencies, eq(agencies.id, standingCodes.agencyId))
    .leftJoin(desks, eq(desks.id, standingCodes.deskId))
    .where(and(eq(standingCodes.id, codeId), subtree(scopePath)));
  return row ?? null;
}

/** Procedures an agency of the scope handles. */
export async function proceduresOfAgencyInScope(db: Db, { agencyId, scopePath }: { agencyId: number; scopePath: string }) {
  return db
    .select({ id: procedures.id, code: procedures.code, name: procedures.name, field: procedures.field })
    .from(agencyProcedures)
    .innerJoin(procedures, eq(procedures.id, agencyProcedures.procedureId))
    .innerJoin(agencies, eq(agencies.id, agencyProcedures.agencyId))
    .where(and(eq(agencyProcedures.agencyId, agencyId), subtree(scopePath)))
    .orderBy(asc(procedures.field), asc(procedures.name));
}
