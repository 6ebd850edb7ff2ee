import { sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { rows, type Database } from "@/db/client";
import { ROLLUP_STRIPES } from "@/db/schema/rollups";
import { createAgencyTree, createSurveyBase, insertDossiers, insertResponses, uniformSheet } from "@/tests/helpers/fixtures";
import { createTestDatabase } from "@/tests/helpers/test-db";
import { reportingYearPeriod } from "@/lib/metrics/periods";
import { agencyOwnCounts, monthlyCounts, pooledCounts } from "./figures";
import { reportingYearsWithResponses } from "./periods";
import { compactRollupStripes } from "./rollup-compaction";

let database: Database;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

it("spreads writers of one agency and day over striped rows, which every reader sums", async () => {
  const db = database.db;
  const base = await createSurveyBase(db);
  const tree = await createAgencyTree(db, [
    { code: "S-D", level: "district" },
    { code: "S-C", level: "commune", parent: "S-D" },
  ]);
  const agencyId = tree["S-C"]!.id;
  const at = new Date("2023-06-15T10:00:00+07:00");
  // Twenty transactions of their own, as twenty citizens answering one after another.
  for (let i = 0; i < 20; i++) {
    await insertDossiers(db, { agencyId, procedureId: base.procedureId, completedAt: at, count: 1 });
    await insertResponses(db, { ...base, agencyId, submittedAt: at, sheets: [{ answers: uniformSheet(i < 15 ? 5 : 2) }] });
  }
  const [stored] = await rows<{ day_rows: number; month_rows: number; max_stripe: number }>(
    db,
    sql`select (select count(*)::int from agency_day_answers where agency_id = ${agencyId}) as day_rows,
               (select count(*)::int from agency_month_answers where agency_id = ${agencyId}) as month_rows,
               (select max(stripe)::int from agency_day_answers) as max_stripe`,
  );
  expect(stored!.day_rows).toBeGreaterThan(1);
  expect(stored!.month_rows).toBeGreaterThan(1);
  expect(stored!.max_stripe).toBeLessThan(ROLLUP_STRIPES);

  // A month-aligned period reads the month rows; a range of days the day rows; a range across
  // months both (its edge days and its whole months).
  const year = reportingYearPeriod(2023);
  const days = { from: new Date("2023-06-10T00:00:00+07:00"), to: new Date("2023-06-20T00:00:00+07:00") };
  const across = { from: new Date("2023-05-20T00:00:00+07:00"), to: new Date("2023-07-03T00:00:00+07:00") };
  const edges = { from: new Date("2023-06-15T00:00:00+07:00"), to: new Date("2023-08-03T00:00:00+07:00") };
  for (const period of [year, days, across, edges]) {
    const own = pooledCounts(await agencyOwnCounts(db, { scopePath: tree["S-D"]!.path, ...period }), tree["S-D"]!.path);
    expect([own.responses, own.completedDossiers]).toEqual([20, 20]);
    expect(own.elements.access.distribution).toEqual([0, 5, 0, 0, 15]);
  }
  const june = (await monthlyCounts(db, { path: tree["S-C"]!.path, scopePath: tree["S-D"]!.path, ...year })).find((m) => m.month === "2023-06")!;
  expect(june.counts.responses).toBe(20);
  expect(await reportingYearsWithResponses(db, { scopePath: tree["S-D"]!.path })).toEqual([2023]);
});

it("folds the stripes of closed days and months into one row per key, every figure unchanged", async () => {
  const db = database.db;
  const base = await createSurveyBase(db);
  const tree = await createAgencyTree(db, [
    { code: "K-D", level: "district" },
    { code: "K-C", level: "commune", parent: "K-D" },
  ]);
  const agencyId = tree["K-C"]!.id;
  const past = new Date("2023-06-15T10:00:00+07:00");
  const open = new Date("2023-07-03T10:00:00+07:00");
  for (let i = 0; i < 12; i++) {
    for (const at of [past, open]) {
      await insertDossiers(db, { agencyId, procedureId: base.procedureId, completedAt: at, count: 1 });
      await insertResponses(db, { ...base, agencyId, submittedAt: at, sheets: [{ answers: uniformSheet(i < 9 ? 5 : 2) }] });
    }
  }
  const stored = async () =>
    (
      await rows<{ day: string; day_rows: number; month_rows: number }>(
        db,
        sql`select d.day::text as day, count(*)::int as day_rows,
                   (select count(*)::int from agency_month_answers m where m.agency_id = ${agencyId} and m.month = date_trunc('month', d.day)::date) as month_rows
            from agency_day_answers d where d.agency_id = ${agencyId} group by d.day order by d.day`,
      )
    ).map((r) => [r.day, r.day_rows, r.month_rows]);
  const figures = async () => {
    const year = reportingYearPeriod(2023);
    const own = pooledCounts(await agencyOwnCounts(db, { scopePath: tree["K-D"]!.path, ...year }), tree["K-D"]!.path);
    const june = pooledCounts(
      await agencyOwnCounts(db, { scopePath: tree["K-D"]!.path, from: new Date("2023-06-15T00:00:00+07:00"), to: new Date("2023-06-16T00:00:00+07:00") }),
      tree["K-D"]!.path,
    );
    return { own, june };
  };
  const before = await stored();
  expect(before.every(([, dayRows, monthRows]) => Number(dayRows) > 1 && Number(monthRows) > 1)).toBe(true);
  const figuresBefore = await figures();
  expect(figuresBefore.own.responses).toBe(24);
  expect(figuresBefore.june.elements.access.distribution).toEqual([0, 3, 0, 0, 9]);

  // The night after 2 July 2023: June is closed (day and month), 3 July and July are not.
  const result = await compactRollupStripes(db, { beforeDay: "2023-07-03", beforeMonth: "2023-07-01" });
  // (The other test's agency answered in June too: its keys are folded with these.)
  expect(result.dayRowsFolded).toBeGreaterThanOrEqual(Number(before[0]![1]) - 1);
  expect(result.monthRowsFolded).toBeGreaterThanOrEqual(Number(before[0]![2]) - 1);
  const after = await stored();
  expect(after).toEqual([
    ["2023-06-15", 1, 1],
    before[1],
  ]);
  expect(await figures()).toEqual(figuresBefore);
  const [zero] = await rows<{ n: number }>(db, sql`select count(*)::int as n from agency_day_answers where agency_id = ${agencyId} and day = '2023-06-15' and stripe = 0`);
  expect(zero!.n).toBe(1);

  // A second run folds nothing; a later removal of a June answer leaves its own stripe, folded the next night.
  expect(await compactRollupStripes(db, { beforeDay: "2023-07-03", beforeMonth: "2023-07-01" })).toMatchObject({ dayRowsFolded: 0, monthRowsFolded: 0 });
  await db.execute(sql`delete from responses where id = (select min(id) from responses where agency_id = ${agencyId} and submitted_at < '2023-07-01')`);
  await compactRollupStripes(db, { beforeDay: "2023-07-03", beforeMonth: "2023-07-01" });
  expect((await stored())[0]).toEqual(["2023-06-15", 1, 1]);
  expect((await figures()).june.responses).toBe(11);
});
