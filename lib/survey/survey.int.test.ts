import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rows, type Database } from "@/db/client";
import { agencyProcedures, answers, auditLog, desks, invitations, questionnaireVersions, responseExpectations, responses, staffAccounts } from "@/db/schema";
import type { StaffUser } from "@/lib/auth/accounts";
import { getStaffById } from "@/lib/auth/accounts";
import { setSetting } from "@/lib/settings";
import { createAgencyTree, createSurveyBase } from "@/tests/helpers/fixtures";
import { createTestDatabase } from "@/tests/helpers/test-db";
import { completeAndIssue, issueForDossier } from "./desk";
import { issueInvitation, revokeInvitation } from "./issue";
import { loadSurvey, responseCountForInvitation, submitResponse } from "./respond";
import { hashToken, invitationToken } from "./token";

const SECRET = "test-secret-for-invitation-tokens";
const FULL = { S1: "5", S2: "4", S3: "5", S4: "3", S5: "na", S0: "4", E: ["faster", "online"], C: "Cán bộ nhiệt tình." };

let database: Database;
let versionId: number;
let procedureId: number;
let officer: StaffUser;
let otherOfficer: StaffUser;
let leader: StaffUser;
let communeA: number;
let deskA: number;
let code = 0;

async function staffAt(agencyId: number, role: "officer" | "leader", username: string) {
  const [row] = await database.db
    .insert(staffAccounts)
    .values({ username, name: username, passwordHash: "x", role, agencyId })
    .returning({ id: staffAccounts.id });
  return (await getStaffById(database.db, { staffId: row!.id }))!;
}

async function issueNew(now = new Date()) {
  code += 1;
  const issued = await completeAndIssue(database.db, officer, { code: `HS-${code}`, procedureId: String(procedureId), deskId: String(deskA) }, now);
  return { ...issued, token: invitationToken(SECRET, issued.invitation.id) };
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
    { code: "B", level: "commune", parent: "D" },
  ]);
  communeA = tree.A!.id;
  await database.db.insert(agencyProcedures).values([
    { agencyId: tree.A!.id, procedureId },
    { agencyId: tree.B!.id, procedureId },
  ]);
  const [desk] = await database.db.insert(desks).values({ agencyId: communeA, code: "Q1", name: "Quầy 1" }).returning();
  deskA = desk!.id;
  officer = await staffAt(communeA, "officer", "officer.a");
  otherOfficer = await staffAt(tree.B!.id, "officer", "officer.b");
  leader = await staffAt(tree.D!.id, "leader", "leader.d");
});

afterAll(async () => {
  await database?.close();
});

describe("issuing", () => {
  it("records the dossier, issues one invitation with a hashed token, and audits both", async () => {
    const issued = await issueNew();
    expect(issued.reused).toBe(false);
    const [row] = await database.db.select().from(invitations).where(eq(invitations.id, issued.invitation.id));
    expect(row!.tokenHash).toBe(hashToken(issued.token));
    expect(row!.tokenHash).not.toContain(issued.token);
    expect(row!.channel).toBe("receipt_qr");
    expect(row!.expiresAt.getTime() - row!.issuedAt.getTime()).toBe(30 * 24 * 3600 * 1000);
    const audit = await database.db.select().from(auditLog).where(eq(auditLog.entityId, issued.invitation.id));
    expect(audit.map((a) => a.action)).toEqual(["invitation.issued"]);
  });

  it("gives links the lifetime an administrator set", async () => {
    await setSetting(database.db, "invitations.ttlDays", 7, { id: null });
    try {
      const issued = await issueNew();
      expect(issued.invitation.expiresAt.getTime() - issued.invitation.issuedAt.getTime()).toBe(7 * 24 * 3600 * 1000);
    } finally {
      await setSetting(database.db, "invitations.ttlDays", 30, { id: null });
    }
  });

  it("shows the same invitation when the same dossier is issued again", async () => {
    const first = await issueNew();
    const again = await completeAndIssue(database.db, officer, { code: `HS-${code}`, procedureId: String(procedureId) });
    expect(again.reused).toBe(true);
    expect(again.invitation.id).toBe(first.invitation.id);
    const n = await database.db.select({ n: sql<number>`count(*)::int` }).from(invitations).where(eq(invitations.dossierId, first.invitation.dossierId!));
    expect(n[0]!.n).toBe(1);
  });

  it("issues a new token only after the live one is revoked", async () => {
    const first = await issueNew();
    await revokeInvitation(database.db, { scopePath: officer.scopePath, invitationId: first.invitation.id, actor: { kind: "staff", id: officer.id } });
    const second = await issueForDossier(database.db, officer, first.invitation.dossierId!);
    expect(second.reused).toBe(false);
    expect(second.invitation.id).not.toBe(first.invitation.id);
    expect((await loadSurvey(database.db, { token: first.token })).state).toBe("revoked");
  });

  it("refuses a dossier of another agency's subtree and a procedure the agency does not handle", async () => {
    const issued = await issueNew();
    await expect(issueForDossier(database.db, otherOfficer, issued.invitation.dossierId!)).rejects.toMatchObject({ kind: "not_found" });
    await expect(completeAndIssue(database.db, officer, { code: "X-1", procedureId: "999999" })).rejects.toMatchObject({ kind: "invalid" });
    await expect(completeAndIssue(database.db, leader, { code: "X-2", procedureId: String(procedureId) })).rejects.toMatchObject({ kind: "forbidden" });
    await expect(completeAndIssue(database.db, officer, { code: "   ", procedureId: String(procedureId) })).rejects.toMatchObject({ kind: "invalid" });
  });
});

describe("answering", () => {
  it("stores the answers once, with agency, procedure, officer and desk taken from the dossier", async () => {
    const { token, invitation } = await issueNew();
    expect((await loadSurvey(database.db, { token })).state).toBe("open");
    const todaysCounters = async () => {
      const [day] = await rows<Record<"responses" | "access5" | "procedure4" | "officials5" | "result3" | "overall4", number>>(
        database.db,
        sql`select coalesce(sum(responses), 0)::int as responses, coalesce(sum(access5), 0)::int as access5, coalesce(sum(procedure4), 0)::int as procedure4,
                   coalesce(sum(officials5), 0)::int as officials5, coalesce(sum(result3), 0)::int as result3, coalesce(sum(overall4), 0)::int as overall4
            from agency_day_answers where agency_id = ${communeA} and verified and day = hl_vietnam_day(now())`,
      );
      return day!;
    };
    const countersBefore = await todaysCounters();
    const result = await submitResponse(database.db, { token, versionId, values: FULL, locale: "vi" });
    expect(result.outcome).toBe("saved");
    const [response] = await database.db.select().from(responses).where(eq(responses.invitationId, invitation.id));
    expect(response).toMatchObject({ agencyId: communeA, procedureId, officerId: officer.id, deskId: deskA, verified: true, channel: "receipt_qr", comment: "Cán bộ nhiệt tình." });
    const stored = await database.db.select().from(answers).where(eq(answers.responseId, response!.id));
    // S5 "not applicable" is stored as no answer.
    expect(Object.fromEntries(stored.map((a) => [a.questionKey, a.value]))).toEqual({ S1: 5, S2: 4, S3: 5, S4: 3, S0: 4 });
    expect(stored.find((a) => a.questionKey === "S3")!.element).toBe("officials");
    const ticks = await database.db.select().from(responseExpectations).where(eq(responseExpectations.responseId, response!.id));
    expect(ticks.map((t) => t.optionKey).sort()).toEqual(["faster", "online"]);
    // The leaders' counters (decision 006) took the sheet in the same statement, answers included.
    expect(await todaysCounters()).toEqual({
      responses: countersBefore.responses + 1,
      access5: countersBefore.access5 + 1,
      procedure4: countersBefore.procedure4 + 1,
      officials5: countersBefore.officials5 + 1,
      result3: countersBefore.result3 + 1,
      overall4: countersBefore.overall4 + 1,
    });
    expect((await loadSurvey(database.db, { token })).state).toBe("answered");
    expect(await submitResponse(database.db, { token, versionId, values: FULL, locale: "vi" })).toEqual({ outcome: "answered" });
  });

  it("copies the dossier's timeliness onto the answer, into the breakdown counters with its desk and officer", async () => {
    const { token, invitation } = await issueNew();
    // Completed a day after it was due: a late dossier.
    await database.db.execute(sql`update dossiers set due_at = completed_at - interval '1 day' where id = ${invitation.dossierId}`);
    const marginals = () =>
      rows<{ dimension: string; key: string; responses: number; result3: number }>(
        database.db,
        sql`select dimension, key, sum(responses)::int as responses, sum(result3)::int as result3 from agency_month_marginals
            where agency_id = ${communeA} group by dimension, key order by dimension, key`,
      );
    const before = new Map((await marginals()).map((m) => [`${m.dimension}:${m.key}`, m]));
    expect((await submitResponse(database.db, { token, versionId, values: FULL, locale: "vi" })).outcome).toBe("saved");
    const [response] = await database.db.select().from(responses).where(eq(responses.invitationId, invitation.id));
    expect(response!.timeliness).toBe(2);
    // Counted once in each dimension of the breakdown counters, late in the timeliness one.
    const added = (await marginals())
      .map((m) => ({ ...m, responses: m.responses - (before.get(`${m.dimension}:${m.key}`)?.responses ?? 0), result3: m.result3 - (before.get(`${m.dimension}:${m.key}`)?.result3 ?? 0) }))
      .filter((m) => m.responses !== 0 || m.result3 !== 0);
    expect(added).toEqual([
      { dimension: "channel", key: response!.channel, responses: 1, result3: 1 },
      { dimension: "desk", key: String(deskA), responses: 1, result3: 1 },
      { dimension: "officer", key: String(officer.id), responses: 1, result3: 1 },
      { dimension: "procedure", key: String(procedureId), responses: 1, result3: 1 },
      { dimension: "timeliness", key: "2", responses: 1, result3: 1 },
    ]);
    // A dossier without a due time gives "unknown", not "on time".
    const other = await issueNew();
    expect((await submitResponse(database.db, { token: other.token, versionId, values: FULL, locale: "vi" })).outcome).toBe("saved");
    const [second] = await database.db.select().from(responses).where(eq(responses.invitationId, other.invitation.id));
    expect(second!.timeliness).toBe(0);
  });

  it("refuses answers to a version withdrawn after they were checked, and leaves the link open", async () => {
    const { token, invitation } = await issueNew();
    // The answers are checked against the version kept in memory; the storing statement finds it withdrawn.
    await database.db.update(questionnaireVersions).set({ status: "retired" }).where(eq(questionnaireVersions.id, versionId));
    try {
      expect(await submitResponse(database.db, { token, versionId, values: FULL, locale: "vi" })).toEqual({ outcome: "stale_version" });
    } finally {
      await database.db.update(questionnaireVersions).set({ status: "published" }).where(eq(questionnaireVersions.id, versionId));
    }
    expect((await loadSurvey(database.db, { token })).state).toBe("open");
    expect(await responseCountForInvitation(database.db, { invitationId: invitation.id })).toBe(0);
  });

  it("of many concurrent submissions of one token, stores exactly one", async () => {
    const { token, invitation } = await issueNew();
    const results = await Promise.all(
      Array.from({ length: 50 }, () => submitResponse(database.db, { token, versionId, values: FULL, locale: "vi" })),
    );
    expect(results.filter((r) => r.outcome === "saved")).toHaveLength(1);
    expect(results.filter((r) => r.outcome === "answered")).toHaveLength(49);
    const n = await database.db.select({ n: sql<number>`count(*)::int` }).from(responses).where(eq(responses.invitationId, invitation.id));
    expect(n[0]!.n).toBe(1);
  });

  it("rejects bad input, naming the question, and writes nothing", async () => {
    const { token, invitation } = await issueNew();
    const count = async () =>
      (await database.db.select({ n: sql<number>`count(*)::int` }).from(responses))[0]!.n;
    const before = await count();
    const cases: [Record<string, string | string[]>, string, string][] = [
      [{ ...FULL, S1: "" }, "S1", "required"],
      [{ ...FULL, S2: "6" }, "S2", "invalid_choice"],
      [{ ...FULL, S3: "na" }, "S3", "invalid_choice"],
      [{ ...FULL, S4: ["4", "5"] }, "S4", "invalid_choice"],
      [{ ...FULL, E: ["faster", "bribes"] }, "E", "invalid_choice"],
      [{ ...FULL, C: "x".repeat(2001) }, "C", "too_long"],
      [{ ...FULL, S9: "5" }, "S9", "unknown_question"],
    ];
    for (const [values, key, error] of cases) {
      const result = await submitResponse(database.db, { token, versionId, values, locale: "vi" });
      expect(result).toMatchObject({ outcome: "invalid", errors: { [key]: error } });
    }
    expect(await submitResponse(database.db, { token, versionId: versionId + 1000, values: FULL, locale: "vi" })).toEqual({ outcome: "stale_version" });
    expect(await count()).toBe(before);
    expect((await loadSurvey(database.db, { token })).state).toBe("open");
    const [row] = await database.db.select().from(invitations).where(eq(invitations.id, invitation.id));
    expect(row!.usedAt).toBeNull();
  });

  it("answers expired, revoked and unknown tokens without storing anything", async () => {
    const past = new Date(Date.now() - 31 * 24 * 3600 * 1000);
    const expired = await issueNew(past);
    expect((await loadSurvey(database.db, { token: expired.token })).state).toBe("expired");
    expect(await submitResponse(database.db, { token: expired.token, versionId, values: FULL, locale: "vi" })).toEqual({ outcome: "expired" });

    const revoked = await issueNew();
    await revokeInvitation(database.db, { scopePath: officer.scopePath, invitationId: revoked.invitation.id, actor: { kind: "staff", id: officer.id } });
    expect(await submitResponse(database.db, { token: revoked.token, versionId, values: FULL, locale: "vi" })).toEqual({ outcome: "revoked" });

    expect(await submitResponse(database.db, { token: "A".repeat(22), versionId, values: FULL, locale: "vi" })).toEqual({ outcome: "not_found" });
    expect(await submitResponse(database.db, { token: "../../etc", versionId, values: FULL, locale: "vi" })).toEqual({ outcome: "not_found" });
    expect((await loadSurvey(database.db, { token: "short" })).state).toBe("not_found");
    const stored = await database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(responses)
      .where(sql`${responses.invitationId} in (${expired.invitation.id}, ${revoked.invitation.id})`);
    expect(stored[0]!.n).toBe(0);
  });

  it("keeps a questionnaire version with responses immutable", async () => {
    const { token } = await issueNew();
    await submitResponse(database.db, { token, versionId, values: FULL, locale: "en" });
    await expect(database.db.execute(sql`update questions set text_vi = 'đổi' where version_id = ${versionId}`)).rejects.toThrow();
  });

  it("issues again for a concurrent pair of desks without a second live invitation", async () => {
    code += 1;
    const { dossierId } = await import("./issue").then((m) =>
      m.recordCompletedDossier(database.db, {
        scopePath: officer.scopePath,
        agencyId: communeA,
        procedureId,
        code: `HS-${code}`,
        completedAt: new Date(),
        source: "desk",
        actor: { kind: "staff", id: officer.id },
      }),
    );
    const both = await Promise.all([
      issueInvitation(database.db, { scopePath: officer.scopePath, dossierId, channel: "desk_screen", actor: { kind: "staff", id: officer.id }, secret: SECRET }),
      issueInvitation(database.db, { scopePath: officer.scopePath, dossierId, channel: "desk_screen", actor: { kind: "staff", id: officer.id }, secret: SECRET }),
    ]);
    expect(both[0].invitation.id).toBe(both[1].invitation.id);
  });
});
