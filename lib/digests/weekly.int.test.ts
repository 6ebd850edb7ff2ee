import crypto from "node:crypto";
import { and, eq, like } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Database, Db } from "@/db/client";
import { forgetCachedCalendar } from "@/db/queries/calendar";
import { alertPreferences, alerts, auditLog, cases, contacts, outbox, responses, staffAccounts, type Agency } from "@/db/schema";
import { publicUrl } from "@/lib/env";
import { setClockForTests } from "@/lib/time/clock";
import { createAgencyTree, createSurveyBase, insertResponses, sheetsAtShare } from "@/tests/helpers/fixtures";
import { createTestDatabase, inRolledBackTransaction } from "@/tests/helpers/test-db";
import { sendWeeklyDigests, weeklyDigestKey } from "./weekly";

// Monday 07/12/2026, 07:00 Vietnam time (ISO week 2026-W50): the digest covers 30/11–06/12 and
// compares it with 23/11–29/11.
const NOW = new Date("2026-12-07T07:00:00+07:00");
const COMMENT = "Cán bộ Nguyễn Văn A đòi thêm tiền mới trả hồ sơ";
const PHONE = "0912345678";
const CITIZEN_EMAIL = "nguoidan.test@example.vn";

let database: Database;
let db: Db;
let base: { versionId: number; procedureId: number };

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.close();
});
afterEach(() => {
  setClockForTests(null);
  forgetCachedCalendar();
});

function isolated(name: string, body: () => Promise<void>) {
  it(name, () =>
    inRolledBackTransaction(database, async (tx) => {
      db = tx;
      base = await createSurveyBase(db);
      setClockForTests(NOW);
      forgetCachedCalendar();
      await body();
    }),
  );
}

let serial = 0;

async function account(input: { agency: Agency; role?: "leader" | "officer" | "admin"; email?: string | null; active?: boolean; weeklyDigest?: boolean }) {
  const n = ++serial;
  const [row] = await db
    .insert(staffAccounts)
    .values({
      username: `digest-${n}`,
      name: `Lãnh đạo ${n}`,
      passwordHash: "x",
      role: input.role ?? "leader",
      agencyId: input.agency.id,
      email: input.email === undefined ? `lanhdao${n}@coquan.gov.vn` : input.email,
      active: input.active ?? true,
    })
    .returning({ id: staffAccounts.id });
  if (input.weeklyDigest !== undefined) await db.insert(alertPreferences).values({ staffId: row!.id, weeklyDigest: input.weeklyDigest });
  return row!.id;
}

/** A dissatisfied answer with a comment and consented contact details, and the case it opened. */
async function caseWithContact(agency: Agency, opened: string, due: string) {
  const openedAt = new Date(opened);
  const [response] = await db
    .insert(responses)
    .values({ versionId: base.versionId, agencyId: agency.id, channel: "receipt_qr", verified: true, submittedAt: openedAt, comment: COMMENT })
    .returning({ id: responses.id });
  await db.insert(contacts).values({ responseId: response!.id, phone: PHONE, email: CITIZEN_EMAIL, consentText: "Đồng ý", deleteAfter: new Date("2027-03-01T00:00:00Z") });
  await db.insert(cases).values({
    reference: `PA-W${String(++serial).padStart(4, "0")}`,
    responseId: response!.id,
    agencyId: agency.id,
    originAgencyId: agency.id,
    reasons: ["low:S3", "comment_contact"],
    verified: true,
    openedAt,
    forwardDueOn: due,
    replyDueOn: due,
    statusTokenHash: crypto.randomBytes(16).toString("hex"),
  });
}

async function fixture() {
  const a = (await createAgencyTree(db, [
    { code: "P", level: "province" },
    { code: "D", level: "district", parent: "P" },
    { code: "C1", level: "commune", parent: "D" },
    { code: "X", level: "district", parent: "P" },
  ])) as Record<string, Agency>;
  // Last 7 days at C1: S1–S4 at 4/5 = 80 %, S5 at 4/4 = 100 % → mean of five 84,00 %, pooled
  // 20/24 = 83,33 %; 7 responses with the two (without scale answers) that opened cases below.
  // The 7 days before: 50,00 % both ways.
  await insertResponses(db, {
    ...base,
    agencyId: a.C1!.id,
    submittedAt: new Date("2026-12-02T10:00:00+07:00"),
    sheets: [
      { answers: { S1: 5, S2: 5, S3: 5, S4: 5, S5: 5 }, count: 4 },
      { answers: { S1: 1, S2: 1, S3: 1, S4: 1 }, count: 1 },
    ],
  });
  await insertResponses(db, { ...base, agencyId: a.C1!.id, submittedAt: new Date("2026-11-25T10:00:00+07:00"), sheets: sheetsAtShare(10, 5) });
  // Elsewhere: never in D's digest.
  await insertResponses(db, { ...base, agencyId: a.X!.id, submittedAt: new Date("2026-12-02T10:00:00+07:00"), sheets: sheetsAtShare(10, 1) });
  await caseWithContact(a.C1!, "2026-12-01T09:00:00+07:00", "2026-12-15");
  await caseWithContact(a.C1!, "2026-12-04T09:00:00+07:00", "2026-12-18");
  // Opened before the window and overdue since 24/11.
  await caseWithContact(a.C1!, "2026-11-10T09:00:00+07:00", "2026-11-24");
  await caseWithContact(a.X!, "2026-12-03T09:00:00+07:00", "2026-12-04");
  const alert = { element: "pooled", windowDays: 7, windowSatisfied: 1, windowValid: 10, baselineSatisfied: 80, baselineValid: 100, pValue: 0.0001 };
  await db.insert(alerts).values([
    { ...alert, agencyId: a.C1!.id, openedOn: "2026-12-03" },
    { ...alert, agencyId: a.C1!.id, element: "S3", openedOn: "2026-11-20", closedOn: "2026-11-28" },
    { ...alert, agencyId: a.X!.id, openedOn: "2026-12-04" },
  ]);
  return a;
}

async function digests() {
  return db.select().from(outbox).where(eq(outbox.kind, "digest_weekly")).orderBy(outbox.id);
}

describe("sendWeeklyDigests", () => {
  isolated("queues one e-mail per leader and ISO week, with counts and links only", async () => {
    const a = await fixture();
    const district = await account({ agency: a.D! });
    const communeOptedIn = await account({ agency: a.C1!, weeklyDigest: true });
    await account({ agency: a.C1!, weeklyDigest: false });
    await account({ agency: a.D!, email: null });
    await account({ agency: a.D!, email: "  " });
    await account({ agency: a.D!, active: false });
    await account({ agency: a.C1!, role: "officer" });

    const first = await sendWeeklyDigests(db, { now: NOW });
    expect(first).toEqual({ recipients: 2, queued: 2 });
    const queued = await digests();
    expect(queued.map((m) => [m.staffId, m.dedupeKey, m.channel, m.state, m.contactId, m.webhookId])).toEqual([
      [district, weeklyDigestKey(district, "2026-W50"), "email", "pending", null, null],
      [communeOptedIn, weeklyDigestKey(communeOptedIn, "2026-W50"), "email", "pending", null, null],
    ]);

    const body = queued[0]!.body;
    const url = publicUrl();
    expect(queued[0]!.subject).toBe("Hài Lòng: tóm tắt tuần 2026-W50 – D");
    expect(body).toContain("từ 30/11/2026 đến 06/12/2026");
    expect(body).toContain("từ 23/11/2026 đến 29/11/2026");
    expect(body).toContain("Chỉ số hài lòng chung (TB 5 yếu tố): 84,00% (7 ngày trước: 50,00%)");
    expect(body).toContain("Tỷ lệ hài lòng gộp 5 yếu tố: 83,33% (7 ngày trước: 50,00%)");
    expect(body).toContain("Số phiếu trả lời: 7 (7 ngày trước: 10)");
    expect(body).toContain("Phiếu xử lý mới: 2");
    expect(body).toContain("Phiếu đang quá hạn: 1");
    expect(body).toContain("Cảnh báo mới: 1");
    expect(body).toContain(`${url}/cases?agency=${a.D!.id}`);
    expect(body).toContain(`${url}/cases?overdue=1&agency=${a.D!.id}`);
    expect(body).toContain(`${url}/dashboard?agency=${a.D!.id}&period=range%3A2026-11-30..2026-12-06`);
    // Every link is absolute.
    for (const link of body.match(/\S*\/(?:cases|dashboard|alerts)\S*/g) ?? []) expect(link.startsWith(url)).toBe(true);
    for (const m of queued) {
      for (const secret of [COMMENT, "đòi thêm tiền", PHONE, CITIZEN_EMAIL]) {
        expect(m.body).not.toContain(secret);
        expect(m.subject).not.toContain(secret);
      }
    }
    expect(queued[1]!.body).toContain("Phiếu xử lý mới: 2");

    const audited = await db.select().from(auditLog).where(eq(auditLog.action, "digest.weekly.queued"));
    expect(audited.map((r) => r.entityId).sort()).toEqual(queued.map((m) => String(m.id)).sort());

    // Running again, the same day or later in the week, queues nothing more.
    expect(await sendWeeklyDigests(db, { now: NOW })).toEqual({ recipients: 0, queued: 0 });
    expect(await sendWeeklyDigests(db, { now: new Date("2026-12-13T22:00:00+07:00") })).toEqual({ recipients: 0, queued: 0 });
    expect(await digests()).toHaveLength(2);

    // The next ISO week has a digest of its own.
    expect(await sendWeeklyDigests(db, { now: new Date("2026-12-14T07:00:00+07:00") })).toEqual({ recipients: 2, queued: 2 });
    const next = await db.select().from(outbox).where(and(eq(outbox.kind, "digest_weekly"), like(outbox.dedupeKey, "%:2026-W51")));
    expect(next).toHaveLength(2);
  });

  isolated("respects a leader's choice to stop the digest", async () => {
    const a = await fixture();
    const leader = await account({ agency: a.D!, weeklyDigest: true });
    await db.update(alertPreferences).set({ weeklyDigest: false }).where(eq(alertPreferences.staffId, leader));
    expect(await sendWeeklyDigests(db, { now: NOW })).toEqual({ recipients: 0, queued: 0 });
    expect(await digests()).toHaveLength(0);
  });
});
