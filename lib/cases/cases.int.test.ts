import { eq, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { rows, type Database } from "@/db/client";
import { forgetCachedCalendar } from "@/db/queries/calendar";
import { caseForViewer, caseQueue, caseQueueOptions, type CaseViewer } from "@/db/queries/cases";
import { agencyProcedures, auditLog, calendarDays, caseEvents, caseForwards, cases, contacts, desks, notifications, outbox, staffAccounts, standingCodes } from "@/db/schema";
import { getStaffById, type StaffUser } from "@/lib/auth/accounts";
import { isDomainError } from "@/lib/errors";
import { setSetting } from "@/lib/settings";
import { completeAndIssue } from "@/lib/survey/desk";
import { submitResponse, storeSheet, isPublishedVersion } from "@/lib/survey/respond";
import { postInvitationSurvey } from "@/lib/survey/submission";
import { submitStandingResponse } from "@/lib/survey/standing";
import { invitationToken, hashToken } from "@/lib/survey/token";
import { setClockForTests } from "@/lib/time/clock";
import { vietnamDayOf } from "@/lib/time/vietnam";
import { createAgencyTree, createSurveyBase } from "@/tests/helpers/fixtures";
import { createTestDatabase } from "@/tests/helpers/test-db";
import { escalateOverdueCases, enforceContactRetention } from "./jobs";
import { caseStatusUrl, isReferenceCollision, prepareCaseOpening } from "./opening";
import { caseStatusToken, hashStatusToken } from "./reference";
import { addCaseNote, assignCase, closeCase, forwardCase, recordCall, reopenCase, replyToCitizen, setCaseStatus, viewCaseContact } from "./service";
import { openCaseStatus } from "./status";

const SECRET = "test-secret-for-follow-up-cases";
const COMMENT = "Cán bộ Nguyễn Văn X vòi vĩnh tiền bồi dưỡng";
const EMAIL = "dan.citizen@example.vn";
const PHONE = "0912345678";
const DAY = 24 * 3600 * 1000;

let database: Database;
let versionId: number;
let procedureId: number;
let agencies: Record<string, { id: number; path: string }>;
let officer: StaffUser;
let staff: Record<string, StaffUser>;
let deskA: number;
let serial = 0;

const LOW = { S1: "4", S2: "4", S3: "1", S4: "4", S5: "na", S0: "2", E: [], C: COMMENT };
const HAPPY = { S1: "5", S2: "5", S3: "5", S4: "4", S5: "5", S0: "5", E: [], C: "" };

async function addStaff(username: string, role: StaffUser["role"], agency: string, email?: string): Promise<StaffUser> {
  const [row] = await database.db
    .insert(staffAccounts)
    .values({ username, name: username, passwordHash: "x", role, agencyId: agencies[agency]!.id, email: email ?? null })
    .returning({ id: staffAccounts.id });
  return (await getStaffById(database.db, { staffId: row!.id }))!;
}

async function answer(values: Record<string, string | string[]>, opts: { contact?: { phone?: string; email?: string }; now?: Date; locale?: "vi" | "en" } = {}) {
  const now = opts.now ?? new Date();
  serial += 1;
  const issued = await completeAndIssue(database.db, officer, { code: `CASE-${serial}`, procedureId: String(procedureId), deskId: String(deskA) }, now);
  const token = invitationToken(SECRET, issued.invitation.id);
  const contact = opts.contact ? { phone: opts.contact.phone ?? null, email: opts.contact.email ?? null, consentText: "Tôi đồng ý" } : null;
  const result = await submitResponse(database.db, { token, versionId, values, locale: opts.locale ?? "vi", contact, now });
  if (result.outcome !== "saved") throw new Error(`not saved: ${result.outcome}`);
  return { ...result, token, invitationId: issued.invitation.id };
}

async function caseRow(caseId: number) {
  const [row] = await database.db.select().from(cases).where(eq(cases.id, caseId));
  return row!;
}

async function events(caseId: number) {
  return (await database.db.select().from(caseEvents).where(eq(caseEvents.caseId, caseId)).orderBy(caseEvents.id)).map((e) => e.kind);
}

const viewer = (s: StaffUser): CaseViewer => ({ id: s.id, role: s.role, scopePath: s.scopePath });

/** Every message to staff carries links only (domain §7). */
async function expectStaffMessagesClean() {
  const staffMail = await database.db.select().from(outbox).where(sql`${outbox.staffId} is not null or ${outbox.webhookId} is not null`);
  const notes = await database.db.select().from(notifications);
  const text = JSON.stringify([staffMail.map((m) => [m.subject, m.body]), notes.map((n) => [n.title, n.link])]);
  expect(text).not.toContain("vòi vĩnh");
  expect(text).not.toContain(EMAIL);
  expect(text).not.toContain(PHONE);
}

async function expectFailure(work: Promise<unknown>, kind: string) {
  const err = await work.then(
    () => null,
    (e: unknown) => e,
  );
  expect(isDomainError(err) ? err.kind : err).toBe(kind);
}

beforeAll(async () => {
  process.env.NEXTAUTH_SECRET = SECRET;
  database = await createTestDatabase();
  const base = await createSurveyBase(database.db);
  versionId = base.versionId;
  procedureId = base.procedureId;
  const tree = await createAgencyTree(database.db, [
    { code: "CP", level: "province" },
    { code: "CD", level: "district", parent: "CP" },
    { code: "CA", level: "commune", parent: "CD" },
    { code: "CB", level: "commune", parent: "CD" },
    { code: "CC", level: "commune", parent: "CD" },
  ]);
  agencies = Object.fromEntries(Object.entries(tree).map(([k, a]) => [k, { id: a.id, path: a.path }]));
  await database.db.insert(agencyProcedures).values({ agencyId: agencies.CA!.id, procedureId });
  const [desk] = await database.db.insert(desks).values({ agencyId: agencies.CA!.id, code: "CQ1", name: "Quầy 1" }).returning();
  deskA = desk!.id;
  officer = await addStaff("case.officer", "officer", "CA", "officer@agency.vn");
  staff = {
    leaderA: await addStaff("case.leader.a", "leader", "CA", "leader.a@agency.vn"),
    handlerA: await addStaff("case.handler.a", "handler", "CA"),
    leaderB: await addStaff("case.leader.b", "leader", "CB"),
    leaderD: await addStaff("case.leader.d", "leader", "CD", "leader.d@agency.vn"),
    adminP: await addStaff("case.admin.p", "admin", "CP"),
    leaderC: await addStaff("case.leader.c", "leader", "CC"),
  };
  await database.db.insert(standingCodes).values({ code: "CASE-QR-C", agencyId: agencies.CC!.id, label: "QR xã C" });
});

afterEach(() => setClockForTests(null));

afterAll(async () => {
  await database?.close();
});

describe("opening a case with the answer", () => {
  it("opens the case, its history, its audit row and the acknowledgement in the answer's statement", async () => {
    const { followUp, responseId } = await answer(LOW, { contact: { email: EMAIL } });
    expect(followUp).not.toBeNull();
    const c = await caseRow(followUp!.caseId);
    expect(c).toMatchObject({ responseId, agencyId: agencies.CA!.id, originAgencyId: agencies.CA!.id, officerId: officer.id, verified: true, status: "new" });
    expect(c.reasons.sort()).toEqual(["comment_contact", "low:officials", "low:overall"]);
    expect(c.reference).toBe(followUp!.reference);
    expect(c.statusTokenHash).toBe(hashStatusToken(caseStatusToken(SECRET, c.reference)));
    expect(followUp!.statusToken).toBe(caseStatusToken(SECRET, c.reference));
    expect(await events(c.id)).toEqual(["opened", "acknowledged"]);
    const audit = await database.db.select().from(auditLog).where(eq(auditLog.entityId, String(c.id)));
    expect(audit.map((a) => a.action)).toContain("case.opened");
    // The acknowledgement: reference and status link, nothing the citizen wrote, to the contact row.
    const [contact] = await database.db.select().from(contacts).where(eq(contacts.responseId, responseId));
    const mail = await database.db.select().from(outbox).where(eq(outbox.dedupeKey, `case_ack:${c.reference}`));
    expect(mail).toHaveLength(1);
    expect(mail[0]).toMatchObject({ channel: "email", kind: "case_ack", contactId: contact!.id, staffId: null });
    expect(mail[0]!.body).toContain(c.reference);
    expect(mail[0]!.body).toContain(caseStatusUrl(followUp!.statusToken));
    expect(mail[0]!.body).toContain("/theo-doi/");
    expect(`${mail[0]!.subject}${mail[0]!.body}`).not.toContain("vòi vĩnh");
    expect(mail[0]!.body).toMatch(/Kính gửi/);
  });

  it("writes the acknowledgement in English for an English sheet", async () => {
    const { followUp } = await answer(LOW, { contact: { email: EMAIL }, locale: "en" });
    const [mail] = await database.db.select().from(outbox).where(eq(outbox.dedupeKey, `case_ack:${followUp!.reference}`));
    expect(mail!.subject).toMatch(/received your feedback/);
  });

  it("opens none for a satisfied sheet, and queues no mail for a case without an e-mail", async () => {
    const happy = await answer(HAPPY, { contact: { email: EMAIL } });
    expect(happy.followUp).toBeNull();
    expect(await database.db.select().from(cases).where(eq(cases.responseId, happy.responseId))).toHaveLength(0);
    const phoneOnly = await answer(LOW, { contact: { phone: PHONE } });
    expect(phoneOnly.followUp).not.toBeNull();
    expect(await events(phoneOnly.followUp!.caseId)).toEqual(["opened"]);
    const [contact] = await database.db.select().from(contacts).where(eq(contacts.responseId, phoneOnly.responseId));
    expect(await database.db.select().from(outbox).where(eq(outbox.contactId, contact!.id))).toHaveLength(0);
  });

  it("shows the reference and status link in the answer to the post only", async () => {
    serial += 1;
    const issued = await completeAndIssue(database.db, officer, { code: `CASE-${serial}`, procedureId: String(procedureId), deskId: String(deskA) });
    const token = invitationToken(SECRET, issued.invitation.id);
    const fields: [string, string][] = [
      ["version", String(versionId)],
      ["q.S1", "2"],
      ["q.S2", "4"],
      ["q.S3", "4"],
      ["q.S4", "4"],
      ["q.S5", "4"],
      ["q.S0", "4"],
      ["q.C", ""],
      ["contact.phone", ""],
      ["contact.email", ""],
      ["intent", "submit"],
    ];
    const first = await postInvitationSurvey(database.db, { token, fields, locale: "vi", client: "c-post-1" });
    expect(first).toMatchObject({ kind: "thanks", status: 200, followUp: { reference: expect.stringMatching(/^PA-/) } });
    // The same post again (a reload) says "answered" and carries no link.
    expect(await postInvitationSurvey(database.db, { token, fields, locale: "vi", client: "c-post-1" })).toEqual({ kind: "thanks", status: 303 });
  });

  it("rolls the whole statement back on a reference collision, link claim included", async () => {
    const existing = await answer(LOW);
    serial += 1;
    const issued = await completeAndIssue(database.db, officer, { code: `CASE-${serial}`, procedureId: String(procedureId), deskId: String(deskA) });
    const token = invitationToken(SECRET, issued.invitation.id);
    const now = new Date();
    const parsed = { scale: [{ key: "S3", element: "officials", value: 1 }], expectations: [], comment: null };
    const opening = (await prepareCaseOpening(database.db, { parsed, contact: null, locale: "vi", now }))!;
    const origin = sql`claimed as (
        update invitations set used_at = ${now.toISOString()}::timestamptz where token_hash = ${hashToken(token)} and used_at is null and ${isPublishedVersion(versionId)}
        returning id, agency_id, dossier_id, desk_id, channel
      ), origin as (
        select c.id as invitation_id, c.agency_id, c.dossier_id, d.procedure_id, d.officer_id, c.desk_id, c.channel, null::int as standing_code_id, true as verified
        from claimed c left join dossiers d on d.id = c.dossier_id
      )`;
    const clash = { ...opening, reference: existing.followUp!.reference };
    const err = await rows(database.db, storeSheet(origin, { versionId, parsed, locale: "vi", contact: null, now, opening: clash })).then(
      () => null,
      (e: unknown) => e,
    );
    expect(isReferenceCollision(err)).toBe(true);
    const [inv] = await rows<{ used_at: unknown }>(database.db, sql`select used_at from invitations where id = ${issued.invitation.id}`);
    expect(inv!.used_at).toBeNull();
    // The submission path retries under a fresh reference: the sheet is stored with its case.
    const result = await submitResponse(database.db, { token, versionId, values: LOW, locale: "vi" });
    expect(result).toMatchObject({ outcome: "saved", followUp: { reference: expect.stringMatching(/^PA-/) } });
  });

  it("opens a case from a standing QR only with contact details, unverified and at the code's agency", async () => {
    const input = { code: "CASE-QR-C", versionId, values: LOW, locale: "vi" as const };
    const without = await submitStandingResponse(database.db, { ...input, client: "qr-1" });
    expect(without).toMatchObject({ outcome: "saved", followUp: null });
    const withContact = await submitStandingResponse(database.db, { ...input, client: "qr-2", contact: { phone: PHONE, email: null, consentText: "Tôi đồng ý" } });
    expect(withContact.outcome).toBe("saved");
    const followUp = withContact.outcome === "saved" ? withContact.followUp : null;
    expect(await caseRow(followUp!.caseId)).toMatchObject({ verified: false, agencyId: agencies.CC!.id, officerId: null });
  });
});

describe("deadlines", () => {
  it("counts working days from the day after the answer, across a weekend and a holiday", async () => {
    await database.db.insert(calendarDays).values([
      { day: "2026-04-30", off: true, name: "Ngày Giải phóng miền Nam" },
      { day: "2026-05-01", off: true, name: "Ngày Quốc tế Lao động" },
    ]).onConflictDoUpdate({ target: calendarDays.day, set: { off: true } });
    forgetCachedCalendar();
    // Friday 24/04/2026, 16:00 Vietnam time.
    const { followUp } = await answer(LOW, { now: new Date("2026-04-24T16:00:00+07:00") });
    const c = await caseRow(followUp!.caseId);
    // Mon 27, Tue 28, Wed 29, (Thu 30 and Fri 01 off, weekend), Mon 04, Tue 05.
    expect(c.forwardDueOn).toBe("2026-05-05");
    expect(c.replyDueOn).toBe("2026-05-12");
    await setSetting(database.db, "cases.replyDays", 3, { id: null });
    const shorter = await answer(LOW, { now: new Date("2026-04-24T16:00:00+07:00") });
    expect((await caseRow(shorter.followUp!.caseId)).replyDueOn).toBe("2026-04-29");
    await setSetting(database.db, "cases.replyDays", 10, { id: null });
  });
});

describe("who sees a case", () => {
  it("never shows the dossier's officer the case: not in the list, the count, the filters nor the page", async () => {
    const { followUp } = await answer(LOW);
    const today = vietnamDayOf(new Date());
    for (const v of [viewer(officer), { id: officer.id, role: "leader", scopePath: agencies.CD!.path }]) {
      const queue = await caseQueue(database.db, { viewer: v, filters: {}, today });
      expect(queue.rows.map((r) => r.id)).not.toContain(followUp!.caseId);
      expect(queue.rows.filter((r) => r.agencyName === "CA")).toHaveLength(0);
      expect((await caseQueue(database.db, { viewer: v, filters: { agencyId: agencies.CA!.id }, today })).total).toBe(0);
      const options = await caseQueueOptions(database.db, { viewer: v });
      expect(options.procedures).toEqual([]);
      expect(options.officers).toEqual([]);
      expect(options.agencies.map((a) => a.id)).not.toContain(agencies.CA!.id);
      expect(await caseForViewer(database.db, { viewer: v, caseId: followUp!.caseId })).toBeNull();
    }
    const leaderView = await caseQueue(database.db, { viewer: viewer(staff.leaderA!), filters: { element: "officials" }, today });
    expect(leaderView.rows.map((r) => r.id)).toContain(followUp!.caseId);
    const options = await caseQueueOptions(database.db, { viewer: viewer(staff.leaderD!) });
    expect(options.officers.map((o) => o.id)).toContain(officer.id);
    expect(options.elements).toContain("officials");
    // The officer filter is for leaders only: a handler's filter is ignored, not applied.
    expect(await caseQueueOptions(database.db, { viewer: viewer(staff.handlerA!) })).toMatchObject({ officers: [] });
    const handlerAll = await caseQueue(database.db, { viewer: viewer(staff.handlerA!), filters: {}, today });
    expect((await caseQueue(database.db, { viewer: viewer(staff.handlerA!), filters: { officerId: staff.leaderB!.id }, today })).total).toBe(handlerAll.total);
    expect((await caseQueue(database.db, { viewer: viewer(staff.leaderA!), filters: { officerId: staff.leaderB!.id }, today })).total).toBe(0);
    expect(await caseForViewer(database.db, { viewer: viewer(staff.leaderB!), caseId: followUp!.caseId })).toBeNull();
    await expectFailure(assignCase(database.db, { ...officer, role: "leader" }, { caseId: followUp!.caseId, assigneeId: staff.handlerA!.id }), "not_found");
    await expectFailure(assignCase(database.db, staff.leaderA!, { caseId: followUp!.caseId, assigneeId: officer.id }), "invalid");
  });

  it("shows contact details on demand to a handler of the owning agency, recording each view without the details", async () => {
    const { followUp } = await answer(LOW, { contact: { phone: PHONE, email: EMAIL } });
    const shown = await viewCaseContact(database.db, staff.handlerA!, { caseId: followUp!.caseId });
    expect(shown).toMatchObject({ phone: PHONE, email: EMAIL });
    expect(await events(followUp!.caseId)).toContain("contact_viewed");
    const audit = await database.db.select().from(auditLog).where(eq(auditLog.action, "case.contact_viewed"));
    expect(JSON.stringify(audit)).not.toContain(PHONE);
    expect(JSON.stringify(audit)).not.toContain(EMAIL);
    await expectFailure(viewCaseContact(database.db, staff.adminP!, { caseId: followUp!.caseId }), "forbidden");
    await expectFailure(viewCaseContact(database.db, staff.leaderB!, { caseId: followUp!.caseId }), "not_found");
  });
});

describe("handling a case", () => {
  it("forwards: the competent agency owns it, the forwarder keeps read access only", async () => {
    const { followUp } = await answer(LOW, { contact: { phone: PHONE } });
    const caseId = followUp!.caseId;
    await forwardCase(database.db, staff.leaderA!, { caseId, toAgencyId: agencies.CB!.id });
    const c = await caseRow(caseId);
    expect(c).toMatchObject({ agencyId: agencies.CB!.id, originAgencyId: agencies.CA!.id, assigneeId: null });
    expect(c.forwardedAt).not.toBeNull();
    expect(await database.db.select().from(caseForwards).where(eq(caseForwards.caseId, caseId))).toMatchObject([{ fromAgencyId: agencies.CA!.id, toAgencyId: agencies.CB!.id }]);
    const today = vietnamDayOf(new Date());
    const forwarderQueue = await caseQueue(database.db, { viewer: viewer(staff.leaderA!), filters: {}, today });
    expect(forwarderQueue.rows.find((r) => r.id === caseId)).toMatchObject({ readOnly: true });
    expect(await caseForViewer(database.db, { viewer: viewer(staff.leaderA!), caseId })).toMatchObject({ owned: false });
    await expectFailure(addCaseNote(database.db, staff.leaderA!, { caseId, note: "x" }), "forbidden");
    await expectFailure(viewCaseContact(database.db, staff.leaderA!, { caseId }), "forbidden");
    expect(await caseForViewer(database.db, { viewer: viewer(staff.leaderB!), caseId })).toMatchObject({ owned: true });
    await assignCase(database.db, staff.leaderB!, { caseId, assigneeId: staff.leaderB!.id });
    // An account of the forwarding agency is no longer an eligible handler.
    await expectFailure(assignCase(database.db, staff.leaderB!, { caseId, assigneeId: staff.handlerA!.id }), "invalid");
    const told = await database.db.select().from(notifications).where(eq(notifications.kind, "case_forwarded"));
    expect(told.map((n) => n.staffId)).toContain(staff.leaderB!.id);
    await expectStaffMessagesClean();
  });

  it("replies with a mail holding only the reference, the reply and the link; closing deletes the contact and its mail", async () => {
    const { followUp, responseId } = await answer(LOW, { contact: { phone: PHONE, email: EMAIL } });
    const caseId = followUp!.caseId;
    await assignCase(database.db, staff.leaderA!, { caseId, assigneeId: staff.handlerA!.id });
    expect(await caseRow(caseId)).toMatchObject({ status: "in_progress", assigneeId: staff.handlerA!.id });
    const assigned = await database.db.select().from(notifications).where(eq(notifications.staffId, staff.handlerA!.id));
    expect(assigned.map((n) => n.link)).toContain(`/cases/${caseId}`);
    await addCaseNote(database.db, staff.handlerA!, { caseId, note: "Nội bộ: đã xác minh với cán bộ" });
    await recordCall(database.db, staff.handlerA!, { caseId, outcome: "no_answer", note: "" });
    await expectFailure(recordCall(database.db, staff.handlerA!, { caseId, outcome: "maybe", note: "" }), "invalid");
    const reply = "Cơ quan đã chấn chỉnh cán bộ và xin lỗi Ông/Bà.";
    expect(await replyToCitizen(database.db, staff.handlerA!, { caseId, reply })).toEqual({ mailQueued: true });
    expect(await caseRow(caseId)).toMatchObject({ status: "replied", replyText: reply });
    const [mail] = await database.db.select().from(outbox).where(eq(outbox.dedupeKey, `case_reply:${caseId}:1`));
    expect(mail!.kind).toBe("case_reply");
    expect(mail!.body).toContain(reply);
    expect(mail!.body).toContain(followUp!.reference);
    expect(mail!.body).toContain(caseStatusUrl(followUp!.statusToken));
    expect(mail!.body).not.toContain("vòi vĩnh");
    expect(mail!.body).not.toContain("Nội bộ");

    // The citizen's page: status and reply, nothing else.
    const status = await openCaseStatus(database.db, { token: followUp!.statusToken, client: "status-1" });
    expect(status).toMatchObject({ status: 200, found: { reference: followUp!.reference, status: "replied", replyText: reply } });
    expect(JSON.stringify(status)).not.toContain("vòi vĩnh");
    expect(JSON.stringify(status)).not.toContain(EMAIL);
    expect(JSON.stringify(status)).not.toContain("Nội bộ");

    const [contact] = await database.db.select().from(contacts).where(eq(contacts.responseId, responseId));
    expect((await database.db.select().from(outbox).where(eq(outbox.contactId, contact!.id))).length).toBe(2);
    await closeCase(database.db, staff.handlerA!, { caseId });
    expect(await database.db.select().from(contacts).where(eq(contacts.responseId, responseId))).toHaveLength(0);
    expect(await database.db.select().from(outbox).where(eq(outbox.contactId, contact!.id))).toHaveLength(0);
    expect(await caseRow(caseId)).toMatchObject({ status: "closed" });
    expect(await events(caseId)).toEqual(["opened", "acknowledged", "assigned", "note", "call", "replied", "closed", "contact_deleted"]);
    await expectFailure(closeCase(database.db, staff.handlerA!, { caseId }), "conflict");
    await reopenCase(database.db, staff.leaderA!, { caseId });
    expect(await caseRow(caseId)).toMatchObject({ status: "in_progress", closedAt: null });
    await expectFailure(setCaseStatus(database.db, staff.leaderA!, { caseId, status: "closed" }), "invalid");
    await setCaseStatus(database.db, staff.leaderA!, { caseId, status: "new" });
    expect((await openCaseStatus(database.db, { token: followUp!.statusToken, client: "status-1" })).found?.status).toBe("new");
    await expectStaffMessagesClean();
  });

  it("turns a lost race into a conflict", async () => {
    const { followUp } = await answer(LOW);
    const caseId = followUp!.caseId;
    const results = await Promise.allSettled([closeCase(database.db, staff.leaderA!, { caseId }), closeCase(database.db, staff.handlerA!, { caseId })]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const failed = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(isDomainError(failed.reason) && failed.reason.kind).toBe("conflict");
  });
});

describe("the citizen's status page", () => {
  it("answers 404 for an unknown or malformed token, counting unknown ones against the client", async () => {
    expect(await openCaseStatus(database.db, { token: "../etc", client: "guess" })).toMatchObject({ status: 404 });
    for (let i = 0; i < 10; i++) {
      expect(await openCaseStatus(database.db, { token: `${"A".repeat(21)}${i}`, client: "guess" })).toMatchObject({ status: 404 });
    }
    const { followUp } = await answer(LOW);
    expect(await openCaseStatus(database.db, { token: followUp!.statusToken, client: "guess" })).toMatchObject({ status: 429 });
    expect(await openCaseStatus(database.db, { token: followUp!.statusToken, client: "other" })).toMatchObject({ status: 200, found: { status: "new" } });
  });
});

describe("jobs", () => {
  it("escalates an overdue case once, to the leaders of the parent agency, never to its officer", async () => {
    const opened = new Date("2026-06-01T09:00:00+07:00");
    const { followUp } = await answer(LOW, { now: opened });
    const c = await caseRow(followUp!.caseId);
    const dayAfterDue = new Date(`${c.replyDueOn}T00:00:00+07:00`).getTime() + DAY + 3600_000;
    expect(await escalateOverdueCases(database.db, { now: new Date(`${c.replyDueOn}T23:00:00+07:00`) })).toMatchObject({});
    expect((await caseRow(c.id)).escalatedAt).toBeNull();
    const first = await escalateOverdueCases(database.db, { now: new Date(dayAfterDue) });
    expect(first.escalated).toBeGreaterThanOrEqual(1);
    expect((await caseRow(c.id)).escalatedAt).not.toBeNull();
    const told = await database.db.select().from(notifications).where(eq(notifications.link, `/cases/${c.id}`));
    expect(told.filter((n) => n.kind === "case_overdue").map((n) => n.staffId)).toEqual([staff.leaderD!.id]);
    const mail = await database.db.select().from(outbox).where(eq(outbox.staffId, staff.leaderD!.id));
    expect(mail.some((m) => m.body.includes(`/cases/${c.id}`))).toBe(true);
    await escalateOverdueCases(database.db, { now: new Date(dayAfterDue + DAY) });
    expect(await events(c.id)).toEqual(["opened", "escalated"]);
    expect((await database.db.select().from(notifications).where(eq(notifications.link, `/cases/${c.id}`))).length).toBe(told.length);
    await expectStaffMessagesClean();
  });

  it("escalates a root agency's case to its own administrators", async () => {
    const { followUp } = await answer(LOW, { now: new Date("2026-06-01T09:00:00+07:00") });
    await forwardCase(database.db, staff.leaderD!, { caseId: followUp!.caseId, toAgencyId: agencies.CP!.id });
    await escalateOverdueCases(database.db, { now: new Date("2026-08-01T09:00:00+07:00") });
    const told = await database.db.select().from(notifications).where(sql`${notifications.link} = ${`/cases/${followUp!.caseId}`} and ${notifications.kind} = 'case_overdue'`);
    expect(told.map((n) => n.staffId)).toEqual([staff.adminP!.id]);
  });

  it("deletes the details of an answer without a case at the limit", async () => {
    const answered = new Date("2026-03-01T09:00:00+07:00");
    const { responseId, followUp } = await answer(HAPPY, { contact: { phone: PHONE }, now: answered });
    expect(followUp).toBeNull();
    const [contact] = await database.db.select().from(contacts).where(eq(contacts.responseId, responseId));
    await enforceContactRetention(database.db, { now: new Date(contact!.deleteAfter.getTime() - 1000) });
    expect(await database.db.select().from(contacts).where(eq(contacts.responseId, responseId))).toHaveLength(1);
    const run = await enforceContactRetention(database.db, { now: contact!.deleteAfter });
    expect(run.deleted).toBeGreaterThanOrEqual(1);
    expect(await database.db.select().from(contacts).where(eq(contacts.responseId, responseId))).toHaveLength(0);
  });

  it("warns the handler of an open case once, then deletes its details at the limit all the same", async () => {
    const answered = new Date("2026-03-02T09:00:00+07:00");
    const { responseId, followUp } = await answer(LOW, { contact: { email: EMAIL }, now: answered });
    const caseId = followUp!.caseId;
    await assignCase(database.db, staff.leaderA!, { caseId, assigneeId: staff.handlerA!.id });
    const [contact] = await database.db.select().from(contacts).where(eq(contacts.responseId, responseId));
    const limit = contact!.deleteAfter.getTime();
    await enforceContactRetention(database.db, { now: new Date(limit - 8 * DAY) });
    expect(await events(caseId)).not.toContain("retention_warning");
    await enforceContactRetention(database.db, { now: new Date(limit - 6 * DAY) });
    await enforceContactRetention(database.db, { now: new Date(limit - 5 * DAY) });
    expect((await events(caseId)).filter((k) => k === "retention_warning")).toHaveLength(1);
    const warned = await database.db.select().from(notifications).where(sql`${notifications.kind} = 'retention_warning' and ${notifications.link} = ${`/cases/${caseId}`}`);
    expect(warned.map((n) => n.staffId)).toEqual([staff.handlerA!.id]);
    await enforceContactRetention(database.db, { now: new Date(limit) });
    expect(await database.db.select().from(contacts).where(eq(contacts.responseId, responseId))).toHaveLength(0);
    expect(await database.db.select().from(outbox).where(eq(outbox.dedupeKey, `case_ack:${followUp!.reference}`))).toHaveLength(0);
    expect((await caseRow(caseId)).status).toBe("in_progress");
    expect((await events(caseId)).slice(-1)).toEqual(["contact_deleted"]);
    await expectStaffMessagesClean();
  });
});
