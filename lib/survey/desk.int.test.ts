import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { liveInvitationsForSheet, desksWithKiosk } from "@/db/queries/desk";
import { kioskInvitation, nextKioskInvitation } from "@/db/queries/kiosk";
import { agencyProcedures, auditLog, desks, invitations, staffAccounts } from "@/db/schema";
import { getStaffById, type StaffUser } from "@/lib/auth/accounts";
import { createAgencyTree, createSurveyBase } from "@/tests/helpers/fixtures";
import { createTestDatabase } from "@/tests/helpers/test-db";
import { completeAndIssue, revokeAndReissue } from "./desk";

let database: Database;
let officer: StaffUser;
let other: StaffUser;
let procedureId: number;
let deskQ1: number;
let deskQ2: number;
let n = 0;

const issue = (opts: { kiosk?: boolean; desk?: number } = {}, now = new Date()) =>
  completeAndIssue(database.db, officer, { code: `DK-${++n}`, procedureId: String(procedureId), deskId: String(opts.desk ?? deskQ1), sendToKiosk: opts.kiosk ? "on" : "" }, now);

beforeAll(async () => {
  process.env.NEXTAUTH_SECRET = "test-secret-for-desk-tests";
  database = await createTestDatabase();
  procedureId = (await createSurveyBase(database.db)).procedureId;
  const tree = await createAgencyTree(database.db, [
    { code: "DK-D", level: "district" },
    { code: "DK-A", level: "commune", parent: "DK-D" },
    { code: "DK-B", level: "commune", parent: "DK-D" },
  ]);
  await database.db.insert(agencyProcedures).values([
    { agencyId: tree["DK-A"]!.id, procedureId },
    { agencyId: tree["DK-B"]!.id, procedureId },
  ]);
  const [q1, q2] = await database.db
    .insert(desks)
    .values([
      { agencyId: tree["DK-A"]!.id, code: "Q1", name: "Quầy 1" },
      { agencyId: tree["DK-A"]!.id, code: "Q2", name: "Quầy 2" },
    ])
    .returning();
  deskQ1 = q1!.id;
  deskQ2 = q2!.id;
  const mk = async (username: string, role: "officer" | "kiosk", agencyId: number, deskId: number | null = null) => {
    const [row] = await database.db.insert(staffAccounts).values({ username, name: username, passwordHash: "x", role, agencyId, deskId }).returning();
    return (await getStaffById(database.db, { staffId: row!.id }))!;
  };
  officer = await mk("dk.officer", "officer", tree["DK-A"]!.id, deskQ1);
  other = await mk("dk.other", "officer", tree["DK-B"]!.id);
  await mk("dk.kiosk", "kiosk", tree["DK-A"]!.id, deskQ1);
});

afterAll(async () => {
  await database?.close();
});

describe("the counter tablet", () => {
  it("knows which desks have a tablet", async () => {
    expect(await desksWithKiosk(database.db, { agencyId: officer.agencyId })).toEqual([deskQ1]);
  });

  it("finds only surveys sent to its own desk's tablet, newer than the last one shown, still open", async () => {
    const receipt = await issue();
    expect(receipt.invitation.channel).toBe("receipt_qr");
    expect(await nextKioskInvitation(database.db, { deskId: deskQ1, after: null })).toBeNull();

    const first = await issue({ kiosk: true });
    expect(first.invitation.channel).toBe("kiosk");
    await issue({ kiosk: true, desk: deskQ2 });
    const found = await nextKioskInvitation(database.db, { deskId: deskQ1, after: null });
    expect(found?.id).toBe(first.invitation.id);
    expect(await kioskInvitation(database.db, { deskId: deskQ1, invitationId: first.invitation.id })).not.toBeNull();
    expect(await kioskInvitation(database.db, { deskId: deskQ2, invitationId: first.invitation.id })).toBeNull();
    // Once shown (or abandoned), the tablet asks only for newer ones.
    expect(await nextKioskInvitation(database.db, { deskId: deskQ1, after: found!.issuedAt })).toBeNull();
    // A survey sent long ago belongs to a citizen who has left.
    const later = new Date(Date.now() + 11 * 60 * 1000);
    expect(await nextKioskInvitation(database.db, { deskId: deskQ1, after: null, now: later })).toBeNull();
  });
});

describe("revoking a slip", () => {
  it("revokes and issues a new invitation for the same dossier on the same channel, audited", async () => {
    const issued = await issue({ kiosk: true });
    const renewed = await revokeAndReissue(database.db, officer, issued.invitation.id);
    expect(renewed.invitation.id).not.toBe(issued.invitation.id);
    expect(renewed.invitation.dossierId).toBe(issued.invitation.dossierId);
    expect(renewed.invitation.channel).toBe("kiosk");
    const [old] = await database.db.select().from(invitations).where(eq(invitations.id, issued.invitation.id));
    expect(old!.revokedAt).not.toBeNull();
    const actions = (await database.db.select().from(auditLog)).filter((a) => [issued.invitation.id, renewed.invitation.id].includes(a.entityId ?? "")).map((a) => a.action);
    expect(actions.sort()).toEqual(["invitation.issued", "invitation.issued", "invitation.revoked"]);
  });

  it("refuses another agency's invitation and an already revoked one, changing nothing", async () => {
    const issued = await issue();
    await expect(revokeAndReissue(database.db, other, issued.invitation.id)).rejects.toMatchObject({ kind: "conflict" });
    const renewed = await revokeAndReissue(database.db, officer, issued.invitation.id);
    await expect(revokeAndReissue(database.db, officer, issued.invitation.id)).rejects.toMatchObject({ kind: "conflict" });
    const live = await database.db.select().from(invitations).where(eq(invitations.dossierId, issued.invitation.dossierId!));
    expect(live.filter((i) => i.revokedAt === null).map((i) => i.id)).toEqual([renewed.invitation.id]);
  });
});

describe("the A4 sheet", () => {
  it("holds at most 8 open invitations of the officer's agency, the chosen ones when given", async () => {
    const fresh = [];
    for (let i = 0; i < 9; i++) fresh.push(await issue());
    const sheet = await liveInvitationsForSheet(database.db, { agencyId: officer.agencyId, scopePath: officer.scopePath });
    expect(sheet).toHaveLength(8);
    const chosen = [fresh[0]!.invitation.id, fresh[1]!.invitation.id];
    const picked = await liveInvitationsForSheet(database.db, { agencyId: officer.agencyId, scopePath: officer.scopePath, ids: chosen });
    expect(picked.map((p) => p.id).sort()).toEqual([...chosen].sort());
    expect(await liveInvitationsForSheet(database.db, { agencyId: other.agencyId, scopePath: other.scopePath, ids: chosen })).toEqual([]);
    expect(await liveInvitationsForSheet(database.db, { agencyId: officer.agencyId, scopePath: officer.scopePath, ids: ["junk"] })).toEqual([]);
  });
});
