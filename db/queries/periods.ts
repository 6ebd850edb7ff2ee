import { sql } from "drizzle-orm";
import { rows, type Db } from "../client";

/**
 * The reporting years (01/12 – 30/11, Vietnam time, named by the year they end in) that have
 * responses inside the subtree, newest first. Read from the monthly rollup (decision 006): a
 * December month belongs to the reporting year of the next calendar year.
 */
export async function reportingYearsWithResponses(db: Db, { scopePath }: { scopePath: string }): Promise<number[]> {
  const result = await rows<{ year: number }>(
    db,
    sql`select distinct extract(year from f.month + interval '1 month')::int as year
        from agency_month_answers f
        join agencies a on a.id = f.agency_id
        where a.path like ${`${scopePath}%`} and f.responses > 0
        order by year desc`,
  );
  return result.map((r) => Number(r.year));
}
