import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { agencies, agencyProcedures, auditLog, procedures, questionnaireVersions, questions, staffAccounts } from "@/db/schema";
import { getStaffById, type StaffUser } from "@/lib/auth/accounts";
import { verifyPassword } from "@/lib/auth/password";
import { isDomainError } from "@/lib/errors";
import { createAgency } from "@/db/queries/agencies";
import type { Agency } from "@/db/schema";
import { setAgencyTarget } from "@/lib/admin/targets";
import { agencyOverview } from "@/lib/metrics/figures";
import { reportingYearPeriod } from "@/lib/metrics/periods";
import { getSetting } from "@/lib/settings";
import { createAgencyTree, createSurveyBase, insertResponses, uniformSheet } from "@/tests/helpers/fixtures";
import { createTestDatabase } from "@/tests/helpers/test-db";
import { changeAccount, createAccount, resetPassword, setAccountActive } from "./accounts";
import { createChildAgency, moveAgency, setAgencyActive, updateAgency } from "./agencies";
import { readAudit } from "./audit";
import { createDesk, createStandingCode, deactivateStandingCode, renameDesk, setDeskActive } from "./desks";
import { CatalogueImportError, createProcedure, importCatalogue, linkProcedure, unlinkProcedure, updateProcedure } from "./procedures";
import { createDraftVersion, discardDraft, publishVersion, updateDraftQuestion } from "./questionnaires";
import { saveBands, saveGeneralSettings } from "./settings";

let database: Database;
let tree: Awaited<ReturnType<typeof createAgencyTree>>;
let admin: StaffUser;
let districtAdmin: StaffUser;
let leader: StaffUser;
let versionId: number;

async function staffAt(agencyId: number, role: "admin" | "leader" | "officer", username: string) {
  const [row] = await database.db.insert(staffAccounts).values({ username, name: username, passwordHash: "x", role, agencyId }).returning({ id: staffAccounts.id });
  return (await getStaffById(database.db, { staffId: row!.id }))!;
}

/** The kind and reason of the DomainError a call throws. */
async function failure(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    if (isDomainError(err)) return `${err.kind}${err.details?.reason && err.details.reason !== "invalid" ? `:${String(err.details.reason)}` : ""}`;
    throw err;
  }
  throw new Error("expected a failure");
}

async function auditCount(action: string) {
  const [row] = await database.db.select({ n: sql<number>`count(*)::int` }).from(auditLog).where(eq(auditLog.action, action));
  return row!.n;
}

async function pathOf(id: number) {
  const [row] = await database.db.select({ path: agencies.path, parentId: agencies.parentId }).from(agencies).where(eq(agencies.id, id));
  return row!;
}

beforeAll(async () => {
  database = await createTestDatabase();
  versionId = (await createSurveyBase(database.db)).versionId;
  tree = await createAgencyTree(database.db, [
    { code: "P", level: "province" },
    { code: "D1", level: "district", parent: "P" },
    { code: "D2", level: "district", parent: "P" },
    { code: "C1", level: "commune", parent: "D1" },
    { code: "C1a", level: "hamlet", parent: "C1" },
    { code: "C2", level: "commune", parent: "D2" },
  ]);
  admin = await staffAt(tree.P!.id, "admin", "admin.p");
  districtAdmin = await staffAt(tree.D1!.id, "admin", "admin.d1");
  leader = await staffAt(tree.P!.id, "leader", "leader.p");
});

afterAll(() => database?.close());

describe("agencies", () => {
  it("creates a child agency under a parent in scope, audited", async () => {
    const agency = await createChildAgency(database.db, districtAdmin, { parentId: tree.D1!.id, code: "C1b", name: "Xã Mới", level: "commune" });
    expect(agency.path).toBe(`${tree.D1!.path}${agency.id}/`);
    expect(await auditCount("agency.created")).toBe(1);
    expect(await failure(createChildAgency(database.db, districtAdmin, { parentId: tree.D2!.id, code: "X", name: "X", level: "commune" }))).toBe("not_found");
    expect(await failure(createChildAgency(database.db, admin, { parentId: tree.D1!.id, code: "C1b", name: "Dup", level: "commune" }))).toBe("conflict:code_taken");
    expect(await failure(createChildAgency(database.db, admin, { parentId: tree.D1!.id, code: "bad code", name: "X", level: "commune" }))).toBe("invalid");
    expect(await failure(createChildAgency(database.db, leader, { parentId: tree.D1!.id, code: "L", name: "X", level: "commune" }))).toBe("forbidden");
  });

  it("renames and relabels an agency", async () => {
    const after = await updateAgency(database.db, admin, { agencyId: tree.C2!.id, name: "Phường Hai", nameEn: "Ward Two", level: "ward" });
    expect(after).toMatchObject({ name: "Phường Hai", nameEn: "Ward Two", level: "ward" });
    expect(await auditCount("agency.updated")).toBe(1);
    expect(await failure(updateAgency(database.db, districtAdmin, { agencyId: tree.C2!.id, name: "X", level: "ward" }))).toBe("not_found");
  });

  it("derives a new unit's tier and kind from its label and parent unless chosen, and changes them on request", async () => {
    // The fixtures' labels: a hamlet (unknown label) under a commune sits at the commune tier.
    const [c1a] = await database.db.select().from(agencies).where(eq(agencies.id, tree.C1a!.id));
    expect([c1a!.tier, c1a!.kind]).toEqual(["commune", "administrative"]);
    const division = await createChildAgency(database.db, admin, { parentId: tree.D1!.id, code: "D1-TP", name: "Phòng Tư pháp", level: "department", tier: "", kind: "" });
    expect([division.tier, division.kind]).toEqual(["district", "department"]);
    const centre = await createChildAgency(database.db, admin, { parentId: tree.D1!.id, code: "D1-MC", name: "Bộ phận Một cửa", level: "Bộ phận một cửa", kind: "one_stop" });
    expect([centre.tier, centre.kind]).toEqual(["district", "one_stop"]);
    const moved = await updateAgency(database.db, admin, { agencyId: division.id, name: division.name, level: "department", tier: "province", kind: "department" });
    expect([moved.tier, moved.kind]).toEqual(["province", "department"]);
    expect(await failure(updateAgency(database.db, admin, { agencyId: division.id, name: division.name, level: "department", tier: "hamlet" as never }))).toBe("invalid");
    expect(await failure(createChildAgency(database.db, admin, { parentId: tree.D1!.id, code: "D1-X", name: "X", level: "commune", kind: "club" }))).toBe("invalid");
  });

  it("moves a subtree and rewrites every path below it in one go", async () => {
    const { moved } = await moveAgency(database.db, admin, { agencyId: tree.C1!.id, newParentId: tree.D2!.id });
    expect(moved).toBe(2);
    expect(await pathOf(tree.C1!.id)).toEqual({ path: `${tree.D2!.path}${tree.C1!.id}/`, parentId: tree.D2!.id });
    expect((await pathOf(tree.C1a!.id)).path).toBe(`${tree.D2!.path}${tree.C1!.id}/${tree.C1a!.id}/`);
    expect((await pathOf(tree.C1a!.id)).parentId).toBe(tree.C1!.id);
    const [audit] = await database.db.select().from(auditLog).where(eq(auditLog.action, "agency.moved"));
    expect(audit!.data).toMatchObject({ fromParentId: tree.D1!.id, toParentId: tree.D2!.id, subtreeSize: 2 });
    // And back again.
    await moveAgency(database.db, admin, { agencyId: tree.C1!.id, newParentId: tree.D1!.id });
    expect((await pathOf(tree.C1a!.id)).path).toBe(`${tree.D1!.path}${tree.C1!.id}/${tree.C1a!.id}/`);
  });

  it("refuses to move an agency under its own descendant, its own root, or out of scope", async () => {
    expect(await failure(moveAgency(database.db, admin, { agencyId: tree.D1!.id, newParentId: tree.C1a!.id }))).toBe("invalid:move_into_own_subtree");
    expect(await failure(moveAgency(database.db, admin, { agencyId: tree.D1!.id, newParentId: tree.D1!.id }))).toBe("invalid:move_into_own_subtree");
    expect(await failure(moveAgency(database.db, admin, { agencyId: tree.P!.id, newParentId: tree.D1!.id }))).toBe("forbidden:move_root");
    expect(await failure(moveAgency(database.db, districtAdmin, { agencyId: tree.C1!.id, newParentId: tree.D2!.id }))).toBe("not_found");
    expect((await pathOf(tree.C1!.id)).path).toBe(`${tree.D1!.path}${tree.C1!.id}/`);
  });

  it("deactivates only a leaf-most active agency, never its own, and never twice", async () => {
    expect(await failure(setAgencyActive(database.db, admin, { agencyId: tree.C1!.id, active: false }))).toBe("conflict:has_active_children");
    await setAgencyActive(database.db, admin, { agencyId: tree.C1a!.id, active: false });
    expect(await failure(setAgencyActive(database.db, admin, { agencyId: tree.C1a!.id, active: false }))).toBe("conflict:already_done");
    expect(await failure(setAgencyActive(database.db, districtAdmin, { agencyId: tree.D1!.id, active: false }))).toBe("forbidden:deactivate_own_agency");
    await setAgencyActive(database.db, admin, { agencyId: tree.C1a!.id, active: true });
    expect(await auditCount("agency.deactivated")).toBe(1);
    expect(await auditCount("agency.reactivated")).toBe(1);
  });
});

describe("desks and standing codes", () => {
  it("creates, renames and deactivates a desk; standing codes are random and scoped", async () => {
    const desk = await createDesk(database.db, districtAdmin, { agencyId: tree.C1!.id, code: "Q1", name: "Quầy 1" });
    expect(await failure(createDesk(database.db, districtAdmin, { agencyId: tree.C1!.id, code: "Q1", name: "Again" }))).toBe("conflict:code_taken");
    expect(await failure(createDesk(database.db, districtAdmin, { agencyId: tree.C2!.id, code: "Q1", name: "Other" }))).toBe("not_found");
    await renameDesk(database.db, districtAdmin, { deskId: desk.id, name: "Quầy số 1" });
    const a = await createStandingCode(database.db, districtAdmin, { agencyId: tree.C1!.id, deskId: String(desk.id), label: "Áp phích sảnh" });
    const b = await createStandingCode(database.db, districtAdmin, { agencyId: tree.C1!.id, deskId: "", label: "Cổng" });
    expect(a.code).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(a.code).not.toBe(b.code);
    expect(await failure(createStandingCode(database.db, admin, { agencyId: tree.C2!.id, deskId: String(desk.id), label: "X" }))).toBe("invalid:desk_not_in_agency");
    expect(await failure(deactivateStandingCode(database.db, await staffAt(tree.D2!.id, "admin", "admin.d2"), { codeId: a.id }))).toBe("not_found");
    await deactivateStandingCode(database.db, districtAdmin, { codeId: a.id });
    expect(await failure(deactivateStandingCode(database.db, districtAdmin, { codeId: a.id }))).toBe("conflict:already_done");
    await setDeskActive(database.db, districtAdmin, { deskId: desk.id, active: false });
    expect(await auditCount("desk.created")).toBe(1);
    expect(await auditCount("desk.renamed")).toBe(1);
    expect(await auditCount("standing_code.created")).toBe(2);
    expect(await auditCount("standing_code.deactivated")).toBe(1);
    expect(await auditCount("desk.deactivated")).toBe(1);
    await setDeskActive(database.db, districtAdmin, { deskId: desk.id, active: true });
  });
});

describe("procedures", () => {
  it("creates, edits, links and unlinks within scope", async () => {
    const p = await createProcedure(database.db, admin, { code: "1.001193", name: "Đăng ký khai sinh", field: "Hộ tịch" });
    expect(await failure(createProcedure(database.db, admin, { code: "1.001193", name: "Again", field: "Hộ tịch" }))).toBe("conflict:code_taken");
    // The catalogue is installation-wide: a district administrator may link, not edit it.
    expect(await failure(createProcedure(database.db, districtAdmin, { code: "9.9", name: "X", field: "Y" }))).toBe("forbidden");
    const edited = await updateProcedure(database.db, admin, { procedureId: p.id, code: "1.001193", name: "Đăng ký khai sinh (sửa)", field: "Hộ tịch" });
    expect(edited.name).toBe("Đăng ký khai sinh (sửa)");
    await linkProcedure(database.db, districtAdmin, { agencyId: tree.C1!.id, procedureId: p.id });
    expect(await failure(linkProcedure(database.db, districtAdmin, { agencyId: tree.C1!.id, procedureId: p.id }))).toBe("conflict:already_linked");
    expect(await failure(linkProcedure(database.db, districtAdmin, { agencyId: tree.C2!.id, procedureId: p.id }))).toBe("not_found");
    await unlinkProcedure(database.db, districtAdmin, { agencyId: tree.C1!.id, procedureId: p.id });
    expect(await failure(unlinkProcedure(database.db, districtAdmin, { agencyId: tree.C1!.id, procedureId: p.id }))).toBe("conflict:not_linked");
    expect(await auditCount("procedure.linked")).toBe(1);
    expect(await auditCount("procedure.unlinked")).toBe(1);
  });

  it("imports a catalogue all or nothing, reporting every bad row with its line", async () => {
    const before = await database.db.select({ n: sql<number>`count(*)::int` }).from(procedures);
    const bad = [
      "Mã thủ tục;Tên thủ tục;Lĩnh vực",
      "2.000635;Cấp bản sao trích lục hộ tịch;Hộ tịch",
      ";Không có mã;Hộ tịch",
      "2.000635;Trùng mã;Hộ tịch",
      "3.1;;Đất đai",
      "bad code!;Tên;Đất đai",
    ].join("\r\n");
    let errors: CatalogueImportError["errors"] = [];
    try {
      await importCatalogue(database.db, admin, { content: bad });
    } catch (err) {
      if (!(err instanceof CatalogueImportError)) throw err;
      errors = err.errors;
    }
    expect(errors).toEqual([
      { line: 3, reason: "missing", column: "code" },
      { line: 4, reason: "duplicate_code", column: "code", value: "2.000635" },
      { line: 5, reason: "missing", column: "name" },
      { line: 6, reason: "invalid_code", column: "code", value: "bad code!" },
    ]);
    expect(await database.db.select({ n: sql<number>`count(*)::int` }).from(procedures)).toEqual(before);
    expect(await auditCount("procedure.imported")).toBe(0);

    const good = ['\uFEFFcode,name,field', '1.001193,"Đăng ký khai sinh, có yếu tố ""mới""",Hộ tịch', "2.000635,Cấp bản sao trích lục hộ tịch,Hộ tịch", "1.004227,Giao đất,Đất đai"].join("\n");
    const result = await importCatalogue(database.db, admin, { content: good, agencyId: tree.C1!.id });
    expect(result).toEqual({ created: 2, updated: 1, unchanged: 0, linked: 3 });
    const [row] = await database.db.select().from(procedures).where(eq(procedures.code, "1.001193"));
    expect(row!.name).toBe('Đăng ký khai sinh, có yếu tố "mới"');
    const links = await database.db.select().from(agencyProcedures).where(eq(agencyProcedures.agencyId, tree.C1!.id));
    expect(links).toHaveLength(3);
    // Importing the same file again changes nothing.
    expect(await importCatalogue(database.db, admin, { content: good })).toEqual({ created: 0, updated: 0, unchanged: 3, linked: 0 });
    expect(await auditCount("procedure.imported")).toBe(2);
  });

  it("rejects a file without the expected header", async () => {
    await expect(importCatalogue(database.db, admin, { content: "a,b,c\n1,2,3" })).rejects.toMatchObject({ errors: [{ line: 1, reason: "missing_header" }] });
    await expect(importCatalogue(database.db, admin, { content: "" })).rejects.toMatchObject({ errors: [{ line: 0, reason: "empty_file" }] });
  });
});

describe("accounts", () => {
  it("creates an account in scope with a hashed password, and refuses outside the subtree", async () => {
    const created = await createAccount(database.db, districtAdmin, { username: "CanBo.Moi", name: "Cán bộ mới", role: "officer", agencyId: tree.C1!.id, password: "mat-khau-1" });
    expect(created.username).toBe("canbo.moi");
    const [row] = await database.db.select().from(staffAccounts).where(eq(staffAccounts.id, created.id));
    expect(await verifyPassword("mat-khau-1", row!.passwordHash)).toBe(true);
    expect(await failure(createAccount(database.db, districtAdmin, { username: "x.out", name: "X", role: "admin", agencyId: tree.P!.id, password: "12345678" }))).toBe("forbidden:agency_out_of_scope");
    expect(await failure(createAccount(database.db, districtAdmin, { username: "canbo.moi", name: "X", role: "officer", agencyId: tree.C1!.id, password: "12345678" }))).toBe("conflict:username_taken");
    expect(await failure(createAccount(database.db, districtAdmin, { username: "k1", name: "X", role: "kiosk", agencyId: tree.C1!.id, password: "12345678" }))).toBe("invalid");
    expect(await failure(createAccount(database.db, districtAdmin, { username: "kiosk.1", name: "X", role: "kiosk", agencyId: tree.C1!.id, password: "12345678" }))).toBe("invalid:kiosk_needs_desk");
    expect(await failure(createAccount(database.db, districtAdmin, { username: "short.pw", name: "X", role: "officer", agencyId: tree.C1!.id, password: "1234" }))).toBe("invalid");
    expect(await failure(createAccount(database.db, leader, { username: "by.leader", name: "X", role: "officer", agencyId: tree.C1!.id, password: "12345678" }))).toBe("forbidden");
    expect(await auditCount("account.created")).toBe(1);
    const [audit] = await database.db.select().from(auditLog).where(eq(auditLog.action, "account.created"));
    expect(JSON.stringify(audit!.data)).not.toContain("mat-khau-1");
  });

  it("changes role and agency, resets a password, deactivates; an admin cannot lock themselves out", async () => {
    const { id } = await createAccount(database.db, admin, { username: "lanhdao.c1", name: "Lãnh đạo", role: "officer", agencyId: tree.C1!.id, password: "12345678" });
    await changeAccount(database.db, admin, { accountId: id, name: "Lãnh đạo xã", role: "leader", agencyId: tree.C2!.id, deskId: "" });
    expect(await getStaffById(database.db, { staffId: id })).toMatchObject({ role: "leader", agencyId: tree.C2!.id });
    // Now outside the district administrator's subtree: invisible to them.
    expect(await failure(resetPassword(database.db, districtAdmin, { accountId: id, password: "abcdefgh" }))).toBe("not_found");
    await resetPassword(database.db, admin, { accountId: id, password: "abcdefgh" });
    const [row] = await database.db.select().from(staffAccounts).where(eq(staffAccounts.id, id));
    expect(await verifyPassword("abcdefgh", row!.passwordHash)).toBe(true);
    await setAccountActive(database.db, admin, { accountId: id, active: false });
    expect(await getStaffById(database.db, { staffId: id })).toBeNull();

    expect(await failure(changeAccount(database.db, admin, { accountId: admin.id, name: "Me", role: "leader", agencyId: tree.P!.id }))).toBe("forbidden:self_lockout");
    expect(await failure(changeAccount(database.db, admin, { accountId: admin.id, name: "Me", role: "admin", agencyId: tree.D1!.id }))).toBe("forbidden:self_lockout");
    expect(await failure(setAccountActive(database.db, admin, { accountId: admin.id, active: false }))).toBe("forbidden:self_lockout");
    // A district administrator cannot lift someone (or themselves) to the province.
    expect(await failure(changeAccount(database.db, districtAdmin, { accountId: id, name: "X", role: "admin", agencyId: tree.P!.id }))).toBe("not_found");
    await changeAccount(database.db, admin, { accountId: admin.id, name: "Quản trị tỉnh", role: "admin", agencyId: tree.P!.id });
    expect(await auditCount("account.changed")).toBe(2);
    expect(await auditCount("account.password_reset")).toBe(1);
    expect(await auditCount("account.deactivated")).toBe(1);
  });
});

describe("questionnaire versions", () => {
  it("creates a draft copy, edits it, publishes it and retires the old one", async () => {
    const [current] = await database.db.select().from(questionnaireVersions).where(eq(questionnaireVersions.id, versionId));
    const draft = await createDraftVersion(database.db, admin, { questionnaireId: current!.questionnaireId });
    expect(draft.version).toBe(current!.version + 1);
    expect(await failure(createDraftVersion(database.db, admin, { questionnaireId: current!.questionnaireId }))).toBe("conflict:draft_exists");
    expect(await failure(createDraftVersion(database.db, districtAdmin, { questionnaireId: current!.questionnaireId }))).toBe("forbidden");
    const copied = await database.db.select().from(questions).where(eq(questions.versionId, draft.versionId));
    const original = await database.db.select().from(questions).where(eq(questions.versionId, versionId));
    expect(copied.map((q) => q.key).sort()).toEqual(original.map((q) => q.key).sort());

    const s5 = copied.find((q) => q.key === "S5")!;
    await updateDraftQuestion(database.db, admin, { questionId: s5.id, textVi: "Câu hỏi mới về phản ánh?", textEn: "New feedback question?", required: "", allowNotApplicable: "on" });
    const e = copied.find((q) => q.kind === "multi")!;
    await updateDraftQuestion(database.db, admin, { questionId: e.id, textVi: e.textVi, textEn: e.textEn, required: "", allowNotApplicable: "", options: "faster | Nhanh hơn | Faster\nonline | Trực tuyến | Online" });
    expect(await failure(updateDraftQuestion(database.db, admin, { questionId: e.id, textVi: "x", textEn: "x", options: "a | b" }))).toBe("invalid:options_line");
    const [s5After] = await database.db.select().from(questions).where(eq(questions.id, s5.id));
    expect(s5After).toMatchObject({ textVi: "Câu hỏi mới về phản ánh?", required: false, allowNotApplicable: true });

    // The published version is read-only here.
    const s1Old = original.find((q) => q.key === "S1")!;
    expect(await failure(updateDraftQuestion(database.db, admin, { questionId: s1Old.id, textVi: "x", textEn: "x" }))).toBe("conflict:version_frozen");

    await publishVersion(database.db, admin, { versionId: draft.versionId });
    const statuses = await database.db.select({ id: questionnaireVersions.id, status: questionnaireVersions.status }).from(questionnaireVersions);
    expect(statuses.find((v) => v.id === versionId)!.status).toBe("retired");
    expect(statuses.find((v) => v.id === draft.versionId)!.status).toBe("published");
    expect(await failure(publishVersion(database.db, admin, { versionId: draft.versionId }))).toBe("conflict:not_a_draft");
    expect(await failure(updateDraftQuestion(database.db, admin, { questionId: s5.id, textVi: "x", textEn: "x" }))).toBe("conflict:version_frozen");
    expect(await auditCount("questionnaire.published")).toBe(1);
    expect(await auditCount("questionnaire.question_changed")).toBe(2);
  });

  it("keeps a version with responses frozen, also in the database", async () => {
    const [current] = await database.db.select().from(questionnaireVersions).where(eq(questionnaireVersions.status, "published"));
    await insertResponses(database.db, { agencyId: tree.C1!.id, versionId: current!.id, submittedAt: new Date(), sheets: [{ answers: uniformSheet(5) }] });
    const draft = await createDraftVersion(database.db, admin, { questionnaireId: current!.questionnaireId });
    const [q] = await database.db.select().from(questions).where(eq(questions.versionId, current!.id)).limit(1);
    await expect(database.db.update(questions).set({ textVi: "đổi" }).where(eq(questions.id, q!.id))).rejects.toThrow();
    await discardDraft(database.db, admin, { versionId: draft.versionId });
    expect(await database.db.select().from(questionnaireVersions).where(eq(questionnaireVersions.id, draft.versionId))).toHaveLength(0);
  });
});

describe("settings and audit", () => {
  it("stores bands highest first, an empty list as none, and the general settings, each audited", async () => {
    const bands = await saveBands(database.db, admin, {
      rows: [
        { label: "Khá", labelEn: "Fair", min: "80" },
        { label: "", labelEn: "", min: "" },
        { label: "Tốt", labelEn: "Good", min: "90,5" },
      ],
    });
    expect(bands).toEqual([
      { label: "Tốt", labelEn: "Good", min: 90.5 },
      { label: "Khá", labelEn: "Fair", min: 80 },
    ]);
    expect(await getSetting(database.db, "figures.bands")).toEqual(bands);
    expect(await failure(saveBands(database.db, admin, { rows: [{ label: "A", labelEn: "", min: "101" }] }))).toBe("invalid:band_min");
    expect(await failure(saveBands(database.db, admin, { rows: [{ label: "A", labelEn: "", min: "80" }, { label: "B", labelEn: "", min: "80" }] }))).toBe("invalid:band_duplicate");
    expect(await failure(saveBands(database.db, districtAdmin, { rows: [] }))).toBe("forbidden");
    await saveBands(database.db, admin, { rows: [] });
    expect(await getSetting(database.db, "figures.bands")).toEqual([]);

    await saveGeneralSettings(database.db, admin, { includeUnverified: "on", ttlDays: "14" });
    expect(await getSetting(database.db, "figures.includeUnverified")).toBe(true);
    expect(await getSetting(database.db, "invitations.ttlDays")).toBe(14);
    expect(await failure(saveGeneralSettings(database.db, admin, { includeUnverified: "", ttlDays: "0" }))).toBe("invalid");
    expect(await getSetting(database.db, "invitations.ttlDays")).toBe(14);
  });

  it("lists the audit log newest first, filtered, for a root administrator only", async () => {
    const all = await readAudit(database.db, admin, {});
    expect(all.entries.length).toBeGreaterThan(10);
    const ids = all.entries.map((e) => e.id);
    expect([...ids].sort((a, b) => b - a)).toEqual(ids);
    const settingsOnly = await readAudit(database.db, admin, { entity: "setting" });
    expect(settingsOnly.entries.every((e) => e.entity === "setting")).toBe(true);
    expect(settingsOnly.entries[0]).toMatchObject({ actorUsername: "admin.p", action: "setting.changed" });
    const moves = await readAudit(database.db, admin, { action: "agency.moved", actor: "admin.p" });
    expect(moves.entries).toHaveLength(2);
    expect((await readAudit(database.db, admin, { action: "agency.", actor: "admin.d1" })).entries.map((e) => e.action)).toEqual(["agency.created"]);
    expect(await failure(readAudit(database.db, districtAdmin, {}))).toBe("forbidden");
    expect(await failure(readAudit(database.db, leader, {}))).toBe("forbidden");
  });
});

describe("headline targets", () => {
  it("sets a target with a decimal comma, which the units below inherit until they set their own, audited and removable", async () => {
    const db = database.db;
    const base = await createSurveyBase(db);
    const district = await createAgency(db, { code: "T-D", name: "T-D", level: "district", parentId: tree.P!.id });
    const target = { "T-D": district, "T-C": await createAgency(db, { code: "T-C", name: "T-C", level: "commune", parentId: district.id }) } as Record<string, Agency>;
    // 2023 reporting year: 10 sheets all 5 at the commune, 100 %.
    await insertResponses(db, { ...base, agencyId: target["T-C"]!.id, submittedAt: new Date("2023-06-15T10:00:00+07:00"), sheets: [{ answers: uniformSheet(5), count: 10 }] });
    const year = reportingYearPeriod(2023);
    const overviewOf = async (code: string) =>
      (await agencyOverview(db, { agencyId: target[code]!.id, scopePath: "/", period: year, settings: { includeUnverified: false, bands: [] } }))!.target;

    expect(await overviewOf("T-C")).toBeNull();
    expect(await setAgencyTarget(db, admin, { agencyId: target["T-D"]!.id, reportingYear: "2023", target: "92,5 %" })).toEqual({ value: 92.5 });
    expect(await overviewOf("T-C")).toEqual({ value: 92.5, agencyId: target["T-D"]!.id, agencyName: "T-D", reportingYear: 2023, gap: 7.5 });
    await setAgencyTarget(db, admin, { agencyId: target["T-C"]!.id, reportingYear: "2023", target: "100" });
    expect(await overviewOf("T-C")).toMatchObject({ value: 100, agencyId: target["T-C"]!.id, gap: 0 });
    // Another year's target is not this year's.
    await setAgencyTarget(db, admin, { agencyId: target["T-C"]!.id, reportingYear: "2024", target: "50" });
    expect(await overviewOf("T-C")).toMatchObject({ value: 100 });
    // Empty removes the unit's own: the district's applies again.
    expect(await setAgencyTarget(db, admin, { agencyId: target["T-C"]!.id, reportingYear: "2023", target: "" })).toEqual({ value: null });
    expect(await overviewOf("T-C")).toMatchObject({ value: 92.5, agencyId: target["T-D"]!.id });
    expect(await auditCount("agency.target_set")).toBe(4);

    expect(await failure(setAgencyTarget(db, admin, { agencyId: target["T-C"]!.id, reportingYear: "2023", target: "101" }))).toBe("invalid");
    expect(await failure(setAgencyTarget(db, admin, { agencyId: target["T-C"]!.id, reportingYear: "2023", target: "9x" }))).toBe("invalid");
    expect(await failure(setAgencyTarget(db, admin, { agencyId: target["T-C"]!.id, reportingYear: "1999", target: "90" }))).toBe("invalid");
    expect(await failure(setAgencyTarget(db, districtAdmin, { agencyId: target["T-C"]!.id, reportingYear: "2023", target: "90" }))).toBe("not_found");
    expect(await failure(setAgencyTarget(db, leader, { agencyId: target["T-C"]!.id, reportingYear: "2023", target: "90" }))).toBe("forbidden");
    expect(await auditCount("agency.target_set")).toBe(4);
  });
});
