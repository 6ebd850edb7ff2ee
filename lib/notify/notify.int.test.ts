import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { alertPreferences, auditLog, contacts, jobRuns, notifications, outbox, responses, staffAccounts, webhookEndpoints } from "@/db/schema";
import { getStaffById, type StaffUser } from "@/lib/auth/accounts";
import { publicUrl } from "@/lib/env";
import { isDomainError } from "@/lib/errors";
import { startEmbeddedRunner } from "@/lib/jobs/embedded-runner";
import type { JobDefinition } from "@/lib/jobs/registry";
import { kickJob, setRunningJobs } from "@/lib/jobs/kick";
import { setClockForTests } from "@/lib/time/clock";
import { createAgencyTree, createSurveyBase } from "@/tests/helpers/fixtures";
import { startSmtpServer, startWebhookReceiver, type TestSmtpServer, type TestWebhookReceiver } from "@/tests/helpers/smtp";
import { createTestDatabase } from "@/tests/helpers/test-db";
import { DELIVER_JOB, makeDeliverOutbox, MAX_ATTEMPTS, retryDelayMinutes, verifyWebhookSignature, webhookSignature } from "./deliver";
import { deliveryOverview, retryFailedMessage } from "./deliveries";
import { adminsOf, leadersOf, notifyStaff } from "./staff";

// Citizen data that must never reach a staff message.
const COMMENT = "Cán bộ vòi vĩnh, đòi tiền bồi dưỡng";
const PHONE = "0912345678";
const CITIZEN_EMAIL = "nguoidan@example.vn";

const T0 = new Date("2026-12-02T02:00:00Z");
const MAIL_FROM = "Hài Lòng <no-reply@test.local>";

let database: Database;
let tree: Awaited<ReturnType<typeof createAgencyTree>>;
let smtp: TestSmtpServer;
let hook: TestWebhookReceiver;
let contactId: number;
const staff: Record<string, number> = {};
let rootAdmin: StaffUser;

const deliver = () => makeDeliverOutbox(() => ({ smtpUrl: smtp.url, mailFrom: MAIL_FROM }));
const minutes = (m: number) => new Date(T0.getTime() + m * 60_000);

async function account(username: string, role: "leader" | "admin" | "officer", agency: string, email: string | null, active = true) {
  const [row] = await database.db
    .insert(staffAccounts)
    .values({ username, name: username, passwordHash: "x", role, agencyId: tree[agency]!.id, email, active })
    .returning({ id: staffAccounts.id });
  staff[username] = row!.id;
  return row!.id;
}

async function outboxRows() {
  return database.db.select().from(outbox).orderBy(outbox.id);
}

/** The job adds the time its own run took to the instant it was given: allow for a slow machine. */
function expectNear(actual: Date, expected: Date) {
  expect(Math.abs(actual.getTime() - expected.getTime())).toBeLessThan(30_000);
}

function assertNoCitizenData(text: string) {
  expect(text).not.toContain(COMMENT);
  expect(text).not.toContain(PHONE);
  expect(text).not.toContain(CITIZEN_EMAIL);
}

beforeAll(async () => {
  database = await createTestDatabase();
  const { versionId } = await createSurveyBase(database.db);
  tree = await createAgencyTree(database.db, [
    { code: "P", level: "province" },
    { code: "D", level: "district", parent: "P" },
    { code: "C", level: "commune", parent: "D" },
    { code: "P2", level: "province" },
  ]);
  await account("leader.c", "leader", "C", "leader.c@example.gov.vn");
  await account("leader.d", "leader", "D", "leader.d@example.gov.vn");
  await account("leader.d.none", "leader", "D", "none@example.gov.vn");
  await account("leader.p", "leader", "P", null);
  await account("leader.old", "leader", "C", "old@example.gov.vn", false);
  await account("admin.p", "admin", "P", "admin.p@example.gov.vn");
  await account("officer.c", "officer", "C", "officer@example.gov.vn");
  await database.db.insert(alertPreferences).values([
    { staffId: staff["leader.d"]!, delivery: "daily" },
    { staffId: staff["leader.d.none"]!, delivery: "none" },
  ]);
  rootAdmin = (await getStaffById(database.db, { staffId: staff["admin.p"]! }))!;
  // A dissatisfied answer with consented contact details: the text and details staff must never receive.
  const [response] = await database.db
    .insert(responses)
    .values({ versionId, agencyId: tree.C!.id, channel: "receipt_qr", verified: true, comment: COMMENT, submittedAt: T0 })
    .returning({ id: responses.id });
  const [contact] = await database.db
    .insert(contacts)
    .values({ responseId: response!.id, phone: PHONE, email: CITIZEN_EMAIL, consentText: "Đồng ý", deleteAfter: minutes(90 * 24 * 60) })
    .returning({ id: contacts.id });
  contactId = contact!.id;
  smtp = await startSmtpServer();
  hook = await startWebhookReceiver();
});

afterAll(async () => {
  setClockForTests(null);
  await smtp?.close();
  await hook?.close();
  await database?.close();
});

beforeEach(async () => {
  setClockForTests(T0);
  smtp.setMode("accept");
  smtp.messages.length = 0;
  hook.setStatus(200);
  hook.received.length = 0;
  await database.db.delete(outbox);
  await database.db.delete(notifications);
  await database.db.delete(webhookEndpoints);
});

afterEach(() => setClockForTests(null));

describe("notifyStaff", () => {
  it("writes one in-app row per active recipient, mails per preference, and dedupes a second run", async () => {
    const recipients = [staff["leader.c"]!, staff["leader.d"]!, staff["leader.d.none"]!, staff["leader.p"]!, staff["leader.old"]!];
    const notice = { recipients, agencyId: tree.C!.id, kind: "case_overdue" as const, title: "Phiếu HL-7K2P quá hạn trả lời", link: "/cases/41", dedupeKey: "case:41:overdue" };
    await database.db.transaction(async (tx) => notifyStaff(tx, notice));
    await database.db.transaction(async (tx) => notifyStaff(tx, notice));

    const inApp = await database.db.select().from(notifications).orderBy(notifications.staffId);
    expect(inApp.map((n) => n.staffId).sort()).toEqual([staff["leader.c"], staff["leader.d"], staff["leader.d.none"], staff["leader.p"]].sort());
    expect(new Set(inApp.map((n) => n.dedupeKey)).size).toBe(4);

    // immediate (no preference row) with an e-mail: leader.c only; daily waits for the digest, none stays in-app, no address no mail.
    const mail = (await outboxRows()).filter((m) => m.channel === "email");
    expect(mail.map((m) => m.staffId)).toEqual([staff["leader.c"]]);
    expect(mail[0]!.subject).toBe("[Hài Lòng] Phiếu xử lý ý kiến quá hạn");
    expect(mail[0]!.body).toBe(`Phiếu HL-7K2P quá hạn trả lời\n\nXem chi tiết: ${publicUrl()}/cases/41\n`);
  });

  it("queues one signed webhook per active endpoint whose subtree holds the agency, for alerts and overdue cases only", async () => {
    const [onP, onC] = await database.db
      .insert(webhookEndpoints)
      .values([
        { agencyId: tree.P!.id, url: hook.url, secret: "s-p" },
        { agencyId: tree.C!.id, url: hook.url, secret: "s-c" },
        { agencyId: tree.P2!.id, url: hook.url, secret: "s-p2" },
        { agencyId: tree.P!.id, url: hook.url, secret: "s-off", active: false },
      ])
      .returning({ id: webhookEndpoints.id });
    await database.db.transaction(async (tx) =>
      notifyStaff(tx, { recipients: [], agencyId: tree.C!.id, kind: "alert", title: "Tỉ lệ hài lòng giảm", link: "/alerts/3", dedupeKey: "alert:3" }),
    );
    await database.db.transaction(async (tx) =>
      notifyStaff(tx, { recipients: [], agencyId: tree.C!.id, kind: "alert", title: "Tỉ lệ hài lòng giảm", link: "/alerts/3", dedupeKey: "alert:3" }),
    );
    await database.db.transaction(async (tx) =>
      notifyStaff(tx, { recipients: [staff["leader.c"]!], agencyId: tree.C!.id, kind: "case_assigned", title: "Bạn được giao phiếu", link: "/cases/9", dedupeKey: "case:9:assigned" }),
    );
    const hooks = (await outboxRows()).filter((m) => m.channel === "webhook");
    expect(hooks.map((h) => h.webhookId).sort()).toEqual([onP!.id, onC!.id].sort());
    const payload = JSON.parse(hooks[0]!.body) as Record<string, unknown>;
    expect(Object.keys(payload).sort()).toEqual(["agencyCode", "agencyId", "at", "event", "link"]);
    expect(payload).toEqual({ event: "alert", agencyId: tree.C!.id, agencyCode: "C", link: `${publicUrl()}/alerts/3`, at: T0.toISOString() });
  });

  it("finds the leaders and administrators placed at exactly the given agencies", async () => {
    await database.db.transaction(async (tx) => {
      expect(await leadersOf(tx, [tree.D!.id])).toEqual([staff["leader.d"], staff["leader.d.none"]]);
      expect(await leadersOf(tx, [tree.C!.id])).toEqual([staff["leader.c"]]);
      expect(await adminsOf(tx, [tree.P!.id])).toEqual([staff["admin.p"]]);
      expect(await adminsOf(tx, [tree.C!.id])).toEqual([]);
      expect(await leadersOf(tx, [])).toEqual([]);
    });
  });
});

describe("deliverOutbox", () => {
  async function queueStaffMail(key: string) {
    await database.db.transaction(async (tx) =>
      notifyStaff(tx, { recipients: [staff["leader.c"]!], agencyId: tree.C!.id, kind: "case_overdue", title: "Phiếu quá hạn", link: "/cases/7", dedupeKey: key }),
    );
  }

  it("delivers a queued e-mail to a real SMTP server, links only", async () => {
    await queueStaffMail("mail:1");
    const counts = await deliver()(database.db, { now: T0 });
    expect(counts).toMatchObject({ sent: 1, retried: 0, failed: 0 });
    const [mail] = await smtp.waitFor(1);
    expect(mail!.to).toEqual(["leader.c@example.gov.vn"]);
    expect(mail!.subject).toBe("[Hài Lòng] Phiếu xử lý ý kiến quá hạn");
    expect(mail!.text.trim()).toBe(`Phiếu quá hạn\n\nXem chi tiết: ${publicUrl()}/cases/7`);
    assertNoCitizenData(mail!.raw);
    const [row] = await outboxRows();
    expect(row).toMatchObject({ state: "sent", attempts: 1, lastError: null });
    expectNear(row!.sentAt!, T0);
    // Sent is sent: a second run sends nothing again.
    expect(await deliver()(database.db, { now: minutes(60) })).toMatchObject({ sent: 0 });
    expect(smtp.messages).toHaveLength(1);
  });

  it("retries a failing SMTP server with backoff and loses nothing", async () => {
    await queueStaffMail("mail:2");
    smtp.setMode("fail");
    expect(await deliver()(database.db, { now: T0 })).toMatchObject({ sent: 0, retried: 1 });
    let [row] = await outboxRows();
    expect(row).toMatchObject({ state: "pending", attempts: 1, lastError: "smtp 451" });
    expectNear(row!.nextAttemptAt, minutes(1));
    // Not due yet: nothing is tried.
    expect(await deliver()(database.db, { now: minutes(0.5) })).toMatchObject({ sent: 0, retried: 0 });
    expect(await deliver()(database.db, { now: minutes(1.1) })).toMatchObject({ retried: 1 });
    [row] = await outboxRows();
    expect(row).toMatchObject({ attempts: 2, lastError: "smtp 451" });
    expectNear(row!.nextAttemptAt, minutes(3.1));
    smtp.setMode("accept");
    expect(await deliver()(database.db, { now: minutes(3.2) })).toMatchObject({ sent: 1 });
    expect(smtp.messages).toHaveLength(1);
    [row] = await outboxRows();
    expect(row).toMatchObject({ state: "sent", attempts: 3, lastError: null });
  });

  it("marks a message failed after the last attempt, shows it by state and kind without contents, and retries it by hand (audited)", async () => {
    expect([1, 2, 3, 9, 10].map(retryDelayMinutes)).toEqual([1, 2, 4, 256, 360]);
    await queueStaffMail("mail:3");
    smtp.setMode("fail");
    let at = T0;
    for (let i = 0; i < MAX_ATTEMPTS; i++) {
      await deliver()(database.db, { now: at });
      at = new Date(at.getTime() + 6 * 3600_000);
    }
    let [row] = await outboxRows();
    expect(row).toMatchObject({ state: "failed", attempts: MAX_ATTEMPTS, lastError: "smtp 451" });
    expect(await deliver()(database.db, { now: at })).toMatchObject({ retried: 0, failed: 0 });

    const overview = await deliveryOverview(database.db, rootAdmin);
    expect(overview.counts).toEqual([{ channel: "email", kind: "case_overdue", state: "failed", n: 1 }]);
    expect(overview.problems).toHaveLength(1);
    expect(Object.keys(overview.problems[0]!).sort()).toEqual(["attempts", "channel", "createdAt", "id", "kind", "lastError", "nextAttemptAt", "state"]);
    const leader = (await getStaffById(database.db, { staffId: staff["leader.c"]! }))!;
    await expect(deliveryOverview(database.db, leader)).rejects.toSatisfy((e) => isDomainError(e) && e.kind === "forbidden");

    smtp.setMode("accept");
    await retryFailedMessage(database.db, rootAdmin, { messageId: row!.id });
    await expect(retryFailedMessage(database.db, rootAdmin, { messageId: row!.id })).rejects.toSatisfy((e) => isDomainError(e) && e.kind === "conflict");
    const audits = await database.db.select().from(auditLog).where(eq(auditLog.action, "outbox.retried"));
    expect(audits.map((a) => a.entityId)).toEqual([String(row!.id)]);
    expect(await deliver()(database.db, { now: at })).toMatchObject({ sent: 1 });
    [row] = await outboxRows();
    expect(row).toMatchObject({ state: "sent", attempts: 1 });
  });

  it("holds e-mail while no SMTP server is set, and still delivers webhooks", async () => {
    await database.db.insert(webhookEndpoints).values({ agencyId: tree.P!.id, url: hook.url, secret: "s" });
    await database.db.transaction(async (tx) =>
      notifyStaff(tx, { recipients: [staff["leader.c"]!], agencyId: tree.C!.id, kind: "alert", title: "Cảnh báo", link: "/alerts/1", dedupeKey: "alert:held" }),
    );
    const held = makeDeliverOutbox(() => ({ mailFrom: MAIL_FROM }));
    expect(await held(database.db, { now: T0 })).toMatchObject({ sent: 1, held: 1 });
    expect(await held(database.db, { now: minutes(600) })).toMatchObject({ sent: 0, held: 1 });
    const mail = (await outboxRows()).find((m) => m.channel === "email")!;
    expect(mail).toMatchObject({ state: "pending", attempts: 0, lastError: null });
    expect(hook.received).toHaveLength(1);
    // Once a server is set, the held mail goes.
    expect(await deliver()(database.db, { now: minutes(601) })).toMatchObject({ sent: 1 });
    expect(smtp.messages).toHaveLength(1);
  });

  it("signs webhooks so that the receiver can verify them; a tampered body fails; a 500 is retried", async () => {
    const secret = "a-secret-shared-with-the-gateway";
    await database.db.insert(webhookEndpoints).values({ agencyId: tree.D!.id, url: hook.url, secret });
    await database.db.transaction(async (tx) =>
      notifyStaff(tx, { recipients: [], agencyId: tree.C!.id, kind: "case_overdue", title: "Quá hạn", link: "/cases/5", dedupeKey: "case:5:overdue" }),
    );
    hook.setStatus(500);
    expect(await deliver()(database.db, { now: T0 })).toMatchObject({ retried: 1 });
    expect((await outboxRows())[0]).toMatchObject({ state: "pending", lastError: "http 500" });
    hook.setStatus(204);
    expect(await deliver()(database.db, { now: minutes(1.1) })).toMatchObject({ sent: 1 });
    const [first, second] = await hook.waitFor(2);
    for (const call of [first!, second!]) {
      expect(call.headers["content-type"]).toBe("application/json");
      expect(verifyWebhookSignature(secret, call.body, call.headers["x-hailong-signature"] as string)).toBe(true);
      expect(call.headers["x-hailong-timestamp"]).toMatch(/^\d{10}$/);
      assertNoCitizenData(call.body);
    }
    expect(second!.headers["x-hailong-delivery"]).toBe(first!.headers["x-hailong-delivery"]);
    expect(second!.headers["x-hailong-signature"]).toBe(webhookSignature(secret, second!.body));
    const tampered = second!.body.replace("case_overdue", "alert");
    expect(verifyWebhookSignature(secret, tampered, second!.headers["x-hailong-signature"] as string)).toBe(false);
    expect(verifyWebhookSignature("another-secret", second!.body, second!.headers["x-hailong-signature"] as string)).toBe(false);
    expect(verifyWebhookSignature(secret, second!.body, undefined)).toBe(false);
    expect(JSON.parse(second!.body)).toEqual({ event: "case_overdue", agencyId: tree.C!.id, agencyCode: "C", link: `${publicUrl()}/cases/5`, at: T0.toISOString() });
  });

  it("reads a citizen's address at send time, and drops the message with the contact row", async () => {
    await database.db.insert(outbox).values([
      { channel: "email", contactId, kind: "citizen_ack", subject: "Đã nhận ý kiến HL-7K2P", body: "Mã phiếu: HL-7K2P", dedupeKey: "ack:1", nextAttemptAt: T0 },
    ]);
    expect(await deliver()(database.db, { now: T0 })).toMatchObject({ sent: 1 });
    const [mail] = await smtp.waitFor(1);
    expect(mail!.to).toEqual([CITIZEN_EMAIL]);

    await database.db.insert(outbox).values({ channel: "email", contactId, kind: "citizen_reply", subject: "Trả lời", body: "Nội dung trả lời", dedupeKey: "reply:1", nextAttemptAt: T0 });
    await database.db.delete(contacts).where(eq(contacts.id, contactId));
    expect(await outboxRows()).toEqual([]);
    expect(await deliver()(database.db, { now: T0 })).toMatchObject({ sent: 0 });
    expect(smtp.messages).toHaveLength(1);
  });

  it("fails at once, with a short code, a message whose recipient has no address", async () => {
    await database.db.insert(outbox).values({ channel: "email", staffId: staff["leader.p"]!, kind: "digest", subject: "Bản tin", body: "x", dedupeKey: "digest:p", nextAttemptAt: T0 });
    expect(await deliver()(database.db, { now: T0 })).toMatchObject({ failed: 1 });
    expect((await outboxRows())[0]).toMatchObject({ state: "failed", lastError: "no address", attempts: 1 });
  });
});

describe("the embedded runner", () => {
  // The runner is driven on the test's database whatever the driver: pg-boss is exercised with real processes in runner.int.test.ts.
  function deliveryJob(): JobDefinition {
    return { name: DELIVER_JOB, cron: "* * * * *", handler: deliver(), expireMinutes: 5 };
  }

  it("delivers on a kick, records the run, and runs at start what a stopped process missed", async () => {
    setClockForTests(null);
    await database.db.delete(jobRuns);
    const runner = startEmbeddedRunner(database.db, [deliveryJob()]);
    setRunningJobs(runner);
    try {
      await runner.ready;
      await database.db.transaction(async (tx) =>
        notifyStaff(tx, { recipients: [staff["leader.c"]!], agencyId: tree.C!.id, kind: "case_overdue", title: "Quá hạn", link: "/cases/8", dedupeKey: "case:8:overdue" }),
      );
      kickJob(DELIVER_JOB);
      await smtp.waitFor(1);
    } finally {
      setRunningJobs(undefined);
      await runner.stop();
    }
    const [run] = await database.db.select().from(jobRuns);
    expect(run).toMatchObject({ name: DELIVER_JOB, lastOutcome: "ok" });
    expect(run!.runs).toBeGreaterThanOrEqual(1);

    // A process stopped for an hour: its first turn runs the job once, and the tick moves on.
    await database.db.update(jobRuns).set({ lastTick: new Date(Date.now() - 3600_000), runs: 0 });
    await database.db.transaction(async (tx) =>
      notifyStaff(tx, { recipients: [staff["leader.c"]!], agencyId: tree.C!.id, kind: "case_overdue", title: "Quá hạn", link: "/cases/9", dedupeKey: "case:9:overdue" }),
    );
    const restarted = startEmbeddedRunner(database.db, [deliveryJob()]);
    try {
      await smtp.waitFor(2);
    } finally {
      await restarted.stop();
    }
    const [after] = await database.db.select().from(jobRuns);
    expect(after!.runs).toBeGreaterThanOrEqual(1);
    expect(after!.lastTick!.getTime()).toBeGreaterThan(Date.now() - 2 * 60_000);
  });
});
