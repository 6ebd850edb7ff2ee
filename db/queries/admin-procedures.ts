import { asc, count, eq, ilike, or, sql } from "drizzle-orm";
import type { Db } from "../client";
import { procedures } from "../schema";

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** The catalogue, filtered by a search over code, name and field, with how many agencies handle each. */
export async function searchProcedures(db: Db, { q, limit, offset }: { q: string; limit: number; offset: number }) {
  const term = q.trim();
  const where = term
    ? or(ilike(procedures.code, `%${escapeLike(term)}%`), ilike(procedures.name, `%${escapeLike(term)}%`), ilike(procedures.field, `%${escapeLike(term)}%`))
    : undefined;
  const [list, [total]] = await Promise.all([
    db
      .select({
        id: procedures.id,
        code: procedures.code,
        name: procedures.name,
        field: procedures.field,
        // Aliased: inside a subquery Drizzle leaves column names unqualified.
        agencies: sql<number>`(select count(*)::int from agency_procedures ap where ap.procedure_id = procedures.id)`,
      })
      .from(procedures)
      .where(where)
      .orderBy(asc(procedures.field), asc(procedures.name), asc(procedures.id))
      .limit(limit)
      .offset(offset),
    db.select({ n: count() }).from(procedures).where(where),
  ]);
  return { list, total: Number(total?.n ?? 0) };
}

export async function getProcedure(db: Db, { procedureId }: { procedureId: number }) {
  const [row] = await db.select().from(procedures).where(eq(procedures.id, procedureId));
  return row ?? null;
}

/** Every procedure, for the "link a procedure" choice of an agency. */
export async function allProcedures(db: Db) {
  return db.select({ id: procedures.id, code: procedures.code, name: procedures.name, field: procedures.field }).from(procedures).orderBy(asc(procedures.field), asc(procedures.name));
}
