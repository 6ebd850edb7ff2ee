/**
 * Property-based fuzzing of the endpoints a stranger can reach: a survey link's post, a standing
 * QR's post, the integration API and the staff sign-in. Each endpoint is called the way its route
 * handler calls it (the same functions, with random and malformed bodies, tokens, content types
 * and headers) and must: never answer 5xx, never show a stack trace or an "Error:" text, and
 * never write a row when it refuses (the sign-in's own audit rows excepted, which are the point).
 *
 * Seeded and bounded: the same runs every time. A failure prints fast-check's seed and path;
 * pass them back as `{ seed, path }` to `fc.assert` to replay exactly that input.
 */
import { eq, gt, sql } from "drizzle-orm";
import fc from "fast-check";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { readFormBody } from "@/app/(citizen)/citizen-request";
import { POST as postDossiersRoute } from "@/app/api/v1/dossiers/route";
import type { Database } from "@/db/client";
import { agencyProcedures, auditLog, desks, procedures, staffAccounts, standingCodes } from "@/db/schema";
import { getStaffById, type StaffUser } from "@/lib/auth/accounts";
import { authorizeCredentials } from "@/lib/auth/options";
import { hashPassword } from "@/lib/auth/password";
import { CLIENT_HEADER } from "@/lib/http/client-address";
import { createApiKey, revokeApiKey } from "@/lib/integration/api-keys";
import { completeAndIssue } from "@/lib/survey/desk";
import { now, setClockForTests } from "@/lib/time/clock";
import { revokeInvitation } from "@/lib/survey/issue";
import { decodeView, encodeView, postInvitationSurvey, postStandingSurvey, type PostOutcome } from "@/lib/survey/submission";
import { invitationToken } from "@/lib/survey/token";
import { createAgencyTree, createSurveyBase } from "@/tests/helpers/fixtures";
import { createTestDatabase } from "@/tests/helpers/test-db";

const SECRET = "fuzz-test-secret-0123456789abcdef";
vi.stubEnv("NEXTAUTH_SECRET", SECRET);
vi.stubEnv("PUBLIC_URL", "https://hailong.example.gov.vn");

// Fixed: the suite runs the same inputs every time; change it to explore, never to make a run pass.
const SEED = 20261202;
// Enough to reach every branch of each endpoint many times over, and the whole file stays well
// within a minute on the embedded database (the sign-in's scrypt dominates).
const RUNS = { survey: 200, standing: 150, api: 200, signIn: 150 } as const;
const PASSWORD = "fuzz-mật-khẩu-1";
// The clock is pinned: rate-limit windows, holds and delays then fall the same way on every run,
// however fast the machine is.
const T0 = new Date("2026-12-02T02:00:00.000Z");

let database: Database;
let officer: StaffUser;
let versionId: number;
let procedureId: number;
let procedureCode: string;
let deskId: number;
let validKey: string;
let revokedKey: string;
let staffId: number;
let dossierSerial = 0;
let passwordHashForAll: string;
/** Tokens by state; the open one is replaced whenever a fuzzed sheet is accepted on it. */
const tokens = { open: "", answered: "", revoked: "" };

// ---------------------------------------------------------------- what every answer must satisfy

const STACK = /\n\s+at\s|\bat\s+(async\s+)?[\w.<>]+\s+\(|node_modules|\/work\//;

function expectNoLeak(where: string, text: string) {
  expect(text, `${where}: "Error:" text`).not.toMatch(/Error:/);
  expect(text, `${where}: stack trace`).not.toMatch(STACK);
}

type Counts = Record<string, number>;

/** Rows of every table a refused request must leave alone. */
async function counts(): Promise<Counts> {
  const tables = ["responses", "answers", "response_expectations", "contacts", "cases", "case_events", "outbox", "notifications", "dossiers", "invitations", "audit_log"];
  const select = tables.map((t) => `(select count(*)::int from ${t}) as ${t}`).join(", ");
  const result = (await database.db.execute(sql.raw(`select ${select}`))) as unknown;
  const row = (Array.isArray(result) ? result[0] : (result as { rows: Counts[] }).rows[0]) as Counts;
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Number(v)]));
}

function expectUnchanged(where: string, before: Counts, after: Counts) {
  expect(after, `${where}: a refused request wrote rows`).toEqual(before);
}

// ------------------------------------------------------------------------------- random inputs

const anyText = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.string({ unit: "grapheme", maxLength: 20 }),
  fc.constantFrom("", " ", "%", "%C3%28", "%FF", "\u0000", "\uFEFF", "../..", "<script>alert(1)</script>", "' or 1=1 --", "Nguyễn Văn Ả", "🙂", "\ud800"),
  fc.string({ minLength: 2000, maxLength: 9000 }),
);

const hugeNumber = fc.oneof(
  fc.constantFrom("1e309", "-1e309", "123456789012345678901234567890", "9007199254740993", "NaN", "Infinity", "-0", "0x10", "1_000", "٣"),
  fc.bigInt().map(String),
  fc.double().map(String),
);

// The survey form's own fields and values, so that many sheets are nearly valid and the checks
// behind the form parser are reached too.
const scaleKey = fc.constantFrom("S0", "S1", "S2", "S3", "S4", "S5");
const expectation = fc.constantFrom("attitude", "competence", "faster", "simpler", "transparency", "complaints", "facilities", "online");
const fieldName = fc.oneof(
  { weight: 6, arbitrary: fc.oneof(scaleKey.map((k) => `q.${k}`), fc.constant("q.E"), fc.constant("q.C")) },
  { weight: 3, arbitrary: fc.constantFrom("version", "intent", "contact.consent", "contact.phone", "contact.email") },
  { weight: 1, arbitrary: fc.oneof(anyText, anyText.map((t) => `q.${t}`)) },
);
const fieldValue = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom("1", "2", "3", "4", "5", "na", "0", "6", "-1", "4.5", " 4", "") },
  { weight: 2, arbitrary: expectation },
  { weight: 2, arbitrary: fc.constantFrom("submit", "lang:vi", "lang:en", "lang:fr", "yes", "no", "0912345678", "+84 912 345 678", "a@b.vn", "không phải email") },
  { weight: 2, arbitrary: anyText },
  { weight: 1, arbitrary: hugeNumber },
  // Long Vietnamese text: three or four bytes a character once encoded.
  { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom("ệ", "ữ", "ở", "Đ", "🙂", " "), minLength: 1500, maxLength: 7000 }) },
);
const field = fc.tuple(fieldName, fieldValue);

function validSheet(version: number): [string, string][] {
  return [
    ["version", String(version)],
    ["q.S1", "4"],
    ["q.S2", "5"],
    ["q.S3", "4"],
    ["q.S4", "5"],
    ["q.S5", "na"],
    ["q.S0", "4"],
    ["q.E", "faster"],
    ["q.C", ""],
    ["contact.phone", ""],
    ["contact.email", ""],
    ["intent", "submit"],
  ];
}

/** A valid sheet with random edits, or random fields altogether. */
const sheetFields = fc.oneof(
  {
    weight: 3,
    arbitrary: fc
      .tuple(
        fc.constantFrom("current", "old", "random"),
        fc.array(fc.tuple(fc.nat(20), fc.option(field, { nil: undefined })), { maxLength: 4 }),
        fc.array(field, { maxLength: 3 }),
        fc.integer({ min: -5, max: 1_000_000_000 }),
      )
      .map(([which, edits, extra, randomVersion]) => {
        const sheet = validSheet(which === "current" ? versionId : which === "old" ? versionId + 1000 : randomVersion);
        for (const [at, replacement] of edits) {
          const i = at % sheet.length;
          if (replacement) sheet[i] = replacement;
          else sheet.splice(i, 1);
        }
        return [...sheet, ...extra];
      }),
  },
  { weight: 2, arbitrary: fc.array(field, { maxLength: 70 }) },
);

const contentType = fc.option(
  fc.oneof(
    { weight: 5, arbitrary: fc.constantFrom("application/x-www-form-urlencoded", "application/x-www-form-urlencoded; charset=utf-8") },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        "multipart/form-data; boundary=xyz",
        "application/json",
        "text/plain",
        "APPLICATION/X-WWW-FORM-URLENCODED",
        "application/x-www-form-urlencoded;charset=latin1",
        "application/octet-stream",
        "",
      ),
    },
    { weight: 1, arbitrary: fc.string({ maxLength: 60 }) },
  ),
  { nil: undefined },
);

/** A form body: a properly encoded one, or raw bytes that are not. */
const formBody = fc.oneof(
  { weight: 4, arbitrary: sheetFields.map((fields) => new URLSearchParams(fields).toString()) },
  {
    weight: 1,
    arbitrary: fc.oneof(
      anyText,
      fc.constantFrom("q.S1=%E0%A4%A", "q.S1=%C3%28&version=1", "%%%%", "=&=&=", "a=1&".repeat(2000), "\u0000\u0001\u0002"),
      fc.string({ minLength: 33_000, maxLength: 40_000 }),
    ),
  },
);

const surveyToken = fc.oneof(
  { weight: 4, arbitrary: fc.constant("open") },
  { weight: 1, arbitrary: fc.constantFrom("answered", "revoked") },
  // Well formed, but no invitation behind it: what a guesser sends.
  { weight: 2, arbitrary: fc.stringMatching(/^[A-Za-z0-9_-]{22}$/) },
  { weight: 2, arbitrary: fc.oneof(anyText, fc.constantFrom("%C3%28", "%FF", "..%2F..", "a".repeat(23), "A".repeat(21))) },
);

const client = fc.oneof(fc.constantFrom("client-a", "client-b", "client-c"), fc.string({ minLength: 1, maxLength: 30 }));

function formRequest(path: string, body: string, type: string | undefined): NextRequest {
  const headers = new Headers();
  if (type !== undefined) headers.set("content-type", type);
  return new NextRequest(`http://127.0.0.1:3000${path}`, { method: "POST", body, headers });
}

/** The route handler's first step: its body reader. Null when the post would be refused unread. */
async function readFields(path: string, body: string, type: string | undefined): Promise<[string, string][] | null> {
  const fields = await readFormBody(formRequest(path, body, type));
  return fields === null || fields === "too_large" ? null : fields;
}

// Node's HTTP server refuses a request whose headers pass 16 KiB (431); the page renders a view
// that travels in one header of an internal request, next to a few small ones.
const VIEW_HEADER_BUDGET = 15 * 1024;

/** Views the page could not render (the citizen would get a 500), with the input that made them. */
const unrenderable: { where: string; problem: string; input: unknown }[] = [];

function checkOutcome(where: string, outcome: PostOutcome, input: unknown) {
  expect(outcome.status, `${where}: status`).toBeLessThan(500);
  expect(outcome.status, `${where}: status`).toBeGreaterThanOrEqual(200);
  expectNoLeak(where, JSON.stringify(outcome));
  // What the handler hands the page to render must reach the page and be readable by it: if not,
  // the page redirects, the handler's internal fetch fails and the citizen gets a 500.
  const view = outcome.kind === "form" ? { draft: outcome.draft } : outcome.kind === "state" ? { state: outcome.state } : outcome.status === 200 ? { thanks: outcome.followUp } : null;
  if (!view) return;
  const encoded = encodeView(SECRET, view);
  if (encoded.length > VIEW_HEADER_BUDGET) unrenderable.push({ where, problem: `view header of ${encoded.length} bytes`, input });
  // The page may show less of a forged sheet than was posted (displayableDraft), but it must show a page.
  else if (decodeView(SECRET, encoded) === null) unrenderable.push({ where, problem: "view rejected by the page's schema", input });
}

function expectAllRenderable(where: string) {
  const mine = unrenderable.filter((u) => u.where === where);
  // One example of each kind of problem, the shortest: what to reproduce first.
  const byKind = new Map<string, string>();
  for (const u of mine) {
    const kind = u.problem.replace(/\d+/g, "N");
    const example = `${u.problem} for ${JSON.stringify(u.input)}`;
    if (!byKind.has(kind) || byKind.get(kind)!.length > example.length) byKind.set(kind, example);
  }
  const sample = [...byKind.values()].map((e) => (e.length > 1500 ? `${e.slice(0, 1500)}…` : e));
  expect(sample, `${where}: ${mine.length} outcomes the page cannot render`).toEqual([]);
}

const FORM = "application/x-www-form-urlencoded";

/** How often each answer came: a run that never reached the deeper checks would prove nothing. */
function tally() {
  const seen = new Map<string, number>();
  return { add: (k: string | number) => seen.set(String(k), (seen.get(String(k)) ?? 0) + 1), has: (k: string | number) => seen.has(String(k)), seen };
}

/** A valid sheet plus some fields, as the browser would encode it. */
const formOf = (extra: [string, string][]) => new URLSearchParams([...validSheet(versionId), ...extra]).toString();

const accepted = (outcome: PostOutcome) => outcome.kind === "thanks";

async function issue(): Promise<{ id: string; token: string }> {
  dossierSerial += 1;
  const issued = await completeAndIssue(database.db, officer, { code: `FUZZ-${dossierSerial}`, procedureId: String(procedureId), deskId: String(deskId) }, now());
  return { id: issued.invitation.id, token: invitationToken(SECRET, issued.invitation.id) };
}

// --------------------------------------------------------------------------------------- setup

beforeAll(async () => {
  setClockForTests(T0);
  database = await createTestDatabase();
  // The API's route handler opens the process's database: hand it this one.
  (globalThis as unknown as { __haiLongDb?: Promise<Database> }).__haiLongDb = Promise.resolve(database);
  const base = await createSurveyBase(database.db);
  versionId = base.versionId;
  procedureId = base.procedureId;
  procedureCode = (await database.db.select().from(procedures).where(eq(procedures.id, procedureId)))[0]!.code;
  const tree = await createAgencyTree(database.db, [
    { code: "FP", level: "province" },
    { code: "FA", level: "commune", parent: "FP" },
    { code: "FB", level: "commune", parent: "FP" },
  ]);
  await database.db.insert(agencyProcedures).values([
    { agencyId: tree.FA!.id, procedureId },
    { agencyId: tree.FB!.id, procedureId },
  ]);
  const [desk] = await database.db.insert(desks).values({ agencyId: tree.FA!.id, code: "Q1", name: "Quầy 1" }).returning();
  deskId = desk!.id;
  passwordHashForAll = await hashPassword(PASSWORD);
  const mk = async (username: string, role: "admin" | "officer", agencyId: number) => {
    const [row] = await database.db.insert(staffAccounts).values({ username, name: username, passwordHash: passwordHashForAll, role, agencyId }).returning();
    return (await getStaffById(database.db, { staffId: row!.id }))!;
  };
  const admin = await mk("fuzz.admin", "admin", tree.FP!.id);
  staffId = admin.id;
  officer = await mk("fuzz.officer", "officer", tree.FA!.id);
  await database.db.insert(standingCodes).values([
    { code: "FUZZ-Q1", agencyId: tree.FA!.id, deskId, label: "Quầy 1" },
    { code: "FUZZ-OLD", agencyId: tree.FA!.id, label: "Đã gỡ", active: false },
  ]);
  validKey = (await createApiKey(database.db, admin, { name: "Một cửa xã A", agencyId: tree.FA!.id })).key;
  const revoked = await createApiKey(database.db, admin, { name: "Đã thu hồi", agencyId: tree.FA!.id });
  await revokeApiKey(database.db, admin, { keyId: revoked.id });
  revokedKey = revoked.key;

  tokens.open = (await issue()).token;
  tokens.answered = (await issue()).token;
  const answered = await postInvitationSurvey(database.db, { token: tokens.answered, fields: validSheet(versionId), locale: "vi", client: "setup" });
  expect(answered.kind).toBe("thanks");
  const toRevoke = await issue();
  await revokeInvitation(database.db, { scopePath: officer.scopePath, invitationId: toRevoke.id, actor: { kind: "staff", id: officer.id }, now: now() });
  tokens.revoked = toRevoke.token;
});

afterAll(async () => {
  setClockForTests(null);
  (globalThis as unknown as { __haiLongDb?: Promise<Database> }).__haiLongDb = undefined;
  await database?.close();
});

// -------------------------------------------------------------------------------------- the runs

describe("fuzzing the public endpoints", () => {
  it("a survey link's post: no 5xx, no leak, nothing written when refused", async () => {
    const statuses = tally();
    await fc.assert(
      fc.asyncProperty(surveyToken, formBody, contentType, fc.constantFrom("vi", "en") as fc.Arbitrary<"vi" | "en">, client, async (which, body, type, locale, who) => {
        const token = which === "open" || which === "answered" || which === "revoked" ? tokens[which] : which;
        const before = await counts();
        const fields = await readFields(`/s/${token}/answer`, body, type);
        if (fields === null) return expectUnchanged("survey (unread body)", before, await counts());
        const outcome = await postInvitationSurvey(database.db, { token, fields, locale, client: who });
        statuses.add(outcome.status);
        checkOutcome("survey", outcome, { token: which, fields });
        // Only a sheet on the open link may be stored; "already answered" (a 303 too) stores nothing.
        if (which !== "open" || !accepted(outcome)) expectUnchanged(`survey ${outcome.status}`, before, await counts());
        else tokens.open = (await issue()).token;
      }),
      {
        seed: SEED,
        numRuns: RUNS.survey,
        endOnFailure: true,
        // Found by earlier runs, kept so that they are tried every time.
        examples: [
          ["open", formOf([["q." + "k".repeat(41), "1"]]), FORM, "vi", "example-1"],
          ["open", formOf([["contact.consent", "yes"], ["contact.phone", "1".repeat(201)]]), FORM, "vi", "example-2"],
          ["open", formOf([["q.E", "faster"], ["q.E", "x".repeat(201)]]), FORM, "vi", "example-3"],
          ["open", formOf([["q.C", "a".repeat(7999)], ["q.X1", "b".repeat(7999)], ["q.X2", "c".repeat(7999)]]), FORM, "vi", "example-4"],
          ["open", formOf([["q.C", "\u0001".repeat(5000)]]), FORM, "vi", "example-5"],
        ],
      },
    );
    for (const status of [303, 400, 404, 410, 422]) expect(statuses.has(status), `survey: no ${status} in ${JSON.stringify([...statuses.seen])}`).toBe(true);
    expectAllRenderable("survey");
  });

  it("a standing QR's post: no 5xx, no leak, nothing written when refused", async () => {
    const statuses = tally();
    const code = fc.oneof(
      { weight: 5, arbitrary: fc.constant("FUZZ-Q1") },
      { weight: 1, arbitrary: fc.constantFrom("FUZZ-OLD", "NO-SUCH-CODE", "fuzz-q1") },
      { weight: 2, arbitrary: anyText },
    );
    await fc.assert(
      fc.asyncProperty(code, formBody, contentType, fc.constantFrom("vi", "en") as fc.Arbitrary<"vi" | "en">, client, async (standing, body, type, locale, who) => {
        const before = await counts();
        const fields = await readFields(`/q/${standing}/answer`, body, type);
        if (fields === null) return expectUnchanged("standing (unread body)", before, await counts());
        const outcome = await postStandingSurvey(database.db, { code: standing, fields, locale, client: who });
        statuses.add(outcome.status);
        checkOutcome("standing", outcome, { code: standing, fields });
        if (!accepted(outcome)) expectUnchanged(`standing ${outcome.status}`, before, await counts());
      }),
      {
        seed: SEED,
        numRuns: RUNS.standing,
        endOnFailure: true,
        examples: [
          ["FUZZ-Q1", formOf([["q." + "k".repeat(41), "1"]]), FORM, "vi", "example-1"],
          ["FUZZ-Q1", formOf([["q.C", "\u0001".repeat(5000)]]), FORM, "en", "example-5"],
        ],
      },
    );
    for (const status of [303, 400, 404, 422]) expect(statuses.has(status), `standing: no ${status} in ${JSON.stringify([...statuses.seen])}`).toBe(true);
    expectAllRenderable("standing");
  });

  it("POST /api/v1/dossiers: no 5xx, problem+json for every error, nothing written when refused", async () => {
    const statuses = tally();
    const codeText = fc.oneof(
      { weight: 6, arbitrary: fc.stringMatching(/^[A-Z0-9.\-/]{1,20}$/) },
      { weight: 1, arbitrary: fc.oneof(anyText, hugeNumber, fc.constant("x".repeat(65))) },
    );
    const jsonish = fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.integer(), fc.double(), fc.constant(null), anyText);
    // Most dossiers are valid (new or known codes, in or out of scope), many have one field
    // replaced by a random value or one key too many, some are random altogether.
    const cleanDossier = fc.record(
      {
        dossierCode: codeText,
        agencyCode: fc.constantFrom("FA", "FA", "FA", "FB", "FP", "NOPE"),
        procedureCode: fc.constantFrom(procedureCode, procedureCode, procedureCode, "9.999.NOPE"),
        completedAt: fc.constantFrom("2026-11-30T10:00:00+07:00", "2026-11-30T03:00:00Z"),
        receivedAt: fc.constant("2026-11-29T08:00:00+07:00"),
        dueAt: fc.constant("2026-12-05T17:00:00+07:00"),
        officerCode: fc.constantFrom("fuzz.officer", "nobody"),
        deskCode: fc.constantFrom("Q1", "Q9"),
      },
      { requiredKeys: ["dossierCode", "agencyCode", "procedureCode", "completedAt"] },
    );
    const mutatedDossier = fc
      .tuple(
        cleanDossier,
        fc.constantFrom("dossierCode", "agencyCode", "procedureCode", "completedAt", "receivedAt", "dueAt", "officerCode", "deskCode", "extra", "__proto__", "constructor"),
        fc.oneof(
          jsonish,
          hugeNumber,
          fc.constantFrom("2026-11-30T10:00", "2026-13-45T99:99:99+07:00", "2026-12-01T08:00:00+07:00", "30/11/2026", "+275760-09-13T00:00:00Z", "x".repeat(65)),
        ),
      )
      .map(([d, key, value]) => ({ ...d, [key]: value }) as Record<string, unknown>);
    const dossier = fc.oneof(
      { weight: 3, arbitrary: cleanDossier },
      { weight: 3, arbitrary: mutatedDossier },
      { weight: 1, arbitrary: fc.dictionary(fc.oneof(anyText, fc.constantFrom("dossierCode", "agencyCode")), jsonish, { maxKeys: 6 }) },
    );
    const document = fc.oneof(
      { weight: 4, arbitrary: dossier },
      { weight: 2, arbitrary: fc.record({ dossiers: fc.array(dossier, { maxLength: 4 }) }) },
      { weight: 1, arbitrary: fc.record({ dossiers: jsonish }) },
      { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
    );
    const body = fc.oneof(
      { weight: 6, arbitrary: document.map((d) => JSON.stringify(d) ?? "") },
      {
        weight: 2,
        arbitrary: fc.tuple(document, fc.nat()).map(([d, cut]) => {
          const text = JSON.stringify(d) ?? "";
          return text.slice(0, text.length === 0 ? 0 : cut % text.length);
        }),
      },
      {
        weight: 2,
        arbitrary: fc.oneof(
          anyText,
          hugeNumber.map((n) => `{"dossierCode":${n},"agencyCode":"FA","procedureCode":"${procedureCode}","completedAt":"2026-11-30T10:00:00+07:00"}`),
          fc.constantFrom("", "{", "[", "\uFEFF{}", "{\"dossiers\":[", "nul", "{\"__proto__\":{\"x\":1}}", "[".repeat(5000), `{"a":"${"\\u".repeat(10)}"}`),
        ),
      },
    );
    const type = fc.option(
      fc.oneof(
        { weight: 5, arbitrary: fc.constantFrom("application/json", "application/json; charset=utf-8") },
        { weight: 2, arbitrary: fc.constantFrom("application/problem+json", "APPLICATION/JSON", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/jsonp", "") },
        { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
      ),
      { nil: undefined },
    );
    const authorization = fc.oneof(
      { weight: 6, arbitrary: fc.constant("valid") },
      { weight: 1, arbitrary: fc.constantFrom("revoked", "none", "bearer-lower") },
      { weight: 1, arbitrary: fc.oneof(anyText, anyText.map((t) => `Bearer ${t}`), fc.constant("Bearer hl_00000000_xxxxxxxx")) },
    );
    await fc.assert(
      fc.asyncProperty(body, type, authorization, fc.boolean(), async (text, contentType, auth, qr) => {
        const headers = new Headers();
        if (contentType !== undefined) headers.set("content-type", contentType);
        const bearer = auth === "valid" ? `Bearer ${validKey}` : auth === "revoked" ? `Bearer ${revokedKey}` : auth === "bearer-lower" ? `bearer ${validKey}` : auth === "none" ? null : auth;
        // Headers refuse some characters outright (the client's HTTP stack would too): skip those values.
        if (bearer !== null) {
          try {
            headers.set("authorization", bearer);
          } catch {
            return;
          }
        }
        const before = await counts();
        const request = new Request(`https://hailong.example.gov.vn/api/v1/dossiers${qr ? "?qr=svg" : ""}`, { method: "POST", headers, body: text });
        const response = await postDossiersRoute(request);
        statuses.add(response.status);
        const answer = await response.text();
        expect(response.status, "api: status").toBeLessThan(500);
        expectNoLeak("api", answer);
        if (response.status >= 400) {
          expect(response.headers.get("content-type"), "api: error type").toMatch(/^application\/problem\+json/);
          const problem = JSON.parse(answer) as { status?: unknown };
          expect(problem.status, "api: problem status").toBe(response.status);
          expectUnchanged(`api ${response.status}`, before, await counts());
        } else {
          expect([200, 201], "api: success status").toContain(response.status);
        }
      }),
      { seed: SEED, numRuns: RUNS.api, endOnFailure: true },
    );
    for (const status of [201, 400, 401, 415, 422]) expect(statuses.has(status), `api: no ${status} in ${JSON.stringify([...statuses.seen])}`).toBe(true);
  });

  it("the sign-in: no crash, only its codes thrown, nothing but its own audit rows written", async () => {
    const outcomes = tally();
    let attempts = 0;
    const username = fc.oneof(
      // Few names and few clients, so that the limits are reached too.
      { weight: 4, arbitrary: fc.constantFrom("fuzz.admin", " FUZZ.ADMIN ", "nobody") },
      { weight: 2, arbitrary: anyText },
      { weight: 1, arbitrary: fc.oneof(fc.integer(), fc.constant(null), fc.constant(undefined), fc.array(fc.string(), { maxLength: 2 }), fc.object({ maxDepth: 1 })) },
    );
    const password = fc.oneof(
      { weight: 1, arbitrary: fc.constant(PASSWORD) },
      { weight: 4, arbitrary: anyText },
      { weight: 1, arbitrary: fc.oneof(fc.integer(), fc.constant(null), fc.array(fc.string(), { maxLength: 2 }), fc.string({ minLength: 257, maxLength: 300 })) },
    );
    const raw = fc.oneof(
      { weight: 5, arbitrary: fc.record({ username, password, csrfToken: fc.string({ maxLength: 10 }), json: fc.constantFrom("true", "false") }, { requiredKeys: ["username", "password"] }) },
      { weight: 1, arbitrary: fc.record({ username, password }, { requiredKeys: [] }) },
      { weight: 1, arbitrary: fc.oneof(fc.anything({ maxDepth: 2 }), fc.constant(undefined)) },
    );
    const req = fc.oneof(
      {
        weight: 4,
        arbitrary: fc.record({
          headers: fc.record(
            {
              [CLIENT_HEADER]: fc.oneof({ weight: 4, arbitrary: fc.constantFrom("203.0.113.1", "198.51.100.2") }, { weight: 1, arbitrary: fc.oneof(anyText, fc.constant("2001:db8::1")) }),
              "x-forwarded-for": fc.oneof(fc.constantFrom("203.0.113.1", "198.51.100.2, 10.0.0.1"), anyText),
            },
            { requiredKeys: [] },
          ),
        }),
      },
      { weight: 1, arbitrary: fc.oneof(fc.constant(undefined), fc.record({ headers: fc.anything({ maxDepth: 2 }) }), fc.record({ headers: fc.constant(new Headers({ [CLIENT_HEADER]: "192.0.2.1" })) })) },
    );
    await fc.assert(
      fc.asyncProperty(raw, req, async (credentials, request) => {
        // Five seconds between attempts: some accounts' delays pass during the run, no hold does.
        setClockForTests(new Date(T0.getTime() + ++attempts * 5000));
        const before = await counts();
        const [{ lastAudit }] = (await database.db.select({ lastAudit: sql<number>`coalesce(max(${auditLog.id}), 0)::int` }).from(auditLog)) as [{ lastAudit: number }];
        let outcome: string;
        try {
          const user = await authorizeCredentials(database.db, credentials, request as { headers?: unknown } | undefined, SECRET);
          outcome = user ? "signed_in" : "refused";
          if (user) expect(user).toEqual({ id: expect.stringMatching(/^\d+$/), name: expect.any(String) });
        } catch (err) {
          // Only the throttle's code may come back (its message reaches the browser as it is).
          expect(err).toBeInstanceOf(Error);
          expect((err as Error).message).toMatch(/^SignInThrottled:\d{1,4}$/);
          outcome = "throttled";
        }
        outcomes.add(outcome);
        const after = await counts();
        const written = await database.db.select().from(auditLog).where(gt(auditLog.id, Number(lastAudit)));
        // At most one audit row per attempt, and only the sign-in's own.
        expect(written.length).toBeLessThanOrEqual(1);
        for (const row of written) {
          expect(["sign_in.failed", "sign_in.refused"]).toContain(row.action);
          const text = JSON.stringify(row.data);
          expectNoLeak("sign-in audit", text);
          if (typeof (credentials as { password?: unknown } | undefined)?.password === "string" && ((credentials as { password: string }).password.length >= 4)) {
            expect(text).not.toContain((credentials as { password: string }).password);
          }
        }
        expectUnchanged(`sign-in ${outcome}`, { ...before, audit_log: before.audit_log! + written.length }, after);
        if (outcome === "signed_in") expect(written).toHaveLength(0);
      }),
      {
        seed: SEED,
        numRuns: RUNS.signIn,
        endOnFailure: true,
        // Six wrong passwords from one client first: the runs start with a held client.
        examples: Array.from({ length: 6 }, () => [{ username: "nobody", password: "wrong" }, { headers: { [CLIENT_HEADER]: "203.0.113.99" } }] as [unknown, unknown]),
      },
    );
    for (const outcome of ["signed_in", "refused", "throttled"]) expect(outcomes.has(outcome), `sign-in: no ${outcome} in ${JSON.stringify([...outcomes.seen])}`).toBe(true);
    // The fuzzing never got the real account held for good: its owner signs in from a fresh client.
    expect(await authorizeCredentials(database.db, { username: "fuzz.admin", password: PASSWORD }, { headers: { [CLIENT_HEADER]: "192.0.2.200" } }, SECRET)).toEqual({
      id: String(staffId),
      name: "fuzz.admin",
    });
  });
});
