import { sql } from "drizzle-orm";
import { rows, type Db } from "../client";

/**
 * The reporting years (01/12 – 30/11, Vietnam time, named by the year they end in) that have
 * responses inside the subtree, newest first. Vietnam time is UTC+7 all year, so a fixed
 * offset is exact and needs no time-zone data in the database.
 */
export async function reportingYearsWithResponses(db: Db, { scopePath }: { scopePath: string }): Promise<number[]> {
  const result = await rows<{ year: number }>(
    db,
    sql`select distinct extract(year from (r.submitted_at at time zone 'UTC') + interval '7 hours' + interval '1 month')::int as year
        from responses r
        join agencies a on a.id = r.agency_id
        where a.path like ${`${scopePath}%`}
        order by year desc`,
  );
  return result.map((r) => Number(r.year));
}
