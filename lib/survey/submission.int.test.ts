import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { createPublishedVersion } from "@/db/queries/questionnaires";
import { agencyProcedures, contacts, desks, invitations, rateLimits, responses, staffAccounts, standingCodes } from "@/db/schema";
import { getStaffById, type StaffUser } from "@/lib/auth/accounts";
import { en } from "@/lib/i18n/messages/en";
import { vi } from "@/lib/i18n/messages/vi";
import { SIPAS_QUESTIONNAIRE, SIPAS_V1 } from "@/lib/questionnaire/sipas-v1";
import { hitRateLimit, isRateLimited, sweepRateLimits } from "@/lib/rate-limit";
import { createAgencyTree, createSurveyBase } from "@/tests/helpers/fixtures";
import { createTestDatabase } from "@/tests/helpers/test-db";
import { completeAndIssue } from "./desk";
import { revokeInvitation } from "./issue";
import { invitationState } from "./respond";
import { decodeView, EMPTY_DRAFT, encodeView, openInvitationSurvey, openStandingSurvey, postInvitationSurvey, postStandingSurvey, type PostOutcome } from "./submission";
import { invitationToken } from "./token";

const SECRET = "test-secret-for-survey-submissions";

let database: Database;
let versionId: number;
let procedureId: number;
let officer: StaffUser;
let communeA: number;
let deskA: number;
let standingId: number;
let code = 0;
let clientSerial = 0;

const newClient = () => `client-${++clientSerial}`;

/** A complete, valid sheet as the browser posts it. */
function sheet(version = versionId, extra: [string, string][] = []): [string, string][] {
  return [
    ["version", String(version)],
    ["q.S1", "5"],
    ["q.S2", "4"],
    ["q.S3", "5"],
    ["q.S4", "3"],
    ["q.S5", "na"],
    ["q.S0", "4"],
    ["q.E", "faster"],
    ["q.E", "online"],
    ["q.C", "Cán bộ nhiệt tình."],
    ["contact.phone", ""],
    ["contact.email", ""],
    ["intent", "submit"],
    ...extra,
  ];
}

function replace(fields: [string, string][], name: string, value: string | null): [string, string][] {
  const out = fields.filter(([n]) => n !== name);
  return value === null ? out : [...out, [name, value]];
}

async function issueNew(now = new Date()) {
  code += 1;
  const issued = await completeAndIssue(database.db, officer, { code: `SUB-${code}`, procedureId: String(procedureId), deskId: String(deskA) }, now);
  return { ...issued, token: invitationToken(SECRET, issued.invitation.id) };
}

async function counts() {
  const [r] = await database.db
    .select({
      responses: sql<number>`(select count(*)::int from responses)`,
      answers: sql<number>`(select count(*)::int from answers)`,
      expectations: sql<number>`(select count(*)::int from response_expectations)`,
      contacts: sql<number>`(select count(*)::int from contacts)`,
    })
    .from(sql`(select 1) as one`);
  return r!;
}

/** Every error code a refused post names has a message in both languages. */
function expectClearMessages(outcome: PostOutcome) {
  expect(outcome.kind).toBe("form");
  if (outcome.kind !== "form") return;
  for (const code of Object.values(outcome.draft.errors)) {
    expect((vi.survey.errors as Record<string, string>)[code], code).toMatch(/\S{3}/);
    expect((en.survey.errors as Record<string, string>)[code], code).toMatch(/\S{3}/);
  }
}

beforeAll(async () => {
  process.env.NEXTAUTH_SECRET = SECRET;
  database = await createTestDatabase();
  const base = await createSurveyBase(database.db);
  versionId = base.versionId;
  procedureId = base.procedureId;
  const tree = await createAgencyTree(database.db, [
    { code: "D", level: "district" },
    { code: "A", level: "commune", parent: "D" },
  ]);
  communeA = tree.A!.id;
  await database.db.insert(agencyProcedures).values({ agencyId: communeA, procedureId });
  const [desk] = await database.db.insert(desks).values({ agencyId: communeA, code: "Q1", name: "Quầy 1" }).returning();
  deskA = desk!.id;
  const [row] = await database.db
    .insert(staffAccounts)
    .values({ username: "officer.sub", name: "officer", passwordHash: "x", role: "officer", agencyId: communeA })
    .returning({ id: staffAccounts.id });
  officer = (await getStaffById(database.db, { staffId: row!.id }))!;
  const [standing] = await database.db
    .insert(standingCodes)
    .values({ code: "XA-A-Q1", agencyId: communeA, deskId: deskA, label: "Quầy 1 xã A" })
    .returning();
  standingId = standing!.id;
  await database.db.insert(standingCodes).values({ code: "OLD-CODE", agencyId: communeA, label: "Đã gỡ", active: false });
});

afterAll(async () => {
  await database?.close();
});

describe("a post to a survey link", () => {
  it("stores a valid sheet and sends the citizen to the thank-you page", async () => {
    const { token, invitation } = await issueNew();
    const outcome = await postInvitationSurvey(database.db, { token, fields: sheet(), locale: "vi", client: newClient() });
    expect(outcome).toEqual({ kind: "thanks", status: 303 });
    const [response] = await database.db.select().from(responses).where(eq(responses.invitationId, invitation.id));
    expect(response).toMatchObject({ verified: true, channel: "receipt_qr", standingCodeId: null, comment: "Cán bộ nhiệt tình." });
    // Submitting the same link again shows the thank-you page and stores nothing.
    const before = await counts();
    expect(await postInvitationSurvey(database.db, { token, fields: sheet(), locale: "vi", client: newClient() })).toEqual({ kind: "thanks", status: 303 });
    expect(await counts()).toEqual(before);
  });

  it("of 50 concurrent posts of one link stores one response, and every caller gets the thank-you page", async () => {
    const { token, invitation } = await issueNew();
    const before = await counts();
    const outcomes = await Promise.all(
      Array.from({ length: 50 }, () => postInvitationSurvey(database.db, { token, fields: sheet(), locale: "vi", client: newClient() })),
    );
    expect(outcomes.every((o) => o.kind === "thanks" && o.status === 303)).toBe(true);
    const n = await database.db.select({ n: sql<number>`count(*)::int` }).from(responses).where(eq(responses.invitationId, invitation.id));
    expect(n[0]!.n).toBe(1);
    const after = await counts();
    expect(after.responses - before.responses).toBe(1);
    expect(after.answers - before.answers).toBe(5);
    expect(after.expectations - before.expectations).toBe(2);
  });

  it("refuses malformed sheets with a 4xx and a clear message, writing nothing and keeping the link open", async () => {
    const { token } = await issueNew();
    // Version 2 asks one question more: posting it against version 1 is a question of another version.
    const { versionId: v2 } = await createPublishedVersion(database.db, {
      ...SIPAS_QUESTIONNAIRE,
      questions: [...SIPAS_V1, { key: "S6", element: "perception", kind: "scale", scale: 5, textVi: "Câu thêm?", textEn: "Extra?" }],
    });
    const before = await counts();
    const cases: [string, [string, string][], number, Record<string, string>][] = [
      ["unknown option code", replace(sheet(), "q.E", "bribes"), 422, { E: "invalid_choice" }],
      ["unknown scale code", replace(sheet(), "q.S2", "x"), 422, { S2: "invalid_choice" }],
      ["out-of-range value", replace(sheet(), "q.S2", "6"), 422, { S2: "invalid_choice" }],
      ["zero", replace(sheet(), "q.S1", "0"), 422, { S1: "invalid_choice" }],
      ["two answers to one question", [...sheet(), ["q.S3", "1"]], 422, { S3: "invalid_choice" }],
      ["not applicable where it is not offered", replace(sheet(), "q.S3", "na"), 422, { S3: "invalid_choice" }],
      ["a required answer missing", replace(sheet(), "q.S1", null), 422, { S1: "required" }],
      ["an oversized comment", replace(sheet(), "q.C", "x".repeat(2001)), 422, { C: "too_long" }],
      ["an unknown question", [...sheet(), ["q.S9", "5"]], 422, { S9: "unknown_question" }],
      ["a question of another version", [...sheet(), ["q.S6", "5"]], 422, { S6: "unknown_question" }],
      ["an extra field", [...sheet(), ["role", "admin"]], 400, { form: "unexpected_field" }],
      ["an unknown intent", replace(sheet(), "intent", "delete"), 400, { form: "unexpected_field" }],
      ["far too many fields", [...sheet(), ...Array.from({ length: 80 }, (_, i): [string, string] => [`q.E`, `o${i}`])], 400, { form: "malformed" }],
      ["contact details without consent", replace(sheet(), "contact.phone", "0912345678"), 422, { contact: "contact_consent" }],
      ["consent without contact details", [...sheet(), ["contact.consent", "yes"]], 422, { contact: "contact_missing" }],
      ["a wrong phone number", [...replace(sheet(), "contact.phone", "12345"), ["contact.consent", "yes"]], 422, { contact: "contact_phone" }],
      ["a wrong e-mail", [...replace(sheet(), "contact.email", "not-an-address"), ["contact.consent", "yes"]], 422, { contact: "contact_email" }],
    ];
    for (const [name, fields, status, errors] of cases) {
      const outcome = await postInvitationSurvey(database.db, { token, fields, locale: "vi", client: newClient() });
      expect(outcome.status, name).toBe(status);
      expect(outcome.kind === "form" && outcome.draft.errors, name).toMatchObject(errors);
      expectClearMessages(outcome);
    }
    // Errors of the answers and of the contact block come back together, with the answers kept.
    const both = await postInvitationSurvey(database.db, {
      token,
      fields: replace(replace(sheet(), "q.S2", "9"), "contact.email", "a@b.vn"),
      locale: "vi",
      client: newClient(),
    });
    expect(both).toMatchObject({ kind: "form", status: 422, draft: { errors: { S2: "invalid_choice", contact: "contact_consent" }, values: { S1: "5", C: "Cán bộ nhiệt tình." }, contact: { email: "a@b.vn" } } });
    // A version that is not the one being answered (or none at all) asks to answer again.
    expect(await postInvitationSurvey(database.db, { token, fields: sheet(v2 + 1000), locale: "vi", client: newClient() })).toMatchObject({ kind: "form", status: 409, draft: { status: "stale" } });
    expect(await postInvitationSurvey(database.db, { token, fields: replace(sheet(), "version", "abc"), locale: "vi", client: newClient() })).toMatchObject({ status: 409 });
    expect(await counts()).toEqual(before);
    expect(await invitationState(database.db, { token })).toBe("open");
  });

  it("switches language keeping the answers, without storing anything", async () => {
    const { token } = await issueNew();
    const before = await counts();
    const outcome = await postInvitationSurvey(database.db, { token, fields: replace(sheet(), "intent", "lang:en"), locale: "vi", client: newClient() });
    expect(outcome).toMatchObject({ kind: "form", status: 200, switchTo: "en", draft: { status: "idle", errors: {}, values: { S1: "5", E: ["faster", "online"] } } });
    expect(await counts()).toEqual(before);
  });

  it("answers each state of the link with its own status, in order", async () => {
    const client = newClient();
    expect(await postInvitationSurvey(database.db, { token: "../../etc/passwd", fields: sheet(), locale: "vi", client })).toMatchObject({ kind: "state", status: 404, state: "not_found" });
    const expired = await issueNew(new Date(Date.now() - 31 * 24 * 3600 * 1000));
    expect(await postInvitationSurvey(database.db, { token: expired.token, fields: sheet(), locale: "vi", client })).toMatchObject({ kind: "state", status: 410, state: "expired" });
    const revoked = await issueNew();
    await revokeInvitation(database.db, { scopePath: officer.scopePath, invitationId: revoked.invitation.id, actor: { kind: "staff", id: officer.id } });
    expect(await postInvitationSurvey(database.db, { token: revoked.token, fields: sheet(), locale: "vi", client })).toMatchObject({ kind: "state", status: 410, state: "revoked" });
    // A refused link is refused before the form is looked at.
    expect(await postInvitationSurvey(database.db, { token: revoked.token, fields: [["role", "admin"]], locale: "vi", client })).toMatchObject({ status: 410 });
    const [row] = await database.db.select().from(invitations).where(eq(invitations.id, expired.invitation.id));
    expect(row!.usedAt).toBeNull();
  });

  it("stops a client guessing links, even on a valid link, and only that client", async () => {
    const guesser = newClient();
    const { token } = await issueNew();
    for (let i = 0; i < 10; i++) {
      const unknown = `${"A".repeat(21)}${"BCDEFGHIJK"[i]}`;
      expect(await postInvitationSurvey(database.db, { token: unknown, fields: sheet(), locale: "vi", client: guesser })).toMatchObject({ status: 404 });
    }
    const blocked = await postInvitationSurvey(database.db, { token, fields: sheet(), locale: "vi", client: guesser });
    expect(blocked).toMatchObject({ kind: "state", status: 429, state: "rate_limited" });
    expect(blocked.kind === "state" && blocked.retryAfterSeconds).toBeGreaterThan(0);
    expect(await invitationState(database.db, { token })).toBe("open");
    expect(await postInvitationSurvey(database.db, { token, fields: sheet(), locale: "vi", client: newClient() })).toMatchObject({ kind: "thanks" });
    // The counter holds a keyed hash of the client, never an address.
    const keys = await database.db.select({ key: rateLimits.key }).from(rateLimits);
    expect(keys.some((k) => k.key === `survey:guess:${guesser}`)).toBe(true);
  });

  it("keeps consented contact details apart from the answers, with their deletion date", async () => {
    const { token, invitation } = await issueNew();
    const fields = [...replace(replace(sheet(), "contact.phone", "+84 912.345.678"), "contact.email", "Dan@Example.vn"), ["contact.consent", "yes"]] as [string, string][];
    const now = new Date();
    expect(await postInvitationSurvey(database.db, { token, fields, locale: "en", client: newClient(), now })).toMatchObject({ kind: "thanks" });
    const [response] = await database.db.select().from(responses).where(eq(responses.invitationId, invitation.id));
    expect(JSON.stringify(response)).not.toMatch(/912\.?345|0912345678|dan@example/i);
    const [contact] = await database.db.select().from(contacts).where(eq(contacts.responseId, response!.id));
    expect(contact).toMatchObject({ phone: "0912345678", email: "dan@example.vn", consentText: en.survey.contact.consent });
    expect(contact!.deleteAfter.getTime() - now.getTime()).toBe(90 * 24 * 3600 * 1000);
  });
});

describe("opening a link", () => {
  it("answers each state with its own status, and counts only unknown links against the client", async () => {
    const client = newClient();
    const open = await issueNew();
    expect(await openInvitationSurvey(database.db, { token: open.token, client })).toEqual({ status: 200, view: { draft: EMPTY_DRAFT } });
    expect(await openInvitationSurvey(database.db, { token: "not a token", client })).toEqual({ status: 404, view: { state: "not_found" } });
    const expired = await issueNew(new Date(Date.now() - 31 * 24 * 3600 * 1000));
    expect(await openInvitationSurvey(database.db, { token: expired.token, client })).toEqual({ status: 410, view: { state: "expired" } });
    const revoked = await issueNew();
    await revokeInvitation(database.db, { scopePath: officer.scopePath, invitationId: revoked.invitation.id, actor: { kind: "staff", id: officer.id } });
    expect(await openInvitationSurvey(database.db, { token: revoked.token, client })).toEqual({ status: 410, view: { state: "revoked" } });
    await postInvitationSurvey(database.db, { token: open.token, fields: sheet(), locale: "vi", client });
    expect(await openInvitationSurvey(database.db, { token: open.token, client })).toEqual({ status: 200, view: { state: "answered" } });
    for (let i = 0; i < 10; i++) {
      expect(await openInvitationSurvey(database.db, { token: `${"Q".repeat(21)}${i}`, client })).toMatchObject({ status: 404 });
    }
    const fresh = await issueNew();
    expect(await openInvitationSurvey(database.db, { token: fresh.token, client })).toMatchObject({ status: 429, view: { state: "rate_limited" } });
    expect(await openInvitationSurvey(database.db, { token: fresh.token, client: newClient() })).toMatchObject({ status: 200 });
  });

  it("opens active standing codes only", async () => {
    expect(await openStandingSurvey(database.db, { code: "XA-A-Q1" })).toEqual({ status: 200, view: { draft: EMPTY_DRAFT } });
    expect(await openStandingSurvey(database.db, { code: "OLD-CODE" })).toEqual({ status: 404, view: { state: "not_found" } });
    expect(await openStandingSurvey(database.db, { code: "<script>" })).toEqual({ status: 404, view: { state: "not_found" } });
  });
});

describe("a post to a standing QR", () => {
  it("stores an unverified response with agency, desk and code from the code, and no dossier", async () => {
    const outcome = await postStandingSurvey(database.db, { code: "XA-A-Q1", fields: sheet(), locale: "vi", client: newClient() });
    expect(outcome).toEqual({ kind: "thanks", status: 303 });
    const [response] = await database.db.select().from(responses).where(eq(responses.standingCodeId, standingId));
    expect(response).toMatchObject({ verified: false, channel: "standing_qr", agencyId: communeA, deskId: deskA, dossierId: null, invitationId: null, officerId: null });
  });

  it("refuses unknown and withdrawn codes, and malformed sheets, writing nothing", async () => {
    const before = await counts();
    for (const code of ["NOPE-1234", "OLD-CODE", "../x"]) {
      expect(await postStandingSurvey(database.db, { code, fields: sheet(), locale: "vi", client: newClient() }), code).toMatchObject({ status: 404 });
    }
    expect(await postStandingSurvey(database.db, { code: "XA-A-Q1", fields: replace(sheet(), "q.S4", "7"), locale: "vi", client: newClient() })).toMatchObject({ status: 422, draft: { errors: { S4: "invalid_choice" } } });
    expect(await postStandingSurvey(database.db, { code: "XA-A-Q1", fields: [...sheet(), ["x", "1"]], locale: "vi", client: newClient() })).toMatchObject({ status: 400 });
    expect(await counts()).toEqual(before);
  });

  it("limits one client, then the code as a whole, with counters in the database", async () => {
    await database.db.insert(standingCodes).values({ code: "LIMIT-ME", agencyId: communeA, deskId: deskA, label: "Thử giới hạn" });
    const client = newClient();
    const now = new Date();
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await postStandingSurvey(database.db, { code: "LIMIT-ME", fields: sheet(), locale: "vi", client, now })).status);
    expect(statuses).toEqual([303, 303, 303, 303, 303, 429]);
    // Other clients go on until the code has had 60 in the hour.
    const others = await Promise.all(
      Array.from({ length: 60 }, () => postStandingSurvey(database.db, { code: "LIMIT-ME", fields: sheet(), locale: "vi", client: newClient(), now })),
    );
    expect(others.filter((o) => o.status === 303)).toHaveLength(55);
    expect(others.filter((o) => o.status === 429)).toHaveLength(5);
    const stored = await database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(responses)
      .innerJoin(standingCodes, eq(standingCodes.id, responses.standingCodeId))
      .where(eq(standingCodes.code, "LIMIT-ME"));
    expect(stored[0]!.n).toBe(60);
  });
});

describe("the database rate limiter", () => {
  it("counts concurrent hits exactly and forgets old windows", async () => {
    const limit = { key: `test:${newClient()}`, limit: 7, windowSeconds: 60 };
    const past = new Date(Date.now() - 2 * 24 * 3600 * 1000);
    await hitRateLimit(database.db, limit, past);
    const results = await Promise.all(Array.from({ length: 10 }, () => hitRateLimit(database.db, limit)));
    expect(results.filter((r) => r.allowed)).toHaveLength(7);
    expect(results.map((r) => r.count).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect((await isRateLimited(database.db, limit)).allowed).toBe(false);
    await sweepRateLimits(database.db);
    const left = await database.db.select().from(rateLimits).where(eq(rateLimits.key, limit.key));
    expect(left).toHaveLength(1);
  });
});

describe("the view a post hands to its page", () => {
  it("is signed: a forged or altered view is ignored", () => {
    const encoded = encodeView(SECRET, { state: "expired" });
    expect(decodeView(SECRET, encoded)).toEqual({ state: "expired" });
    expect(decodeView("another-secret-entirely", encoded)).toBeNull();
    const forged = `${Buffer.from(JSON.stringify({ state: "answered" })).toString("base64url")}.${encoded.split(".")[1]}`;
    expect(decodeView(SECRET, forged)).toBeNull();
    expect(decodeView(SECRET, "garbage")).toBeNull();
  });
});
