import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rows, type Database } from "@/db/client";
import { TIMELINESS } from "@/db/schema";
import { createAgencyTree, createSurveyBase, insertDossiers, insertResponses, uniformSheet } from "@/tests/helpers/fixtures";
import { createTestDatabase } from "@/tests/helpers/test-db";
import { agencyOwnCounts, pooledCounts } from "./figures";
import { breakdown, breakdownByAgency } from "./figure-details";
import { compactRollupStripes } from "./rollup-compaction";
import { agencyOverview } from "@/lib/metrics/figures";
import { monthPeriod } from "@/lib/metrics/periods";
import { resultIndex, timelinessRows, timelinessTrend, timelinessView } from "@/lib/metrics/timeliness";

let database: Database;
let tree: Awaited<ReturnType<typeof createAgencyTree>>;
let base: { versionId: number; procedureId: number };
let otherProcedure: number;

const KEYS = "agency_id, month, verified, dimension, key";
const VALUES = ["access", "procedure", "officials", "result", "feedback", "overall"].flatMap((e) => [1, 2, 3, 4, 5].map((v) => `${e}${v}`));

/** The breakdown counters summed over their stripes, and the same counts recomputed from responses and answers, each sheet once per dimension. */
async function countersAgainstRecount(): Promise<{ counters: unknown[]; recount: unknown[] }> {
  const db = database.db;
  const counters = await rows(
    db,
    sql.raw(`select ${KEYS}, sum(responses)::int as responses, ${VALUES.map((c) => `sum(${c})::int as ${c}`).join(", ")}
      from agency_month_marginals group by ${KEYS}
      having sum(responses) <> 0 or ${VALUES.map((c) => `sum(${c}) <> 0`).join(" or ")}
      order by ${KEYS}`),
  );
  const recount = await rows(
    db,
    sql.raw(`select r.agency_id, date_trunc('month', hl_vietnam_day(r.submitted_at))::date as month, r.verified, m.dimension, m.key, count(distinct r.id)::int as responses,
        ${VALUES.map((c) => `count(a.element) filter (where a.element = '${c.slice(0, -1)}' and a.value = ${c.slice(-1)})::int as ${c}`).join(", ")}
      from responses r
      cross join lateral (values ('procedure', r.procedure_id::text), ('officer', r.officer_id::text), ('desk', r.desk_id::text), ('channel', r.channel), ('timeliness', r.timeliness::text)) m(dimension, key)
      left join answers a on a.response_id = r.id
      group by 1, 2, 3, 4, 5 order by 1, 2, 3, 4, 5`),
  );
  return { counters, recount };
}

beforeAll(async () => {
  database = await createTestDatabase();
  const db = database.db;
  base = await createSurveyBase(db);
  otherProcedure = (await createSurveyBase(db)).procedureId;
  tree = await createAgencyTree(db, [
    { code: "F-D", level: "district" },
    { code: "F-C1", level: "commune", parent: "F-D" },
    { code: "F-C2", level: "commune", parent: "F-D" },
  ]);
  const [desk] = await rows<{ id: number }>(db, sql`insert into desks (agency_id, code, name) values (${tree["F-C1"]!.id}, 'Q1', 'Quầy 1') returning id`);
  const [officer] = await rows<{ id: number }>(
    db,
    sql`insert into staff_accounts (username, name, password_hash, role, agency_id) values ('facet.officer', 'Công chức Một', 'x', 'officer', ${tree["F-C1"]!.id}) returning id`,
  );
  const c1 = tree["F-C1"]!.id;
  const c2 = tree["F-C2"]!.id;
  const june = new Date("2023-06-12T09:00:00+07:00");
  const due = new Date("2023-06-10T17:00:00+07:00");
  const later = new Date("2023-06-20T17:00:00+07:00");
  // Dossiers: at C1 8 on time, 2 late, 1 without a due time; at C2 4 on time.
  await insertDossiers(db, { agencyId: c1, procedureId: base.procedureId, completedAt: june, dueAt: later, count: 8 });
  await insertDossiers(db, { agencyId: c1, procedureId: base.procedureId, completedAt: june, dueAt: due, count: 2 });
  await insertDossiers(db, { agencyId: c1, procedureId: base.procedureId, completedAt: june, count: 1 });
  await insertDossiers(db, { agencyId: c2, procedureId: otherProcedure, completedAt: june, dueAt: later, count: 4 });
  const common = { ...base, submittedAt: june };
  // Late dossiers answered S4 = 2, on-time ones 5; the officer at the desk only on C1's sheets.
  await insertResponses(db, { ...common, agencyId: c1, procedureId: base.procedureId, officerId: officer!.id, deskId: desk!.id, timeliness: TIMELINESS.onTime, sheets: [{ answers: uniformSheet(5), count: 6 }] });
  await insertResponses(db, { ...common, agencyId: c1, procedureId: base.procedureId, officerId: officer!.id, deskId: desk!.id, timeliness: TIMELINESS.late, sheets: [{ answers: { S1: 4, S2: 4, S3: 4, S4: 2 }, count: 2 }] });
  await insertResponses(db, { ...common, agencyId: c2, procedureId: otherProcedure, timeliness: TIMELINESS.onTime, channel: "kiosk", sheets: [{ answers: uniformSheet(4), count: 3 }] });
  // A July answer on the 3rd, an edge day of a range ending 04/07.
  await insertResponses(db, { ...base, submittedAt: new Date("2023-07-03T10:00:00+07:00"), agencyId: c2, procedureId: otherProcedure, timeliness: TIMELINESS.late, sheets: [{ answers: uniformSheet(1) }] });
  // An unverified standing-QR sheet: no dossier, unknown timeliness.
  await insertResponses(db, { ...common, agencyId: c1, verified: false, sheets: [{ answers: uniformSheet(3) }] });
});
afterAll(async () => {
  await database?.close();
});

const JUNE = { from: new Date("2023-06-01T00:00:00+07:00"), to: new Date("2023-07-01T00:00:00+07:00") };
const ACROSS = { from: new Date("2023-06-01T00:00:00+07:00"), to: new Date("2023-07-04T00:00:00+07:00") };

describe("the breakdown counters", () => {
  it("equals a recount from the answers after inserts, moves, value changes, deletes and compaction", async () => {
    const db = database.db;
    let { counters, recount } = await countersAgainstRecount();
    expect(counters.length).toBeGreaterThan(3);
    expect(counters).toEqual(recount);
    // A response moved to another agency and officer, an answer changed, one response removed.
    const [first] = await rows<{ id: number }>(db, sql`select min(id)::int as id from responses where agency_id = ${tree["F-C1"]!.id} and verified`);
    await db.execute(sql`update responses set agency_id = ${tree["F-C2"]!.id}, officer_id = null, desk_id = null where id = ${first!.id}`);
    await db.execute(sql`update answers set value = 1 where response_id = ${first!.id} and question_key = 'S4'`);
    await db.execute(sql`update responses set timeliness = 2 where id = ${first!.id}`);
    await db.execute(sql`delete from responses where id = (select max(id) from responses where agency_id = ${tree["F-C2"]!.id} and channel = 'kiosk')`);
    ({ counters, recount } = await countersAgainstRecount());
    expect(counters).toEqual(recount);
    await compactRollupStripes(db, { beforeDay: "2023-08-01", beforeMonth: "2023-08-01" });
    ({ counters, recount } = await countersAgainstRecount());
    expect(counters).toEqual(recount);
    const [stripes] = await rows<{ n: number }>(db, sql`select count(*)::int as n from agency_month_marginals where stripe <> 0`);
    expect(stripes!.n).toBe(0);
    // Put the moved and deleted rows back the way the other tests expect them.
    await db.execute(sql`update responses set agency_id = ${tree["F-C1"]!.id}, timeliness = 1,
      officer_id = (select id from staff_accounts where username = 'facet.officer'), desk_id = (select id from desks where code = 'Q1' and agency_id = ${tree["F-C1"]!.id})
      where id = ${first!.id}`);
    await db.execute(sql`update answers set value = 5 where response_id = ${first!.id} and question_key = 'S4'`);
    await insertResponses(db, { ...base, submittedAt: new Date("2023-06-12T09:00:00+07:00"), agencyId: tree["F-C2"]!.id, procedureId: otherProcedure, timeliness: TIMELINESS.onTime, channel: "kiosk", sheets: [{ answers: uniformSheet(4) }] });
    ({ counters, recount } = await countersAgainstRecount());
    expect(counters).toEqual(recount);
  });

  it("gives late against on-time satisfaction, S4 above all, for a month and for a range with edge days", async () => {
    const db = database.db;
    const june = await breakdown(db, { by: "timeliness", path: tree["F-D"]!.path, scopePath: "/", ...JUNE });
    const byKey = new Map(june.map((r) => [r.key, r.counts]));
    // On time: 6 sheets of 5 at C1 and 3 of 4 at C2; late: 2 sheets with S4 = 2.
    expect(byKey.get("1")!.responses).toBe(9);
    expect(byKey.get("1")!.elements.result).toMatchObject({ satisfied: 9, valid: 9 });
    expect(byKey.get("2")!.responses).toBe(2);
    expect(byKey.get("2")!.elements.result).toMatchObject({ satisfied: 0, valid: 2 });
    expect(byKey.get("2")!.elements.officials).toMatchObject({ satisfied: 2, valid: 2 });
    expect(byKey.has("0")).toBe(false); // the unverified sheet is not counted
    const across = await breakdown(db, { by: "timeliness", path: tree["F-D"]!.path, scopePath: "/", ...ACROSS, includeUnverified: true });
    const a = new Map(across.map((r) => [r.key, r.counts]));
    expect(a.get("2")!.responses).toBe(3); // June's two and 03/07 from the answers of the edge days
    expect(a.get("2")!.elements.result.distribution).toEqual([1, 2, 0, 0, 0]);
    expect(a.get("0")!.responses).toBe(1);
  });

  it("breaks down by procedure, desk and officer (S3 only), and by agency, inside the caller's scope", async () => {
    const db = database.db;
    const byProcedure = await breakdown(db, { by: "procedure", path: tree["F-D"]!.path, scopePath: "/", ...JUNE });
    expect(byProcedure.map((r) => [r.key, r.counts.responses])).toEqual([
      [String(base.procedureId), 8],
      [String(otherProcedure), 3],
    ]);
    expect(byProcedure[0]!.label).toMatch(/^Thủ tục thử/);
    const byDesk = await breakdown(db, { by: "desk", path: tree["F-D"]!.path, scopePath: "/", ...JUNE });
    expect(byDesk.map((r) => [r.label, r.counts.responses])).toEqual([
      ["Quầy 1", 8],
      ["", 3],
    ]);
    const byOfficer = await breakdown(db, { by: "officer", path: tree["F-D"]!.path, scopePath: "/", ...JUNE });
    expect(byOfficer).toHaveLength(1);
    expect(byOfficer[0]!.label).toBe("Công chức Một");
    expect(byOfficer[0]!.counts.elements.officials).toMatchObject({ satisfied: 8, valid: 8 });
    expect(byOfficer[0]!.counts.elements.result.valid).toBe(0);
    const perAgency = await breakdownByAgency(db, { by: "timeliness", path: tree["F-D"]!.path, scopePath: "/", ...JUNE });
    expect(perAgency.filter((r) => r.agencyId === tree["F-C2"]!.id).map((r) => [r.key, r.counts.responses])).toEqual([["1", 3]]);
    expect(await breakdown(db, { by: "procedure", path: tree["F-D"]!.path, scopePath: tree["F-C2"]!.path, ...JUNE })).toEqual([]);
  });
});

describe("timeliness of dossiers", () => {
  it("gives each unit's late against on-time satisfaction and ranks the units by on-time share, as the pages show them", async () => {
    const db = database.db;
    const district = tree["F-D"]!;
    const period = monthPeriod(2023, 6);
    const overview = (await agencyOverview(db, { agencyId: district.id, scopePath: "/", period, settings: { includeUnverified: false, bands: [] } }))!;
    const view = timelinessView(overview, await timelinessRows(db, { path: district.path, scopePath: "/", period, includeUnverified: false }));
    // Hand computation: S4 on time (6 + 3)/9, late 0/2; C1 alone 6/6 and 0/2, C2 3/3 and none late.
    expect([resultIndex(view.satisfaction.onTime), resultIndex(view.satisfaction.late)]).toEqual([100, 0]);
    const c1 = view.childSatisfaction.get(tree["F-C1"]!.id)!;
    const c2 = view.childSatisfaction.get(tree["F-C2"]!.id)!;
    expect([c1.onTime.responses, c1.late.responses, c2.onTime.responses, c2.late.responses]).toEqual([6, 2, 3, 0]);
    expect(resultIndex(c2.late)).toBeNull();
    // On time: C2 4/4 = 100 %, C1 8/10 = 80 % (the dossier without a due time left out).
    expect(view.ranks.map((r) => [r.item.code, r.rank, r.of, r.item.timeliness.onTimeShare])).toEqual([
      ["F-C2", 1, 2, 100],
      ["F-C1", 2, 2, 80],
    ]);
    // The trend: June's share, and the 03/07 sheet's month has no dossier.
    const { trend, lastYear } = await timelinessTrend(db, { path: district.path, scopePath: "/", period });
    expect(trend).toHaveLength(12);
    expect(trend.at(-1)).toEqual({ month: "2023-06", onTimeShare: (12 / 14) * 100, late: 2 });
    expect(lastYear.every((p) => p.onTimeShare == null)).toBe(true);
  });

  it("counts dossiers on time, late and without a due time per agency, pooled up the tree, and follows a changed due time", async () => {
    const db = database.db;
    const list = await agencyOwnCounts(db, { scopePath: tree["F-D"]!.path, ...JUNE });
    const c1 = list.find((a) => a.agencyId === tree["F-C1"]!.id)!.own;
    expect([c1.completedDossiers, c1.completedOnTime, c1.completedLate, c1.completedWithoutDue]).toEqual([11, 8, 2, 1]);
    const pooled = pooledCounts(list, tree["F-D"]!.path);
    expect([pooled.completedOnTime, pooled.completedLate, pooled.completedWithoutDue]).toEqual([12, 2, 1]);
    // A late dossier's due time corrected to after its completion: now on time.
    await db.execute(sql`update dossiers set due_at = '2023-06-30T17:00:00+07:00'
      where id = (select min(id) from dossiers where agency_id = ${tree["F-C1"]!.id} and due_at < completed_at)`);
    const after = pooledCounts(await agencyOwnCounts(db, { scopePath: tree["F-D"]!.path, ...JUNE }), tree["F-D"]!.path);
    expect([after.completedOnTime, after.completedLate, after.completedDossiers]).toEqual([13, 1, 15]);
  });
});
