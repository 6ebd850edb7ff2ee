import { sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { rows, type Database } from "@/db/client";
import { ROLLUP_STRIPES } from "@/db/schema/rollups";
import { createAgencyTree, createSurveyBase, insertDossiers, insertResponses, uniformSheet } from "@/tests/helpers/fixtures";
import { createTestDatabase } from "@/tests/helpers/test-db";
import { reportingYearPeriod } from "@/lib/metrics/periods";
import { agencyOwnCounts, monthlyCounts, pooledCounts } from "./figures";
import { reportingYearsWithResponses } from "./periods";

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
