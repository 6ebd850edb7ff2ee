import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { coverageByAgency } from "@/db/queries/coverage";
import { invitationStatusInScope } from "@/db/queries/integration";
import { agencyProcedures, apiKeys, auditLog, desks, dossiers, invitations, procedures, settings, staffAccounts } from "@/db/schema";
import { setSetting } from "@/lib/settings";
import { getStaffById, type StaffUser } from "@/lib/auth/accounts";
import { completeAndIssue } from "@/lib/survey/desk";
import { submitResponse } from "@/lib/survey/respond";
import { createAgencyTree, createSurveyBase } from "@/tests/helpers/fixtures";
import { createTestDatabase } from "@/tests/helpers/test-db";
import { postDossiers } from "./api";
import { authenticateApiKey, createApiKey, hashApiKey, revokeApiKey, type ApiClient } from "./api-keys";
import { openApiDocument } from "./openapi";
import { importDossiersCsv } from "./import";
import { reportDossiers } from "./report";

const SECRET = "test-secret-for-integration-tokens";
const AT = "2023-05-04T10:00:00+07:00";

let database: Database;
let versionId: number;
let admin: StaffUser;
let officerA: StaffUser;
let clientD: ApiClient;
let clientB: ApiClient;
let procedureCode: string;
let otherProcedureCode: string;
let ids: Record<string, number>;

const dossier = (code: string, extra: Record<string, unknown> = {}) => ({ dossierCode: code, agencyCode: "ITA", procedureCode, completedAt: AT, ...extra });

async function post(client: ApiClient, body: unknown, withQr = false) {
  const response = await postDossiers(database.db, client, body, { withQr });
  return { status: response.status, type: response.headers.get("content-type"), body: (await response.json()) as Record<string, unknown> };
}

const dossierCount = async () => (await database.db.select({ n: count() }).from(dossiers))[0]!.n;
const invitationCount = async () => (await database.db.select({ n: count() }).from(invitations))[0]!.n;

beforeAll(async () => {
  process.env.NEXTAUTH_SECRET = SECRET;
  database = await createTestDatabase();
  const base = await createSurveyBase(database.db);
  versionId = base.versionId;
  const [proc] = await database.db.select().from(procedures).where(eq(procedures.id, base.procedureId));
  procedureCode = proc!.code;
  const [other] = await database.db.insert(procedures).values({ code: "9.999.IT", name: "Thủ tục khác", field: "Đất đai" }).returning();
  otherProcedureCode = other!.code;
  const tree = await createAgencyTree(database.db, [
    { code: "ITP", level: "province" },
    { code: "ITD", level: "district", parent: "ITP" },
    { code: "ITA", level: "commune", parent: "ITD" },
    { code: "ITB", level: "commune", parent: "ITP" },
  ]);
  ids = { P: tree.ITP!.id, D: tree.ITD!.id, A: tree.ITA!.id, B: tree.ITB!.id };
  await database.db.insert(agencyProcedures).values([
    { agencyId: ids.A!, procedureId: base.procedureId },
    { agencyId: ids.A!, procedureId: other!.id },
    { agencyId: ids.B!, procedureId: base.procedureId },
  ]);
  await database.db.insert(desks).values({ agencyId: ids.A!, code: "Q1", name: "Quầy 1" });
  const mk = async (username: string, role: "admin" | "officer", agencyId: number) => {
    const [row] = await database.db.insert(staffAccounts).values({ username, name: username, passwordHash: "x", role, agencyId }).returning();
    return (await getStaffById(database.db, { staffId: row!.id }))!;
  };
  admin = await mk("it.admin", "admin", ids.P!);
  officerA = await mk("it.officer", "officer", ids.A!);
  const keyD = await createApiKey(database.db, admin, { name: "Một cửa huyện", agencyId: ids.D! });
  const keyB = await createApiKey(database.db, admin, { name: "Một cửa xã B", agencyId: ids.B! });
  clientD = (await authenticateApiKey(database.db, `Bearer ${keyD.key}`))!;
  clientB = (await authenticateApiKey(database.db, `Bearer ${keyB.key}`))!;
});

afterAll(async () => {
  await database?.close();
});

describe("API keys", () => {
  it("are shown once, stored hashed, scoped, audited, and stop working when revoked", async () => {
    const created = await createApiKey(database.db, admin, { name: "Thử", agencyId: ids.A! });
    expect(created.key).toMatch(/^hl_[0-9a-f]{8}_[A-Za-z0-9_-]{43}$/);
    const [row] = await database.db.select().from(apiKeys).where(eq(apiKeys.id, created.id));
    expect(row!.keyHash).toBe(hashApiKey(created.key));
    expect(JSON.stringify(row)).not.toContain(created.key.slice(12));
    const client = await authenticateApiKey(database.db, `Bearer ${created.key}`);
    expect(client).toMatchObject({ agencyId: ids.A, agencyCode: "ITA" });
    expect(await authenticateApiKey(database.db, `Bearer ${created.key}x`)).toBeNull();
    expect(await authenticateApiKey(database.db, null)).toBeNull();
    await revokeApiKey(database.db, admin, { keyId: created.id });
    expect(await authenticateApiKey(database.db, `Bearer ${created.key}`)).toBeNull();
    await expect(revokeApiKey(database.db, admin, { keyId: created.id })).rejects.toMatchObject({ kind: "conflict" });
    const audit = await database.db.select().from(auditLog).where(eq(auditLog.entityId, created.id));
    expect(audit.map((a) => a.action).sort()).toEqual(["api_key.created", "api_key.revoked"]);
  });

  it("can only be created by an administrator, for an agency in their scope", async () => {
    await expect(createApiKey(database.db, officerA, { name: "x", agencyId: ids.A! })).rejects.toMatchObject({ kind: "forbidden" });
    const adminA = { ...admin, scopePath: officerA.scopePath };
    await expect(createApiKey(database.db, adminA, { name: "x", agencyId: ids.B! })).rejects.toMatchObject({ kind: "invalid" });
  });
});

describe("POST /api/v1/dossiers", () => {
  it("records a dossier, returns its invitation and the same one again on a retry", async () => {
    const first = await post(clientD, dossier("IT-1", { deskCode: "Q1", officerCode: "it.officer", receivedAt: "2023-05-01T08:00:00+07:00" }), true);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ dossierCode: "IT-1", agencyCode: "ITA", status: "issued" });
    expect(String(first.body.surveyUrl)).toMatch(/\/s\/[A-Za-z0-9_-]{22}$/);
    expect(String(first.body.qrSvg)).toContain("<svg");
    const again = await post(clientD, dossier("IT-1"));
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
    expect(again.body.surveyUrl).toBe(first.body.surveyUrl);
    expect(again.body.qrSvg).toBeUndefined();
    const [stored] = await database.db.select().from(dossiers).where(eq(dossiers.code, "IT-1"));
    expect(stored).toMatchObject({ source: "api", agencyId: ids.A, officerId: officerA.id });
    expect(stored!.completedAt!.toISOString()).toBe("2023-05-04T03:00:00.000Z");
    const [inv] = await database.db.select().from(invitations).where(eq(invitations.dossierId, stored!.id));
    expect(inv!.channel).toBe("api");
  });

  it("takes a batch all at once, in order, reusing known dossiers' invitations", async () => {
    const known = await post(clientD, dossier("IT-1"));
    const batch = await post(clientD, { dossiers: [dossier("IT-2"), dossier("IT-1"), dossier("IT-3")] });
    expect(batch.status).toBe(201);
    const list = batch.body.invitations as { id: string; dossierCode: string }[];
    expect(list.map((i) => i.dossierCode)).toEqual(["IT-2", "IT-1", "IT-3"]);
    expect(list[1]!.id).toBe(known.body.id);
    expect(new Set(list.map((i) => i.id)).size).toBe(3);
  });

  it("records a dossier reported by many requests at once once, and gives each the same invitation", async () => {
    const [dossiersBefore, invitationsBefore] = [await dossierCount(), await invitationCount()];
    const answers = await Promise.all([
      ...Array.from({ length: 12 }, () => post(clientD, dossier("IT-RACE-1"))),
      ...Array.from({ length: 4 }, () => post(clientD, { dossiers: [dossier("IT-RACE-2"), dossier("IT-RACE-1")] })),
    ]);
    expect(answers.map((a) => a.status).every((s) => s === 200 || s === 201)).toBe(true);
    const single = new Set(answers.slice(0, 12).map((a) => a.body.id));
    const batched = answers.slice(12).map((a) => a.body.invitations as { id: string; dossierCode: string }[]);
    expect(single.size).toBe(1);
    expect(new Set(batched.map((list) => list[1]!.id))).toEqual(single);
    expect(new Set(batched.map((list) => list[0]!.id)).size).toBe(1);
    expect(await dossierCount()).toBe(dossiersBefore + 2);
    expect(await invitationCount()).toBe(invitationsBefore + 2);
  });

  it("gives API invitations the link lifetime an administrator set", async () => {
    await setSetting(database.db, "invitations.ttlDays", 9, { id: null });
    try {
      const issued = await post(clientD, dossier("IT-TTL-1"));
      const days = (Date.parse(String(issued.body.expiresAt)) - Date.parse(String(issued.body.issuedAt))) / (24 * 3600 * 1000);
      expect(days).toBe(9);
    } finally {
      await database.db.delete(settings).where(eq(settings.key, "invitations.ttlDays"));
    }
  });

  it("rejects malformed bodies with 400 naming each field, writing nothing", async () => {
    const before = [await dossierCount(), await invitationCount()];
    const naive = await post(clientD, dossier("IT-X", { completedAt: "2023-05-04T10:00:00" }));
    expect(naive.status).toBe(400);
    expect(naive.type).toContain("application/problem+json");
    expect(naive.body.errors).toEqual([expect.objectContaining({ field: "completedAt" })]);
    const batch = await post(clientD, { dossiers: [dossier("IT-Y"), { ...dossier("IT-Z"), procedureCode: 5 }, dossier("", { extra: 1 })] });
    expect(batch.status).toBe(400);
    const fields = (batch.body.errors as { field: string }[]).map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(["dossiers[1].procedureCode", "dossiers[2].dossierCode", "dossiers[2].extra"]));
    const missing = await post(clientD, { ...dossier("IT-W", { receivedAt: "2023-05-01T08:00:00+07:00" }), dossierCode: undefined });
    expect(missing).toMatchObject({ status: 400, body: { errors: [{ field: "dossierCode" }] } });
    const tooMany = await post(clientD, { dossiers: Array.from({ length: 1001 }, (_, i) => dossier(`IT-M${i}`)) });
    expect(tooMany.status).toBe(400);
    expect(await post(clientD, [dossier("IT-Q")])).toMatchObject({ status: 400 });
    expect([await dossierCount(), await invitationCount()]).toEqual(before);
  });

  it("rejects unknown codes with 422, another subtree with 403 and a changed procedure with 409, writing nothing", async () => {
    const before = [await dossierCount(), await invitationCount()];
    const unknown = await post(clientD, { dossiers: [dossier("IT-U1"), dossier("IT-U2", { agencyCode: "NOPE" }), dossier("IT-U3", { procedureCode: "0.000" })] });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors).toEqual([
      { field: "dossiers[1].agencyCode", message: "unknown agency code NOPE" },
      { field: "dossiers[2].procedureCode", message: "unknown procedure code 0.000" },
    ]);
    const notHandled = await post(clientB, dossier("IT-U4", { agencyCode: "ITB", procedureCode: otherProcedureCode }));
    expect(notHandled).toMatchObject({ status: 422, body: { errors: [{ field: "procedureCode" }] } });
    const badDesk = await post(clientD, dossier("IT-U5", { deskCode: "Q9", officerCode: "nobody" }));
    expect((badDesk.body.errors as { field: string }[]).map((e) => e.field)).toEqual(["deskCode", "officerCode"]);
    const foreign = await post(clientB, { dossiers: [dossier("IT-U6", { agencyCode: "ITB" }), dossier("IT-U7")] });
    expect(foreign).toMatchObject({ status: 403, body: { errors: [{ field: "dossiers[1].agencyCode" }] } });
    const changed = await post(clientD, { dossiers: [dossier("IT-U8"), dossier("IT-1", { procedureCode: otherProcedureCode })] });
    expect(changed).toMatchObject({ status: 409, body: { errors: [{ field: "dossiers[1].procedureCode" }] } });
    const twice = await post(clientD, { dossiers: [dossier("IT-U9"), dossier("IT-U9")] });
    expect(twice).toMatchObject({ status: 422, body: { errors: [{ field: "dossiers[1].dossierCode" }] } });
    expect([await dossierCount(), await invitationCount()]).toEqual(before);
  });

  it("tells a client an invitation's status inside its own subtree only, never the answers", async () => {
    const issued = await post(clientD, dossier("IT-S1"));
    const id = String(issued.body.id);
    expect(await invitationStatusInScope(database.db, { invitationId: id, scopePath: clientB.scopePath })).toBeNull();
    const token = String(issued.body.surveyUrl).split("/s/")[1]!;
    const submitted = await submitResponse(database.db, { token, versionId, values: { S1: "5", S2: "4", S3: "5", S4: "4", S5: "na", S0: "5", E: [], C: "" }, locale: "vi" });
    expect(submitted.outcome).toBe("saved");
    const status = await invitationStatusInScope(database.db, { invitationId: id, scopePath: clientD.scopePath });
    expect(status).toMatchObject({ status: "answered", dossierCode: "IT-S1", agencyCode: "ITA" });
    expect(Object.keys(status!).sort()).toEqual(["agencyCode", "answeredAt", "dossierCode", "expiresAt", "id", "issuedAt", "status"]);
    const retry = await post(clientD, dossier("IT-S1"));
    expect(retry.body).toMatchObject({ id, status: "answered" });
    expect(retry.body.surveyUrl).toBeUndefined();
  });
});

describe("CSV import path and coverage", () => {
  it("records imported dossiers without invitations, all or none", async () => {
    const items = [
      { dossierCode: "IT-I1", agencyCode: "ITA", procedureCode, completedAt: new Date("2023-06-01T03:00:00Z") },
      { dossierCode: "IT-I2", agencyCode: "ITA", procedureCode, completedAt: new Date("2023-06-02T03:00:00Z") },
    ];
    const result = await reportDossiers(database.db, { scopePath: officerA.scopePath, items, source: "import", issue: false, actor: { kind: "staff", id: officerA.id } });
    expect(result.map((r) => [r.created, r.invitation])).toEqual([
      [true, null],
      [true, null],
    ]);
    const before = await dossierCount();
    await expect(
      reportDossiers(database.db, {
        scopePath: officerA.scopePath,
        items: [{ ...items[0]!, dossierCode: "IT-I3" }, { ...items[0]!, dossierCode: "IT-I4", agencyCode: "ITB" }],
        source: "import",
        issue: false,
        actor: { kind: "staff", id: officerA.id },
      }),
    ).rejects.toMatchObject({ kind: "forbidden" });
    expect(await dossierCount()).toBe(before);
  });

  it("counts every completed dossier of the subtree and period, with or without a survey", async () => {
    const from = new Date("2023-06-10T00:00:00+07:00");
    const to = new Date("2023-06-20T00:00:00+07:00");
    const inPeriod = (day: number) => `2023-06-${day}T09:00:00+07:00`;
    await post(clientD, { dossiers: [11, 12, 13].map((d) => dossier(`IT-C${d}`, { completedAt: inPeriod(d) })) });
    await reportDossiers(database.db, {
      scopePath: officerA.scopePath,
      items: [14, 15].map((d) => ({ dossierCode: `IT-C${d}`, agencyCode: "ITA", procedureCode, completedAt: new Date(inPeriod(d)) })),
      source: "import",
      issue: false,
      actor: { kind: "staff", id: officerA.id },
    });
    await post(clientD, dossier("IT-C25", { completedAt: "2023-06-25T09:00:00+07:00" }));
    const desk = await completeAndIssue(database.db, officerA, { code: "IT-C16", procedureId: String((await database.db.select().from(procedures).where(eq(procedures.code, procedureCode)))[0]!.id) }, new Date(inPeriod(16)));
    const { invitationToken } = await import("@/lib/survey/token");
    const answered = await submitResponse(database.db, {
      token: invitationToken(SECRET, desk.invitation.id),
      versionId,
      values: { S1: "4", S2: "4", S3: "4", S4: "4", S5: "4", S0: "4", E: [], C: "" },
      locale: "vi",
      now: new Date(inPeriod(16)),
    });
    expect(answered.outcome).toBe("saved");
    const expected = { dossiersCompleted: 6, invitationsIssued: 4, responses: 1 };
    expect(await coverageByAgency(database.db, { agencyId: ids.A!, scopePath: admin.scopePath, from, to })).toEqual(expected);
    expect(await coverageByAgency(database.db, { agencyId: ids.P!, scopePath: admin.scopePath, from, to })).toEqual(expected);
    expect(await coverageByAgency(database.db, { agencyId: ids.B!, scopePath: admin.scopePath, from, to })).toEqual({ dossiersCompleted: 0, invitationsIssued: 0, responses: 0 });
    expect(await coverageByAgency(database.db, { agencyId: ids.P!, scopePath: officerA.scopePath, from, to })).toBeNull();
  });
});

describe("CSV import", () => {
  it("reports every row's errors with its row number and imports nothing", async () => {
    const before = await dossierCount();
    const csv = [
      "ma_ho_so;ma_co_quan;ma_thu_tuc;ngay_tra_ket_qua;ma_quay",
      `CSV-1;ITA;${procedureCode};04/05/2023 10:00;Q1`,
      `CSV-2;ITA;${procedureCode};31/02/2023;`,
      `CSV-3;NOPE;${procedureCode};04/05/2023;`,
      `;ITA;${procedureCode};04/05/2023;`,
    ].join("\r\n");
    const result = await importDossiersCsv(database.db, officerA, csv);
    expect(result).toEqual({
      outcome: "rejected",
      errors: [
        { row: 3, column: "ngay_tra_ket_qua", code: "date" },
        { row: 5, column: "ma_ho_so", code: "required" },
      ],
    });
    const second = await importDossiersCsv(database.db, officerA, csv.split("\r\n").filter((_, i) => i !== 2 && i !== 4).join("\n"));
    expect(second).toEqual({ outcome: "rejected", errors: [{ row: 3, column: "ma_co_quan", code: "unknownAgency" }] });
    expect(await dossierCount()).toBe(before);
    expect(await importDossiersCsv(database.db, officerA, "ma_ho_so,ma_co_quan\nx,y")).toMatchObject({ outcome: "file", error: "header" });
    expect(await importDossiersCsv(database.db, officerA, "ma_ho_so,mau\nx,y")).toMatchObject({ outcome: "file", error: "unknownColumn", column: "mau" });
  });

  it("imports a clean file once; the same file again only finds known dossiers", async () => {
    const csv = `ma_ho_so,ma_co_quan,ma_thu_tuc,ngay_tra_ket_qua,ngay_tiep_nhan\nCSV-10,ITA,${procedureCode},05/05/2023 09:00,"01/05/2023"\nCSV-11,ITA,${procedureCode},2023-05-05T10:00:00+07:00,\n`;
    expect(await importDossiersCsv(database.db, officerA, csv)).toEqual({ outcome: "imported", count: 2, created: 2, known: 0 });
    expect(await importDossiersCsv(database.db, officerA, csv)).toEqual({ outcome: "imported", count: 2, created: 0, known: 2 });
    const [row] = await database.db.select().from(dossiers).where(eq(dossiers.code, "CSV-10"));
    expect(row).toMatchObject({ source: "import", agencyId: ids.A });
    expect(row!.completedAt!.toISOString()).toBe("2023-05-05T02:00:00.000Z");
    expect(await database.db.select().from(invitations).where(eq(invitations.dossierId, row!.id))).toEqual([]);
  });
});

describe("OpenAPI", () => {
  it("describes the request schemas the API validates with", () => {
    const doc = openApiDocument("https://example.gov.vn");
    expect(doc.openapi).toBe("3.1.0");
    const schemas = doc.components.schemas as Record<string, { required?: string[]; properties?: Record<string, unknown> }>;
    expect(schemas.DossierReport!.required).toEqual(["dossierCode", "agencyCode", "procedureCode", "completedAt"]);
    expect(Object.keys(schemas.DossierBatch!.properties!)).toEqual(["dossiers"]);
    expect(doc.paths["/dossiers"].post.responses["422"]).toBeDefined();
    // Every error, a 5xx included, is documented as problem+json.
    const paths = doc.paths as Record<string, Record<string, { responses: Record<string, { content?: Record<string, unknown> }> }>>;
    for (const [path, operations] of Object.entries(paths)) {
      for (const operation of Object.values(operations)) {
        expect(operation.responses["500"], path).toBeDefined();
        for (const [status, response] of Object.entries(operation.responses)) {
          if (Number(status) >= 400) expect(Object.keys(response.content ?? {}), `${path} ${status}`).toEqual(["application/problem+json"]);
        }
      }
    }
  });
});
