import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rows, type Database, type Db } from "@/db/client";
import { createAgency } from "@/db/queries/agencies";
import { breakdown, comments, expectationCounts, exportResponses } from "@/db/queries/figure-details";
import { agencyOwnCounts, monthlyCounts, pooledCounts } from "@/db/queries/figures";
import { reportingYearsWithResponses } from "@/db/queries/periods";
import { answers, invitations, responseExpectations, responses, staffAccounts } from "@/db/schema";
import { createAgencyTree, createSurveyBase, insertDossiers, insertResponses, sheetsAtShare, uniformSheet } from "@/tests/helpers/fixtures";
import { createTestDatabase, inRolledBackTransaction } from "@/tests/helpers/test-db";
import { agencyOverview, monthlyTrend, publicFigures, type FigureSettings } from "./figures";
import { formatPercent } from "./formulas";
import { monthPeriod, parsePeriod, reportingYearPeriod } from "./periods";
import { describeFigures } from "./satisfaction";

const RY_2023 = reportingYearPeriod(2023);
const RY_2024 = reportingYearPeriod(2024);
const MID_2023 = new Date("2023-06-15T10:00:00+07:00");
const SETTINGS: FigureSettings = { includeUnverified: false, bands: [] };

let database: Database;
let db: Db;
let base: { versionId: number; procedureId: number };

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

function isolated(name: string, body: () => Promise<void>) {
  it(name, () =>
    inRolledBackTransaction(database, async (tx) => {
      db = tx;
      base = await createSurveyBase(db);
      await body();
    }),
  );
}

async function district() {
  return createAgencyTree(db, [
    { code: "P", level: "province" },
    { code: "D", level: "district", parent: "P" },
    { code: "C1", level: "commune", parent: "D", sortOrder: 1 },
    { code: "C2", level: "commune", parent: "D", sortOrder: 2 },
    { code: "C3", level: "commune", parent: "D", sortOrder: 3 },
    { code: "C4", level: "commune", parent: "D", sortOrder: 4 },
  ]);
}

/** The element counts straight from the answers table: what the rollups must always equal. */
async function directCounts(agencyId: number, from: Date, to: Date) {
  return rows<{ element: string; value: number; n: number }>(
    db,
    sql`select an.element, an.value::int as value, count(*)::int as n from answers an join responses r on r.id = an.response_id
        where r.agency_id = ${agencyId} and r.verified and r.submitted_at >= ${from.toISOString()}::timestamptz and r.submitted_at < ${to.toISOString()}::timestamptz
        group by 1, 2 order by 1, 2`,
  );
}

describe("rollups kept by triggers", () => {
  isolated("follow inserts, moves and deletes of responses and answers in the same transaction", async () => {
    const a = await district();
    await insertResponses(db, { ...base, agencyId: a.C1!.id, submittedAt: MID_2023, sheets: [{ answers: { S0: 4, S1: 5, S2: 1, S3: 3, S4: 4 }, count: 3 }] });
    await insertResponses(db, { ...base, agencyId: a.C1!.id, submittedAt: MID_2023, verified: false, sheets: [{ answers: uniformSheet(1), count: 2 }] });
    const own = async () => (await agencyOwnCounts(db, { scopePath: a.C1!.path, ...RY_2023 })).find((x) => x.agencyId === a.C1!.id)!.own;

    let c = await own();
    expect(c.responses).toBe(3);
    expect(c.elements.access.distribution).toEqual([0, 0, 0, 0, 3]);
    expect(c.elements.procedure.distribution).toEqual([3, 0, 0, 0, 0]);
    expect(c.elements.feedback.valid).toBe(0);
    expect(c.overall.satisfied).toBe(3);
    const direct = await directCounts(a.C1!.id, RY_2023.from, RY_2023.to);
    expect(direct.reduce((s, r) => s + r.n, 0)).toBe(c.elements.access.valid + c.elements.procedure.valid + c.elements.officials.valid + c.elements.result.valid + c.overall.valid);

    // Unverified responses count once the setting says so.
    const withUnverified = (await agencyOwnCounts(db, { scopePath: a.C1!.path, ...RY_2023, includeUnverified: true })).find((x) => x.agencyId === a.C1!.id)!.own;
    expect(withUnverified.responses).toBe(5);
    expect(withUnverified.elements.access.distribution).toEqual([2, 0, 0, 0, 3]);

    // A response moved to another agency carries its answers along.
    const [first] = await db.select({ id: responses.id }).from(responses).where(eq(responses.agencyId, a.C1!.id)).limit(1);
    await db.update(responses).set({ agencyId: a.C2!.id, verified: true }).where(eq(responses.id, first!.id));
    c = await own();
    expect(c.responses).toBe(2);
    expect(c.elements.access.distribution[4]).toBe(2);
    const c2 = (await agencyOwnCounts(db, { scopePath: a.C2!.path, ...RY_2023 })).find((x) => x.agencyId === a.C2!.id)!.own;
    expect(c2.responses).toBe(1);
    expect(c2.elements.procedure.distribution[0]).toBe(1);

    // Deleting one answer, then a whole response (its answers cascade) subtracts exactly once.
    const [second] = await db.select({ id: responses.id }).from(responses).where(sql`${responses.agencyId} = ${a.C1!.id} and ${responses.verified}`).limit(1);
    await db.delete(answers).where(sql`${answers.responseId} = ${second!.id} and ${answers.questionKey} = 'S1'`);
    c = await own();
    expect(c.elements.access.distribution[4]).toBe(1);
    await db.delete(responses).where(eq(responses.id, second!.id));
    c = await own();
    expect(c.responses).toBe(1);
    expect(c.elements.access.distribution[4]).toBe(1);
    expect(c.elements.procedure.distribution[0]).toBe(1);
    expect(c.overall.valid).toBe(1);
  });

  isolated("count completed dossiers and issued invitations per Vietnam day for coverage", async () => {
    const a = await district();
    const ids = await insertDossiers(db, { agencyId: a.C1!.id, procedureId: base.procedureId, completedAt: MID_2023, count: 4 });
    await insertDossiers(db, { agencyId: a.C1!.id, procedureId: base.procedureId, completedAt: null, count: 2 });
    await db.insert(invitations).values(
      ids.slice(0, 3).map((dossierId, i) => ({ dossierId, agencyId: a.C1!.id, channel: "receipt_qr" as const, tokenHash: `h-${dossierId}-${i}`, issuedAt: MID_2023, expiresAt: new Date("2023-07-15T00:00:00Z") })),
    );
    await insertResponses(db, { ...base, agencyId: a.C1!.id, submittedAt: MID_2023, sheets: [{ answers: uniformSheet(5), count: 2 }] });
    const list = await agencyOwnCounts(db, { scopePath: a.D!.path, ...RY_2023 });
    const pooled = pooledCounts(list, a.D!.path);
    expect([pooled.completedDossiers, pooled.invitations, pooled.responses]).toEqual([4, 3, 2]);

    // Claiming or revoking a link changes nothing; an invitation moved to another agency or day moves its count.
    const own = async (agencyId: number, period = RY_2023) => (await agencyOwnCounts(db, { scopePath: a.D!.path, ...period })).find((x) => x.agencyId === agencyId)!.own;
    await db.update(invitations).set({ usedAt: MID_2023 }).where(eq(invitations.dossierId, ids[0]!));
    await db.update(invitations).set({ revokedAt: MID_2023 }).where(eq(invitations.dossierId, ids[1]!));
    expect((await own(a.C1!.id)).invitations).toBe(3);
    await db.update(invitations).set({ agencyId: a.C2!.id }).where(eq(invitations.dossierId, ids[0]!));
    await db.update(invitations).set({ issuedAt: new Date("2024-06-15T10:00:00+07:00") }).where(eq(invitations.dossierId, ids[1]!));
    expect([(await own(a.C1!.id)).invitations, (await own(a.C2!.id)).invitations, (await own(a.C1!.id, RY_2024)).invitations]).toEqual([1, 1, 1]);
  });
});

describe("period edges (Vietnam time, half-open)", () => {
  isolated("30/11 23:59:59 +07 is in the reporting year ending that day; 01/12 00:00 +07 is in the next", async () => {
    const a = await district();
    await insertResponses(db, { ...base, agencyId: a.C1!.id, submittedAt: new Date("2023-11-30T23:59:59+07:00"), sheets: [{ answers: uniformSheet(5) }] });
    await insertResponses(db, { ...base, agencyId: a.C1!.id, submittedAt: new Date("2023-12-01T00:00:00+07:00"), sheets: [{ answers: uniformSheet(1), count: 2 }] });
    await insertDossiers(db, { agencyId: a.C1!.id, procedureId: base.procedureId, completedAt: new Date("2023-11-30T23:59:59+07:00"), count: 1 });
    await insertDossiers(db, { agencyId: a.C1!.id, procedureId: base.procedureId, completedAt: new Date("2023-12-01T00:00:00+07:00"), count: 3 });

    const in2023 = pooledCounts(await agencyOwnCounts(db, { scopePath: a.C1!.path, ...RY_2023 }), a.C1!.path);
    const in2024 = pooledCounts(await agencyOwnCounts(db, { scopePath: a.C1!.path, ...RY_2024 }), a.C1!.path);
    expect([in2023.responses, in2023.elements.access.satisfied, in2023.completedDossiers]).toEqual([1, 1, 1]);
    expect([in2024.responses, in2024.elements.access.satisfied, in2024.completedDossiers]).toEqual([2, 0, 3]);

    const nov = pooledCounts(await agencyOwnCounts(db, { scopePath: a.C1!.path, ...monthPeriod(2023, 11) }), a.C1!.path);
    const dec = pooledCounts(await agencyOwnCounts(db, { scopePath: a.C1!.path, ...monthPeriod(2023, 12) }), a.C1!.path);
    expect([nov.responses, dec.responses]).toEqual([1, 2]);

    expect(await reportingYearsWithResponses(db, { scopePath: a.P!.path })).toEqual([2024, 2023]);

    // Ranges that cut months read the edge days from the day rollup and whole months from the month rollup.
    const inRange = async (key: string) => pooledCounts(await agencyOwnCounts(db, { scopePath: a.C1!.path, ...parsePeriod(key)! }), a.C1!.path).responses;
    expect(await inRange("range:2023-11-30..2023-12-01")).toBe(3);
    expect(await inRange("range:2023-11-01..2023-11-30")).toBe(1);
    expect(await inRange("range:2023-10-15..2023-12-15")).toBe(3);
    expect(await inRange("range:2023-12-01..2023-12-01")).toBe(2);
    expect(await inRange("range:2023-11-29..2023-11-29")).toBe(0);

    // The same instants by the raw queries (comments, export) agree with the rollups.
    const months = await monthlyCounts(db, { path: a.C1!.path, scopePath: "/", from: monthPeriod(2023, 11).from, to: monthPeriod(2023, 12).to });
    expect(months.map((m) => [m.month, m.counts.responses])).toEqual([
      ["2023-11", 1],
      ["2023-12", 2],
    ]);
    let exported = 0;
    for await (const batch of exportResponses(db, { path: a.C1!.path, scopePath: "/", ...RY_2023 })) exported += batch.length;
    expect(exported).toBe(1);
  });

  it("parses the URL forms with their edges at 00:00 +07", () => {
    expect(parsePeriod("ry:2023")!.from.toISOString()).toBe("2022-11-30T17:00:00.000Z");
    expect(parsePeriod("q:2023-4")!.to.toISOString()).toBe("2023-12-31T17:00:00.000Z");
  });
});

describe("overview, ranking and change", () => {
  isolated("pools 200 @ 95% and 800 @ 90% to 91,00% with the children's mean 92,50% beside it (domain §5)", async () => {
    const a = await district();
    await insertResponses(db, { ...base, agencyId: a.C1!.id, submittedAt: MID_2023, sheets: sheetsAtShare(200, 190) });
    await insertResponses(db, { ...base, agencyId: a.C2!.id, submittedAt: MID_2023, sheets: sheetsAtShare(800, 720) });
    const o = (await agencyOverview(db, { agencyId: a.D!.id, scopePath: a.P!.path, period: RY_2023, settings: SETTINGS }))!;
    expect(formatPercent(o.agency.meanOfElements, "vi")).toBe("91,00%");
    expect(formatPercent(o.agency.meanOfChildren!.value, "vi")).toBe("92,50%");
  });

  isolated("ranks siblings with ties (1, 2, 2, 4) and lists a too-small sample apart", async () => {
    const a = await district();
    const at = (code: string, total: number, satisfied: number) =>
      insertResponses(db, { ...base, agencyId: a[code]!.id, submittedAt: MID_2023, sheets: sheetsAtShare(total, satisfied) });
    await at("C1", 10, 9); // 90%
    await at("C2", 20, 19); // 95%
    await at("C3", 20, 18); // 90%: ties with C1 though the counts differ
    await at("C4", 10, 10); // 100% but too small a sample:
    await insertDossiers(db, { agencyId: a.C4!.id, procedureId: base.procedureId, completedAt: MID_2023, count: 300 }); // n = 172
    const c5 = await createAgency(db, { code: "C5", name: "C5", level: "commune", parentId: a.D!.id, sortOrder: 5 });
    await insertResponses(db, { ...base, agencyId: c5.id, submittedAt: MID_2023, sheets: sheetsAtShare(10, 8) }); // 80%

    const o = (await agencyOverview(db, { agencyId: a.D!.id, scopePath: a.D!.path, period: RY_2023, settings: SETTINGS }))!;
    expect(o.peers.map((g) => [g.tier, g.kind, g.size])).toEqual([["commune", "administrative", 5]]);
    const communes = o.peers[0]!.ranking;
    expect(communes.ranked.map((r) => [r.figures.code, r.rank])).toEqual([
      ["C2", 1],
      ["C1", 2],
      ["C3", 2],
      ["C5", 4],
    ]);
    expect(communes.apart.map((f) => [f.code, f.sample.needed, f.sample.sufficient])).toEqual([["C4", 172, false]]);

    const c3 = (await agencyOverview(db, { agencyId: a.C3!.id, scopePath: a.C3!.path, period: RY_2023, settings: SETTINGS }))!;
    expect(c3.peerRank).toEqual({ tier: "commune", kind: "administrative", rank: 2, of: 4 });
    expect(c3.children).toEqual([]);
    const c4 = (await agencyOverview(db, { agencyId: a.C4!.id, scopePath: a.C4!.path, period: RY_2023, settings: SETTINGS }))!;
    expect(c4.peerRank).toEqual({ tier: "commune", kind: "administrative", rank: null, of: 4, insufficient: true });
  });

  isolated("gives the change in points against the previous period of the same kind, and the configured band", async () => {
    const a = await district();
    await insertResponses(db, { ...base, agencyId: a.C1!.id, submittedAt: new Date("2023-10-15T09:00:00+07:00"), sheets: sheetsAtShare(10, 8) });
    await insertResponses(db, { ...base, agencyId: a.C1!.id, submittedAt: new Date("2023-11-15T09:00:00+07:00"), sheets: sheetsAtShare(20, 19) });
    const bands = [
      { label: "Tốt", min: 90 },
      { label: "Khá", min: 80 },
    ];
    const o = (await agencyOverview(db, { agencyId: a.C1!.id, scopePath: "/", period: monthPeriod(2023, 11), settings: { includeUnverified: false, bands } }))!;
    expect(o.previousPeriod.key).toBe("m:2023-10");
    expect(o.agency.meanOfElements).toBe(95);
    expect(o.previous.meanOfElements).toBe(80);
    expect(o.change.meanOfElements).toBe(15);
    expect(o.change.elements.officials).toBe(15);
    expect(o.band?.label).toBe("Tốt");
    const none = (await agencyOverview(db, { agencyId: a.C1!.id, scopePath: "/", period: monthPeriod(2023, 9), settings: SETTINGS }))!;
    expect(none.change.meanOfElements).toBeNull();
    expect(none.band).toBeNull();
  });

  isolated("leaves 'not applicable' out of the valid answers and out of the mean when nobody answered", async () => {
    const a = await district();
    await insertResponses(db, { ...base, agencyId: a.C1!.id, submittedAt: MID_2023, sheets: [{ answers: { S1: 5, S2: 4, S3: 2, S4: 4 }, count: 4 }] });
    const o = (await agencyOverview(db, { agencyId: a.C1!.id, scopePath: "/", period: RY_2023, settings: SETTINGS }))!;
    expect(o.agency.elements.map((e) => e.valid)).toEqual([4, 4, 4, 4, 0]);
    expect(o.agency.elements[4]!.index).toBeNull();
    expect(o.agency.meanOfElements).toBe(75);
    expect(o.agency.elementsInMean).toBe(4);
  });

  isolated("refuses an agency outside the caller's scope", async () => {
    const a = await district();
    expect(await agencyOverview(db, { agencyId: a.C2!.id, scopePath: a.C1!.path, period: RY_2023, settings: SETTINGS })).toBeNull();
    expect(await monthlyTrend(db, { agencyId: a.C2!.id, scopePath: a.C1!.path, period: RY_2023, includeUnverified: false })).toBeNull();
    expect(await monthlyCounts(db, { path: a.C2!.path, scopePath: a.C1!.path, ...RY_2023 })).toEqual([]);
  });
});

describe("trend, breakdowns, comments, expectations, public figures", () => {
  isolated("gives twelve monthly points ending with the period", async () => {
    const a = await district();
    await insertResponses(db, { ...base, agencyId: a.C1!.id, submittedAt: new Date("2023-01-31T23:30:00+07:00"), sheets: sheetsAtShare(4, 3) });
    const trend = (await monthlyTrend(db, { agencyId: a.D!.id, scopePath: "/", period: RY_2023, includeUnverified: false }))!;
    expect(trend).toHaveLength(12);
    expect(trend[0]!.month).toBe("2022-12");
    expect(trend[11]!.month).toBe("2023-11");
    expect(trend.find((p) => p.month === "2023-01")).toMatchObject({ responses: 4, meanOfElements: 75 });
    expect(trend.find((p) => p.month === "2023-02")!.meanOfElements).toBeNull();
  });

  isolated("charges an officer with S3 only, and splits by procedure and channel", async () => {
    const a = await district();
    const [officer] = await db
      .insert(staffAccounts)
      .values({ username: "cc.test", name: "Nguyễn Văn A", role: "officer", agencyId: a.C1!.id, passwordHash: "x" })
      .returning({ id: staffAccounts.id });
    await insertResponses(db, { ...base, agencyId: a.C1!.id, submittedAt: MID_2023, sheets: [{ answers: { S1: 5, S2: 1, S3: 5, S4: 5 }, count: 3 }, { answers: { S1: 5, S2: 1, S3: 2 }, count: 1 }] });
    await db.update(responses).set({ officerId: officer!.id, procedureId: base.procedureId }).where(eq(responses.agencyId, a.C1!.id));
    const byOfficer = await breakdown(db, { by: "officer", path: a.D!.path, scopePath: "/", ...RY_2023 });
    expect(byOfficer).toHaveLength(1);
    expect(byOfficer[0]!.label).toBe("Nguyễn Văn A");
    expect(byOfficer[0]!.counts.elements.officials).toEqual({ satisfied: 3, valid: 4, distribution: [0, 1, 0, 0, 3] });
    // The procedure's 1s are nowhere in the officer's row.
    expect(byOfficer[0]!.counts.elements.procedure.valid).toBe(0);
    const byProcedure = await breakdown(db, { by: "procedure", path: a.D!.path, scopePath: "/", ...RY_2023 });
    expect(byProcedure[0]!.counts.elements.procedure).toMatchObject({ satisfied: 0, valid: 4 });
    const byChannel = await breakdown(db, { by: "channel", path: a.D!.path, scopePath: "/", ...RY_2023 });
    expect(byChannel.map((r) => [r.key, r.counts.responses])).toEqual([["receipt_qr", 4]]);
    expect(await breakdown(db, { by: "officer", path: a.D!.path, scopePath: a.C2!.path, ...RY_2023 })).toEqual([]);
  });

  isolated("lists comments newest first, filters to low ratings, and keeps to the scope", async () => {
    const a = await district();
    await insertResponses(db, { ...base, agencyId: a.C1!.id, submittedAt: new Date("2023-03-01T08:00:00+07:00"), sheets: [{ answers: uniformSheet(5) }] });
    await insertResponses(db, { ...base, agencyId: a.C1!.id, submittedAt: new Date("2023-04-01T08:00:00+07:00"), sheets: [{ answers: { S1: 4, S2: 2 } }] });
    await insertResponses(db, { ...base, agencyId: a.C2!.id, submittedAt: new Date("2023-05-01T08:00:00+07:00"), sheets: [{ answers: uniformSheet(1) }] });
    await db.update(responses).set({ comment: sql`'Ý kiến ' || ${responses.id}::text` });
    const all = await comments(db, { path: a.D!.path, scopePath: "/", ...RY_2023, lowOnly: false, page: 1 });
    expect(all.total).toBe(3);
    expect(all.rows.map((r) => r.submittedAt.toISOString())).toEqual(["2023-05-01T01:00:00.000Z", "2023-04-01T01:00:00.000Z", "2023-03-01T01:00:00.000Z"]);
    const low = await comments(db, { path: a.D!.path, scopePath: "/", ...RY_2023, lowOnly: true, page: 1 });
    expect(low.rows.map((r) => r.lowest)).toEqual([1, 2]);
    const scoped = await comments(db, { path: a.D!.path, scopePath: a.C1!.path, ...RY_2023, lowOnly: false, page: 1 });
    expect(scoped.total).toBe(0);
    const own = await comments(db, { path: a.C1!.path, scopePath: a.C1!.path, ...RY_2023, lowOnly: false, page: 1 });
    expect(own.total).toBe(2);
  });

  isolated("shares expectations among the respondents who answered the question", async () => {
    const a = await district();
    await insertResponses(db, { ...base, agencyId: a.C1!.id, submittedAt: MID_2023, sheets: [{ answers: uniformSheet(4), count: 5 }] });
    const ids = (await db.select({ id: responses.id }).from(responses).where(eq(responses.agencyId, a.C1!.id))).map((r) => r.id);
    await db.insert(responseExpectations).values([
      { responseId: ids[0]!, optionKey: "faster" },
      { responseId: ids[0]!, optionKey: "online" },
      { responseId: ids[1]!, optionKey: "faster" },
      { responseId: ids[2]!, optionKey: "attitude" },
    ]);
    const e = await expectationCounts(db, { path: a.D!.path, scopePath: "/", ...RY_2023 });
    expect(e.respondents).toBe(3);
    expect(e.options).toEqual([
      { key: "faster", n: 2 },
      { key: "attitude", n: 1 },
      { key: "online", n: 1 },
    ]);
  });

  isolated("publishes every agency's pooled figures and exports responses without any identifier", async () => {
    const a = await district();
    await insertResponses(db, { ...base, agencyId: a.C1!.id, submittedAt: MID_2023, sheets: sheetsAtShare(10, 9) });
    const list = await publicFigures(db, { period: RY_2023, settings: SETTINGS });
    const byCode = new Map(list.map((r) => [r.figures.code, r]));
    expect(byCode.get("D")!.figures.meanOfElements).toBe(90);
    expect(byCode.get("D")!.depth).toBe(1);
    expect(describeFigures).toBeTypeOf("function");
    const batches = [];
    for await (const b of exportResponses(db, { path: a.D!.path, scopePath: a.D!.path, ...RY_2023 })) batches.push(...b);
    expect(batches).toHaveLength(10);
    expect(Object.keys(batches[0]!).sort()).toEqual(["agencyCode", "agencyName", "answers", "channel", "comment", "expectations", "procedureCode", "procedureName", "submittedAt", "verified"]);
  });
  isolated("exports a subtree page after page in time order: a small one agency by agency, a large one in one scan", async () => {
    const heavy = ["C0", "C1", "C2"];
    const light = Array.from({ length: 23 }, (_, i) => `L${i}`);
    const a = await createAgencyTree(db, [
      { code: "P", level: "province" },
      { code: "D", level: "district", parent: "P" },
      ...heavy.map((code) => ({ code, level: "commune", parent: "D" })),
      ...light.map((code) => ({ code, level: "commune", parent: "P" })),
    ]);
    // 2.100 sheets in the district (more than one page), spread over days and interleaved between
    // its communes; two in each of the 23 communes directly under the province.
    for (let day = 0; day < 7; day++) {
      for (const [i, code] of heavy.entries()) {
        const submittedAt = new Date(Date.parse("2023-03-01T08:00:00+07:00") + day * 86_400_000 + i * 60_000);
        await insertResponses(db, { ...base, agencyId: a[code]!.id, submittedAt, sheets: [{ answers: uniformSheet(4), count: 100 }] });
      }
    }
    for (const code of light) await insertResponses(db, { ...base, agencyId: a[code]!.id, submittedAt: MID_2023, sheets: [{ answers: uniformSheet(5), count: 2 }] });

    const exported = async (path: string) => {
      const pages: number[] = [];
      const list: { code: string; at: number }[] = [];
      for await (const page of exportResponses(db, { path, scopePath: "/", ...RY_2023 })) {
        pages.push(page.length);
        list.push(...page.map((r) => ({ code: r.agencyCode, at: r.submittedAt.getTime() })));
      }
      return { pages, list };
    };
    const recorded = async (path: string) =>
      (
        await rows<{ code: string; n: number }>(
          db,
          sql`select g.code, count(*)::int as n from responses r join agencies g on g.id = r.agency_id where g.path like ${`${path}%`} group by g.code order by g.code`,
        )
      ).map((r) => [r.code, Number(r.n)]);
    const tally = (list: { code: string }[]) => {
      const n = new Map<string, number>();
      for (const r of list) n.set(r.code, (n.get(r.code) ?? 0) + 1);
      return [...n].sort(([x], [y]) => (x < y ? -1 : 1));
    };

    // The district: four agencies, read agency by agency, two pages.
    const district = await exported(a.D!.path);
    expect(district.pages).toEqual([2000, 100]);
    expect(tally(district.list)).toEqual(await recorded(a.D!.path));
    expect(district.list.every((r, i) => i === 0 || district.list[i - 1]!.at <= r.at)).toBe(true);
    // The province: 28 agencies, one scan in time order.
    const province = await exported(a.P!.path);
    expect(province.pages).toEqual([2000, 146]);
    expect(tally(province.list)).toEqual(await recorded(a.P!.path));
    expect(province.list.every((r, i) => i === 0 || province.list[i - 1]!.at <= r.at)).toBe(true);
  });
});
