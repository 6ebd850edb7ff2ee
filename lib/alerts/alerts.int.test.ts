import { and, eq, isNull, sql } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Database, Db } from "@/db/client";
import { agencyDayAnswers, alertPreferences, alertRuns, alerts, auditLog, contacts, notifications, outbox, responses, staffAccounts } from "@/db/schema";
import { INDEX_ELEMENTS } from "@/db/queries/figures";
import { setSetting } from "@/lib/settings";
import { createAgencyTree, createSurveyBase, insertResponses, sheetsAtShare, uniformSheet, type AnswerSheet } from "@/tests/helpers/fixtures";
import { createTestDatabase } from "@/tests/helpers/test-db";
import { evaluateDailyAlerts, sendDailyDigests } from "./jobs";

// Evaluations run at 07:00 Vietnam time on `today`; they judge the day before.
const at = (day: string) => new Date(`${day}T07:00:00+07:00`);
const noon = (day: string) => new Date(`${day}T12:00:00+07:00`);

const COMMENT = "Cán bộ Nguyễn Văn X đòi 500.000 đồng mới trả hồ sơ";
const PHONE = "0912345678";
const EMAIL = "nguoidan@example.vn";

let database: Database;
let db: Db;
let versionId: number;
let tree: Awaited<ReturnType<typeof createAgencyTree>>;
const staff: Record<string, number> = {};

async function account(username: string, role: "leader" | "officer" | "admin", agencyId: number, email: string | null) {
  const [row] = await db.insert(staffAccounts).values({ username, name: username, passwordHash: "x", role, agencyId, email }).returning({ id: staffAccounts.id });
  staff[username] = row!.id;
}

/** `total` sheets at a 90 % baseline share on every element, through the product's tables. */
const baseline = (agencyId: number, day: string, total = 400) => insertResponses(db, { agencyId, versionId, submittedAt: noon(day), sheets: sheetsAtShare(total, (total * 9) / 10) });

/** `total` sheets satisfied everywhere except the officials element, satisfied in `officials` of them. */
function officialsDrop(agencyId: number, day: string, total: number, officials: number, verified = true) {
  const low: AnswerSheet = { ...uniformSheet(5), S3: 2 };
  return insertResponses(db, {
    agencyId,
    versionId,
    submittedAt: noon(day),
    verified,
    sheets: [
      { answers: uniformSheet(5), count: officials },
      { answers: low, count: total - officials },
    ].filter((s) => s.count > 0),
  });
}

/**
 * Counters written straight into the day rollup (what the evaluation reads), split over two
 * stripes as concurrent writers leave them: used where a case needs many thousand answers.
 */
async function rollup(agencyId: number, day: string, total: number, satisfied: number) {
  const half = Math.floor(total / 2);
  const halfSat = Math.floor(satisfied / 2);
  for (const [stripe, n, s] of [
    [0, half, halfSat],
    [1, total - half, satisfied - halfSat],
  ] as const) {
    const values: Record<string, number> = {};
    for (const e of INDEX_ELEMENTS) {
      values[`${e}5`] = s;
      values[`${e}2`] = n - s;
    }
    await db.insert(agencyDayAnswers).values({ agencyId, day, verified: true, stripe, responses: n, ...values });
  }
}

const openEpisodes = () => db.select().from(alerts).where(isNull(alerts.closedOn)).orderBy(alerts.agencyId, alerts.element, alerts.windowDays);

beforeEach(async () => {
  database = await createTestDatabase();
  db = database.db;
  versionId = (await createSurveyBase(db)).versionId;
  tree = await createAgencyTree(db, [
    { code: "P", level: "province", name: "Tỉnh Thử" },
    { code: "D", level: "district", parent: "P", name: "Huyện Thử" },
    { code: "C1", level: "commune", parent: "D", name: "Xã Một" },
    { code: "C2", level: "commune", parent: "D", name: "Xã Hai" },
    { code: "C3", level: "commune", parent: "D", name: "Xã Ba" },
  ]);
  await account("lanhdao.c1", "leader", tree.C1!.id, "lanhdao.c1@example.gov.vn");
  await account("lanhdao.d", "leader", tree.D!.id, "lanhdao.d@example.gov.vn");
  await account("lanhdao.p", "leader", tree.P!.id, "lanhdao.p@example.gov.vn");
  await account("congchuc.c1", "officer", tree.C1!.id, "congchuc.c1@example.gov.vn");
  await account("lanhdao.c2", "leader", tree.C2!.id, "lanhdao.c2@example.gov.vn");
});

afterEach(() => database.close());

describe("evaluateDailyAlerts", () => {
  it("opens an episode on a significant drop and tells the leaders of the agency and its parent, with links only", async () => {
    await baseline(tree.C1!.id, "2026-04-01");
    // 60 answers in the week before 11/06, the officials element satisfied in 36 (60 %, against 90 %).
    await officialsDrop(tree.C1!.id, "2026-06-08", 60, 36);
    // Citizen text and contact details on one of the low answers: none of it may reach staff.
    const [low] = await db.select({ id: responses.id }).from(responses).where(eq(responses.agencyId, tree.C1!.id)).orderBy(sql`${responses.id} desc`).limit(1);
    await db.update(responses).set({ comment: COMMENT }).where(eq(responses.id, low!.id));
    await db.insert(contacts).values({ responseId: low!.id, phone: PHONE, email: EMAIL, consentText: "đồng ý", deleteAfter: new Date("2026-09-06T00:00:00Z") });

    const result = await evaluateDailyAlerts(db, { now: at("2026-06-11") });
    expect(result).toMatchObject({ opened: 2, closed: 0, agenciesTested: 1 });

    const open = await openEpisodes();
    expect(open.map((a) => [a.agencyId, a.element, a.windowDays, a.openedOn])).toEqual([
      [tree.C1!.id, "officials", 7, "2026-06-10"],
      [tree.C1!.id, "officials", 30, "2026-06-10"],
    ]);
    expect(open[0]).toMatchObject({ windowSatisfied: 36, windowValid: 60, baselineSatisfied: 360, baselineValid: 400 });
    expect(open[0]!.pValue).toBeLessThan(1e-6);

    const notes = await db.select().from(notifications).orderBy(notifications.staffId, notifications.id);
    expect([...new Set(notes.map((n) => n.staffId))].sort()).toEqual([staff["lanhdao.c1"], staff["lanhdao.d"]].sort());
    expect(notes).toHaveLength(4);
    expect(notes[0]!.kind).toBe("alert");
    expect(notes.map((n) => n.title)).toContain(
      "Xã Một: tỷ lệ hài lòng về “Công chức” trong 7 ngày đến 10/06/2026 là 60,00%, thấp hơn rõ rệt so với 90 ngày trước đó (90,00%)",
    );
    expect(notes.map((n) => n.link)).toContain(`/dashboard?agency=${tree.C1!.id}&period=range%3A2026-06-04..2026-06-10#element-officials`);

    const mail = await db.select().from(outbox);
    expect(mail.filter((m) => m.channel === "email").map((m) => m.staffId).sort()).toEqual([staff["lanhdao.c1"], staff["lanhdao.c1"], staff["lanhdao.d"], staff["lanhdao.d"]].sort());
    for (const text of [...mail.flatMap((m) => [m.subject, m.body]), ...notes.map((n) => `${n.title} ${n.link}`)]) {
      expect(text).not.toContain(COMMENT);
      expect(text).not.toContain("500.000");
      expect(text).not.toContain(PHONE);
      expect(text).not.toContain(EMAIL);
    }
    const [run] = await db.select().from(alertRuns);
    expect(run).toMatchObject({ day: "2026-06-10", opened: 2, closed: 0, agenciesTested: 1, testsRun: 12 });
    const [audit] = await db.select().from(auditLog).where(eq(auditLog.action, "alerts.evaluated"));
    expect(audit).toMatchObject({ actorKind: "system", entityId: "2026-06-10" });
  });

  it("does nothing the second time it runs for one day", async () => {
    await baseline(tree.C1!.id, "2026-04-01");
    await officialsDrop(tree.C1!.id, "2026-06-08", 60, 36);
    expect(await evaluateDailyAlerts(db, { now: at("2026-06-11") })).toMatchObject({ opened: 2 });
    // Later the same day (a retry after a crash, a second process).
    expect(await evaluateDailyAlerts(db, { now: new Date("2026-06-11T23:59:00+07:00") })).toEqual({ skipped: 1 });
    expect(await db.select().from(alerts)).toHaveLength(2);
    expect(await db.select().from(notifications)).toHaveLength(4);
    expect(await db.select().from(alertRuns)).toHaveLength(1);
  });

  it("does not alert on a small sample nor on an insignificant drop", async () => {
    // Small: 20 answers at 50 %, below the 30 a window needs.
    await baseline(tree.C1!.id, "2026-04-01");
    await insertResponses(db, { agencyId: tree.C1!.id, versionId, submittedAt: noon("2026-06-08"), sheets: sheetsAtShare(20, 10) });
    // Insignificant: 40 answers at 82,5 % against 90 % (7,5 points, one-sided p ≈ 0,12).
    await baseline(tree.C2!.id, "2026-04-01");
    await insertResponses(db, { agencyId: tree.C2!.id, versionId, submittedAt: noon("2026-06-08"), sheets: sheetsAtShare(40, 33) });
    // Significant but small: 3 000 answers at 87 % against 10 000 at 90 %, under the 5 points.
    await rollup(tree.C3!.id, "2026-04-01", 10_000, 9_000);
    await rollup(tree.C3!.id, "2026-06-08", 3_000, 2_610);

    const result = await evaluateDailyAlerts(db, { now: at("2026-06-11") });
    expect(result).toMatchObject({ opened: 0 });
    // C1's windows are too small for any test (its 30-day window too); C2 and C3 run all twelve.
    expect(result.testsRun).toBe(24);
    expect(await db.select().from(alerts)).toHaveLength(0);
    expect(await db.select().from(notifications)).toHaveLength(0);
  });

  it("alerts once per episode: not again while the drop lasts, closes on recovery, opens anew on a new drop", async () => {
    await baseline(tree.C1!.id, "2026-04-01");
    await officialsDrop(tree.C1!.id, "2026-06-08", 60, 36);
    expect(await evaluateDailyAlerts(db, { now: at("2026-06-11") })).toMatchObject({ opened: 2, closed: 0 });
    const first = await openEpisodes();

    // The next day the drop is still in both windows: nothing new, nobody told again.
    expect(await evaluateDailyAlerts(db, { now: at("2026-06-12") })).toMatchObject({ opened: 0, closed: 0 });
    expect((await openEpisodes()).map((a) => a.id)).toEqual(first.map((a) => a.id));
    expect(await db.select().from(notifications)).toHaveLength(4);

    // Recovery: 500 satisfied answers on 12/06 bring both windows back above the baseline.
    await officialsDrop(tree.C1!.id, "2026-06-12", 500, 500);
    expect(await evaluateDailyAlerts(db, { now: at("2026-06-13") })).toMatchObject({ opened: 0, closed: 2 });
    expect(await openEpisodes()).toHaveLength(0);
    const closed = await db.select().from(alerts).orderBy(alerts.id);
    expect(closed.map((a) => a.closedOn)).toEqual(["2026-06-12", "2026-06-12"]);

    // A new drop in the week to 20/06 opens a new 7-day episode (the 30-day window still holds
    // the recovery and is not significantly low).
    await officialsDrop(tree.C1!.id, "2026-06-19", 60, 36);
    expect(await evaluateDailyAlerts(db, { now: at("2026-06-21") })).toMatchObject({ opened: 1, closed: 0 });
    const reopened = await openEpisodes();
    expect(reopened.map((a) => [a.element, a.windowDays, a.openedOn])).toEqual([["officials", 7, "2026-06-20"]]);
    expect(first.map((a) => a.id)).not.toContain(reopened[0]!.id);
    expect(await db.select().from(notifications)).toHaveLength(6);
  });

  it("never alerts on unverified answers unless the figures include them", async () => {
    await baseline(tree.C1!.id, "2026-04-01");
    // The drop is in standing-QR answers only.
    await officialsDrop(tree.C1!.id, "2026-06-08", 200, 60, false);
    expect(await evaluateDailyAlerts(db, { now: at("2026-06-11") })).toMatchObject({ opened: 0 });
    expect(await db.select().from(alerts)).toHaveLength(0);

    await setSetting(db, "figures.includeUnverified", true, { id: null });
    expect(await evaluateDailyAlerts(db, { now: at("2026-06-12") })).toMatchObject({ opened: 2 });
  });
});

describe("sendDailyDigests", () => {
  async function notice(staffId: number, title: string, createdAt: Date, readAt: Date | null = null) {
    await db.insert(notifications).values({ staffId, kind: "alert", title, link: "/dashboard?agency=1", dedupeKey: `t:${staffId}:${title}`, createdAt, readAt });
  }

  it("sends one e-mail per account that chose it, with the titles and links of the unread notifications of the 24 hours to 07:00", async () => {
    await db.insert(alertPreferences).values([
      { staffId: staff["lanhdao.c1"]!, delivery: "daily" },
      { staffId: staff["lanhdao.d"]!, delivery: "daily" },
      { staffId: staff["lanhdao.c2"]!, delivery: "immediate" },
    ]);
    // lanhdao.d chose the digest but has no address.
    await db.update(staffAccounts).set({ email: null }).where(eq(staffAccounts.id, staff["lanhdao.d"]!));
    const c1 = staff["lanhdao.c1"]!;
    await notice(c1, "Cảnh báo một", new Date("2026-06-10T09:00:00+07:00"));
    await notice(c1, "Cảnh báo hai", new Date("2026-06-10T23:30:00+07:00"));
    await notice(c1, "Đã đọc rồi", new Date("2026-06-10T10:00:00+07:00"), new Date("2026-06-10T11:00:00+07:00"));
    await notice(c1, "Trước mốc", new Date("2026-06-10T06:59:00+07:00"));
    await notice(c1, "Sau mốc", new Date("2026-06-11T07:00:00+07:00"));
    await notice(staff["lanhdao.d"]!, "Không có địa chỉ", new Date("2026-06-10T09:00:00+07:00"));
    await notice(staff["lanhdao.c2"]!, "Nhận ngay", new Date("2026-06-10T09:00:00+07:00"));

    expect(await sendDailyDigests(db, { now: at("2026-06-11") })).toEqual({ accounts: 1, queued: 1 });
    const mail = await db.select().from(outbox);
    expect(mail).toHaveLength(1);
    expect(mail[0]).toMatchObject({ channel: "email", staffId: c1, kind: "digest_daily", dedupeKey: `digest:daily:${c1}:2026-06-11`, state: "pending" });
    expect(mail[0]!.subject).toBe("[Hài Lòng] Tổng hợp thông báo đến 07:00 ngày 11/06/2026");
    expect(mail[0]!.body).toContain("Cảnh báo một");
    expect(mail[0]!.body).toContain("Cảnh báo hai");
    expect(mail[0]!.body).toMatch(/https?:\/\/[^\s]+\/dashboard\?agency=1/);
    for (const absent of ["Đã đọc rồi", "Trước mốc", "Sau mốc", "Không có địa chỉ", "Nhận ngay"]) expect(mail[0]!.body).not.toContain(absent);

    // A second run the same day queues nothing more.
    expect(await sendDailyDigests(db, { now: new Date("2026-06-11T18:00:00+07:00") })).toEqual({ accounts: 1, queued: 0 });
    expect(await db.select().from(outbox)).toHaveLength(1);
  });

  it("sends nothing when there is nothing to tell", async () => {
    await db.insert(alertPreferences).values({ staffId: staff["lanhdao.c1"]!, delivery: "daily" });
    await notice(staff["lanhdao.c1"]!, "Đã đọc", new Date("2026-06-10T09:00:00+07:00"), new Date("2026-06-10T09:30:00+07:00"));
    expect(await sendDailyDigests(db, { now: at("2026-06-11") })).toEqual({ accounts: 0, queued: 0 });
    expect(await db.select().from(outbox)).toHaveLength(0);
  });

  it("digests the alerts the evaluation raised, for a leader who chose the daily digest", async () => {
    await db.insert(alertPreferences).values({ staffId: staff["lanhdao.c1"]!, delivery: "daily" });
    await baseline(tree.C1!.id, "2026-04-01");
    await officialsDrop(tree.C1!.id, "2026-06-08", 60, 36);
    await evaluateDailyAlerts(db, { now: at("2026-06-11") });
    // No immediate mail for the digest reader; the leader of the district gets theirs.
    const immediate = await db.select().from(outbox).where(and(eq(outbox.channel, "email"), eq(outbox.staffId, staff["lanhdao.c1"]!)));
    expect(immediate).toHaveLength(0);
    // The notifications carry the database's own time: digest the window that holds it.
    const [{ createdAt }] = (await db.select({ createdAt: notifications.createdAt }).from(notifications).limit(1)) as [{ createdAt: Date }];
    const next = new Date(createdAt.getTime() + 24 * 3600 * 1000);
    expect(await sendDailyDigests(db, { now: next })).toEqual({ accounts: 1, queued: 1 });
    const [digest] = await db.select().from(outbox).where(eq(outbox.kind, "digest_daily"));
    expect(digest!.body).toContain("“Công chức”");
    expect(digest!.body).not.toContain(COMMENT);
  });
});
