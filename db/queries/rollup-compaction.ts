import { getTableColumns, getTableName, sql } from "drizzle-orm";
import { rows, type Db } from "../client";
import { agencyDayAnswers, agencyMonthAnswers, agencyMonthMarginals } from "../schema";

type Striped = typeof agencyDayAnswers | typeof agencyMonthAnswers | typeof agencyMonthMarginals;

/** snake_case column names of a table apart from its key and stripe: the counters. */
function counterColumns(table: Striped, key: readonly string[]): string[] {
  return Object.values(getTableColumns(table))
    // Keys as the schema spells them, stored snake_case (the client's casing).
    .map((c) => c.name.replace(/[A-Z]/g, (ch: string) => `_${ch.toLowerCase()}`))
    .filter((n) => n !== "stripe" && !key.includes(n));
}

/**
 * Folds the stripes of one table's closed keys (a day or month before `before`) into stripe 0, in
 * one statement: the deleted rows' counters are summed per key and added to stripe 0 (created when
 * absent). Sums are unchanged, so every figure is; a writer that still touches a closed key (an
 * answer removed or excluded later) simply leaves a new stripe row for the next run.
 */
async function compactTable(
  db: Db,
  table: Striped,
  grain: "day" | "month",
  before: string,
  facets: readonly string[] = [],
): Promise<{ folded: number; kept: number }> {
  const name = getTableName(table);
  const key = ["agency_id", grain, "verified", ...facets];
  // The breakdown counters' key allows nulls (no procedure, officer or desk) and is a named constraint.
  const target = facets.length > 0 ? `on constraint ${name}_key` : `(${key.join(", ")}, stripe)`;
  const counters = counterColumns(table, key);
  const keyList = key.join(", ");
  const [result] = await rows<{ folded: number; kept: number }>(
    db,
    sql.raw(`with moved as (
        delete from ${name} where ${grain} < '${before}'::date and stripe <> 0 returning *
      ), folded as (
        insert into ${name} as t (${keyList}, stripe, ${counters.join(", ")})
        select ${keyList}, 0, ${counters.map((c) => `sum(${c})::int`).join(", ")} from moved group by ${keyList}
        on conflict ${target} do update set ${counters.map((c) => `${c} = t.${c} + excluded.${c}`).join(", ")}
        returning 1
      )
      select (select count(*)::int from moved) as folded, (select count(*)::int from folded) as kept`),
  );
  return { folded: Number(result!.folded), kept: Number(result!.kept) };
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Stripes only matter while a key is being written by concurrent answers (today, this month).
 * Once closed, a day's or a month's counters are folded into one row per key: readers of past
 * periods (the alert evaluation's 120 days, every figure) then sum about half as many rows.
 */
export async function compactRollupStripes(db: Db, params: { beforeDay: string; beforeMonth: string }) {
  if (!DAY.test(params.beforeDay) || !DAY.test(params.beforeMonth)) throw new Error("compactRollupStripes: days as yyyy-mm-dd");
  const days = await compactTable(db, agencyDayAnswers, "day", params.beforeDay);
  const months = await compactTable(db, agencyMonthAnswers, "month", params.beforeMonth);
  const facets = await compactTable(db, agencyMonthMarginals, "month", params.beforeMonth, ["dimension", "key"]);
  return {
    dayRowsFolded: days.folded,
    dayRowsKept: days.kept,
    monthRowsFolded: months.folded,
    monthRowsKept: months.kept,
    facetRowsFolded: facets.folded,
    facetRowsKept: facets.kept,
  };
}
