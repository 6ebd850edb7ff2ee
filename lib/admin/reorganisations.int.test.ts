import { eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rows, type Database, type Db } from "@/db/client";
import { agencies, agencyCodes, agencyProcedures, apiKeys, auditLog, desks, staffAccounts, standingCodes } from "@/db/schema";
import { getStaffById, type StaffUser } from "@/lib/auth/accounts";
import { isDomainError } from "@/lib/errors";
import { createAgencyTree, createSurveyBase, insertDossiers, insertResponses, uniformSheet } from "@/tests/helpers/fixtures";
import { createTestDatabase } from "@/tests/helpers/test-db";
import { reportDossiers } from "@/lib/integration/report";
import type { DossierReport } from "@/lib/integration/schemas";
import { agencyToRead, hasMergeInto, historyScopeOf, mergedPredecessorPaths } from "@/db/queries/agencies";
import { agencyOverview, monthlyTrend, publicFigures } from "@/lib/metrics/figures";
import { breakdown } from "@/db/queries/figure-details";
import { reorganisationsInScope, structureBreaks } from "@/db/queries/reorganisations";
import { monthPeriod } from "@/lib/metrics/periods";
import { createChildAgency } from "./agencies";
import { carryOutDueReorganisations, planMerge, planSplit, reverseReorganisation } from "./reorganisations";

let database: Database;
let db: Db;
let tree: Awaited<ReturnType<typeof createAgencyTree>>;
let admin: StaffUser;
let base: { versionId: number; procedureId: number };

const BEFORE = new Date("2025-06-20T10:00:00+07:00");
const EVE = new Date("2025-06-30T23:59:00+07:00");
const AFTER = new Date("2025-07-01T00:05:00+07:00");

async function failure(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    if (isDomainError(err)) return `${err.kind}:${String(err.details?.reason ?? "")}`;
    throw err;
  }
  throw new Error("expected a failure");
}

async function staffAt(agencyId: number, username: string, role: "admin" | "officer" = "officer") {
  const [row] = await db.insert(staffAccounts).values({ username, name: username, passwordHash: "x", role, agencyId }).returning({ id: staffAccounts.id });
  return row!.id;
}

async function deskAt(agencyId: number, code: string) {
  const [row] = await db.insert(desks).values({ agencyId, code, name: `Quầy ${code}` }).returning({ id: desks.id });
  return row!.id;
}

/** An open case about a sheet given at the agency (at the desk, if any). */
async function openCase(agencyId: number, deskId: number | null, closed = false) {
  await insertResponses(db, { ...base, agencyId, deskId: deskId ?? undefined, submittedAt: BEFORE, sheets: [{ answers: uniformSheet(1) }] });
  const [response] = await rows<{ id: number }>(db, sql`select max(id)::int as id from responses where agency_id = ${agencyId}`);
  const ref = `PA-T${response!.id}`;
  await db.execute(sql`insert into cases (reference, response_id, agency_id, origin_agency_id, reasons, verified, forward_due_on, reply_due_on, status_token_hash, closed_at, status)
    values (${ref}, ${response!.id}, ${agencyId}, ${agencyId}, array['low:S1'], true, '2025-06-27', '2025-07-04', ${`h-${ref}`}, ${closed ? BEFORE.toISOString() : null}::timestamptz, ${closed ? "closed" : "new"})`);
  const [c] = await rows<{ id: number }>(db, sql`select id::int from cases where reference = ${ref}`);
  return c!.id;
}

async function agencyOfCase(id: number) {
  const [c] = await rows<{ agency_id: number }>(db, sql`select agency_id from cases where id = ${id}`);
  return c!.agency_id;
}

/** Every row the structure holds, to compare before a plan and after its reversal. */
async function structureSnapshot() {
  return rows(
    db,
    sql`select (select count(*)::int from agencies) as agencies, (select count(*)::int from agency_codes) as codes,
               (select count(*)::int from reorganisations) as reorganisations, (select count(*)::int from reorganisation_parts) as parts,
               (select max(id)::int from agencies where active) as last_active`,
  );
}

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  base = await createSurveyBase(db);
  tree = await createAgencyTree(db, [
    { code: "R-P", level: "province" },
    { code: "R-D", level: "district", parent: "R-P" },
    { code: "R-C1", level: "commune", parent: "R-D" },
    { code: "R-C2", level: "commune", parent: "R-D" },
    { code: "R-C3", level: "commune", parent: "R-D" },
    { code: "R-C4", level: "commune", parent: "R-P" },
    { code: "R-C5", level: "commune", parent: "R-P" },
  ]);
  for (const code of ["R-C1", "R-C2", "R-C3", "R-C4"]) await db.insert(agencyProcedures).values({ agencyId: tree[code]!.id, procedureId: base.procedureId });
  admin = (await getStaffById(db, { staffId: await staffAt(tree["R-P"]!.id, "r.admin", "admin") }))!;
});
afterAll(async () => {
  await database?.close();
});

describe("a merge of three communes into a new one", () => {
  it("is planned, then carried out on its date: the predecessors end, their pending work moves, what was recorded stays", async () => {
    const [c1, c2, c3] = ["R-C1", "R-C2", "R-C3"].map((c) => tree[c]!.id) as [number, number, number];
    const q1a = await deskAt(c1, "Q1");
    const q1b = await deskAt(c2, "Q1");
    const q2 = await deskAt(c3, "Q2");
    const officer = await staffAt(c1, "r.officer1");
    await db.insert(standingCodes).values({ code: "R-SC-1", agencyId: c2, deskId: q1b, label: "Poster" });
    await db.insert(apiKeys).values({ name: "Một cửa", agencyId: c3, prefix: "hl_r", keyHash: "r-key-hash" });
    const open = await openCase(c3, q2);
    const closed = await openCase(c1, q1a, true);
    await db.execute(sql`insert into alerts (agency_id, element, window_days, opened_on, window_satisfied, window_valid, baseline_satisfied, baseline_valid, p_value)
      values (${c1}, 'pooled', 30, '2025-06-15', 1, 10, 90, 100, 0.001)`);
    const dossiers = await insertDossiers(db, { agencyId: c1, procedureId: base.procedureId, completedAt: BEFORE, count: 2 });
    const responsesBefore = await rows(db, sql`select id, agency_id from responses order by id`);

    const plan = await planMerge(db, admin, {
      predecessorIds: [c1, c2, c3],
      successor: { create: { code: "R-N1", name: "Xã Mới", level: "commune", parentId: tree["R-P"]!.id } },
      effectiveOn: "2025-07-01",
      basis: "Nghị quyết 1/NQ-UBTVQH15",
    }, BEFORE);
    const successor = plan.successorIds[0]!;
    const [pending] = await db.select().from(agencies).where(eq(agencies.id, successor));
    expect(pending).toMatchObject({ active: false, validTo: null });
    expect(pending!.validFrom!.toISOString()).toBe("2025-06-30T17:00:00.000Z");

    // Nothing happens before the date; the job is idempotent after it.
    expect(await carryOutDueReorganisations(db, { now: EVE })).toEqual({ reorganisations: 0 });
    const done = await carryOutDueReorganisations(db, { now: AFTER });
    expect(done).toEqual({ reorganisations: 1, staff: 1, desks: 3, standingCodes: 1, apiKeys: 1, cases: 1, alerts: 1 });
    expect(await carryOutDueReorganisations(db, { now: AFTER })).toEqual({ reorganisations: 0 });

    const after = await db.select().from(agencies).where(inArray(agencies.id, [c1, c2, c3, successor]));
    for (const a of after) {
      if (a.id === successor) expect(a).toMatchObject({ active: true, validTo: null });
      else expect([a.active, a.validTo?.toISOString()]).toEqual([false, "2025-06-30T17:00:00.000Z"]);
    }
    // Two desks named Q1 at the successor: both take their old commune's code in front.
    const moved = await db.select({ id: desks.id, agencyId: desks.agencyId, code: desks.code }).from(desks).where(inArray(desks.id, [q1a, q1b, q2])).orderBy(desks.id);
    expect(moved).toEqual([
      { id: q1a, agencyId: successor, code: "R-C1-Q1" },
      { id: q1b, agencyId: successor, code: "R-C2-Q1" },
      { id: q2, agencyId: successor, code: "Q2" },
    ]);
    const [officerRow] = await db.select({ agencyId: staffAccounts.agencyId }).from(staffAccounts).where(eq(staffAccounts.id, officer));
    expect(officerRow!.agencyId).toBe(successor);
    const [code] = await db.select({ agencyId: standingCodes.agencyId }).from(standingCodes).where(eq(standingCodes.code, "R-SC-1"));
    expect(code!.agencyId).toBe(successor);
    const [key] = await db.select({ agencyId: apiKeys.agencyId }).from(apiKeys).where(eq(apiKeys.keyHash, "r-key-hash"));
    expect(key!.agencyId).toBe(successor);
    expect(await agencyOfCase(open)).toBe(successor);
    expect(await agencyOfCase(closed)).toBe(c1);
    const events = await rows<{ kind: string; data: { reorganisationId: number; fromAgencyId: number } }>(db, sql`select kind, data from case_events where case_id = ${open}`);
    expect(events).toEqual([{ kind: "forwarded", data: { reorganisationId: plan.id, fromAgencyId: c3, toAgencyId: successor } }]);
    const [alert] = await rows<{ agency_id: number }>(db, sql`select agency_id from alerts where element = 'pooled' and opened_on = '2025-06-15'`);
    expect(alert!.agency_id).toBe(successor);
    const handles = await db.select().from(agencyProcedures).where(eq(agencyProcedures.agencyId, successor));
    expect(handles.map((h) => h.procedureId)).toEqual([base.procedureId]);

    // History is not rewritten: dossiers and answers keep the agency they were given to.
    expect(await rows(db, sql`select id, agency_id from responses order by id`)).toEqual(responsesBefore);
    const kept = await rows<{ agency_id: number }>(db, sql`select agency_id from dossiers where id = any(${sql.param(dossiers)}::bigint[])`);
    expect(kept.every((d) => d.agency_id === c1)).toBe(true);
    // The old codes' holdings end with their agencies; the new code holds from the date.
    const holdings = await db.select().from(agencyCodes).where(inArray(agencyCodes.agencyId, [c1, successor])).orderBy(agencyCodes.agencyId);
    expect(holdings.map((h) => [h.code, h.validFrom?.toISOString() ?? null, h.validTo?.toISOString() ?? null])).toEqual([
      ["R-C1", null, "2025-06-30T17:00:00.000Z"],
      ["R-N1", "2025-06-30T17:00:00.000Z", null],
    ]);
    const audits = await db.select({ action: auditLog.action, actorKind: auditLog.actorKind }).from(auditLog).where(eq(auditLog.entityId, String(plan.id)));
    expect(audits).toEqual([
      { action: "reorganisation.planned", actorKind: "staff" },
      { action: "reorganisation.carried_out", actorKind: "system" },
    ]);
  });

  it("restates the successor's past from the merged predecessors; as recorded, its series starts on the date", async () => {
    const [successor] = await db.select().from(agencies).where(eq(agencies.code, "R-N1"));
    const [given] = await rows<{ n: number }>(
      db,
      sql`select count(*)::int as n from responses r join agencies a on a.id = r.agency_id
          where a.code in ('R-C1', 'R-C2', 'R-C3') and r.submitted_at >= '2025-06-01T00:00:00+07:00' and r.submitted_at < '2025-07-01T00:00:00+07:00'`,
    );
    expect(given!.n).toBeGreaterThan(0);
    const lineage = await mergedPredecessorPaths(db, { path: successor!.path });
    const trend = (view: "recorded" | "restated") =>
      monthlyTrend(db, { agencyId: successor!.id, scopePath: successor!.path, period: monthPeriod(2025, 7), includeUnverified: true, restatedFrom: view === "restated" ? lineage : undefined });
    const june = (points: Awaited<ReturnType<typeof trend>>) => points!.find((p) => p.month === "2025-06")!;
    expect(june(await trend("recorded")).responses).toBe(0);
    const restated = june(await trend("restated"));
    expect(restated.responses).toBe(given!.n);
    // The sheets answered 1 everywhere: the pooled figure is theirs, not a mixture with zeros.
    expect(restated.elements.procedure.index).toBe(0);
    // The predecessors merged into R-N1, and nothing else, are its lineage; a unit without one has none.
    expect([...lineage].sort()).toEqual(["R-C1", "R-C2", "R-C3"].map((c) => tree[c]!.path).sort());
    expect(await mergedPredecessorPaths(db, { path: tree["R-C5"]!.path })).toEqual([]);
    // The province holds the predecessors in its own subtree: its restated series is its recorded one.
    expect(await mergedPredecessorPaths(db, { path: tree["R-P"]!.path })).toEqual([]);

    // The overview restated: June 2025 read in today's structure, the successor holding its
    // predecessors' answers and ranked among today's communes; as recorded, it has none.
    const settings = { includeUnverified: true, bands: [] };
    const [province] = await db.select().from(agencies).where(eq(agencies.code, "R-P"));
    const overview = (view: "recorded" | "restated", agencyId: number) =>
      agencyOverview(db, { agencyId, scopePath: province!.path, period: monthPeriod(2025, 6), settings, view });
    const recorded = (await overview("recorded", successor!.id))!;
    expect(recorded.agency.responses).toBe(0);
    const restatedOverview = (await overview("restated", successor!.id))!;
    expect(restatedOverview.agency.responses).toBe(given!.n);
    expect(restatedOverview.agency.elements.find((e) => e.element === "procedure")!.index).toBe(0);
    expect(restatedOverview.peerRank).toMatchObject({ tier: "commune", of: expect.any(Number) });
    // The breakdown by procedure restated: the predecessors' June answers under the successor.
    const byProcedure = (predecessorPaths?: string[]) =>
      breakdown(db, { by: "procedure", path: successor!.path, scopePath: successor!.path, from: monthPeriod(2025, 6).from, to: monthPeriod(2025, 6).to, includeUnverified: true, predecessorPaths });
    expect(await byProcedure()).toEqual([]);
    expect((await byProcedure(lineage)).reduce((n, r) => n + r.counts.responses, 0)).toBe(given!.n);
    // The public page's restated reading: today's units, the successor with its predecessors' answers.
    const published = await publicFigures(db, { period: monthPeriod(2025, 6), settings, view: "restated" });
    expect(published.find((r) => r.figures.code === "R-N1")!.figures.responses).toBe(given!.n);
    expect(published.some((r) => ["R-C1", "R-C2", "R-C3"].includes(r.figures.code))).toBe(false);
    const asRecorded = await publicFigures(db, { period: monthPeriod(2025, 6), settings });
    expect(asRecorded.find((r) => r.figures.code === "R-N1")).toBeUndefined();
    expect(published[0]!.figures.responses).toBe(asRecorded[0]!.figures.responses);
    // A restated reading exists where something was merged into the subtree.
    expect(await hasMergeInto(db, { path: province!.path })).toBe(true);
    expect(await hasMergeInto(db, { path: successor!.path })).toBe(true);
    expect(await hasMergeInto(db, { path: tree["R-C5"]!.path })).toBe(false);
    // July compares with the restated June: the change is measured, not "no data".
    const july = (await agencyOverview(db, { agencyId: successor!.id, scopePath: province!.path, period: monthPeriod(2025, 7), settings, view: "restated" }))!;
    expect(july.previous.responses).toBe(given!.n);
    // The province pools the same answers either way; its units are today's in the restated view
    // (the district stays: only its communes were merged).
    const provinceRecorded = (await overview("recorded", province!.id))!;
    const provinceRestated = (await overview("restated", province!.id))!;
    expect(provinceRestated.agency.responses).toBe(provinceRecorded.agency.responses);
    expect(provinceRestated.children.map((c) => c.code).sort()).toEqual(["R-C4", "R-C5", "R-D", "R-N1"]);
    expect(provinceRestated.children.find((c) => c.code === "R-D")!.responses).toBe(0);
    expect(provinceRecorded.children.map((c) => c.code).sort()).toEqual(["R-C4", "R-C5", "R-D"]);
  });

  it("marks the break in the trends of the units it touched and of their ancestors, inside the window only", async () => {
    const ry2025 = { from: new Date("2024-11-30T17:00:00Z"), to: new Date("2025-11-30T17:00:00Z") };
    const [province] = await structureBreaks(db, { path: tree["R-P"]!.path, ...ry2025 });
    expect(province).toMatchObject({ kind: "merge", basis: "Nghị quyết 1/NQ-UBTVQH15", successors: ["Xã Mới"] });
    expect(province!.predecessors).toHaveLength(3);
    expect(province!.effectiveAt.toISOString()).toBe("2025-06-30T17:00:00.000Z");
    // The successor's own trend and a predecessor's show it; an untouched commune's does not.
    const [successor] = await db.select().from(agencies).where(eq(agencies.code, "R-N1"));
    expect(await structureBreaks(db, { path: successor!.path, ...ry2025 })).toHaveLength(1);
    expect(await structureBreaks(db, { path: tree["R-C2"]!.path, ...ry2025 })).toHaveLength(1);
    expect(await structureBreaks(db, { path: tree["R-C5"]!.path, ...ry2025 })).toEqual([]);
    // A window that ends on the day before, or starts after it, has no break.
    expect(await structureBreaks(db, { path: tree["R-P"]!.path, from: ry2025.from, to: new Date("2025-06-30T17:00:00Z") })).toEqual([]);
    expect(await structureBreaks(db, { path: tree["R-P"]!.path, from: new Date("2025-07-31T17:00:00Z"), to: ry2025.to })).toEqual([]);
  });

  it("lets the successor's leaders read their predecessors, and nobody else; each period lists the units in force then", async () => {
    const byCode = async (code: string) => (await db.select().from(agencies).where(eq(agencies.code, code)))[0]!;
    const [pred, unrelated, successor, province] = await Promise.all([byCode("R-C1"), byCode("R-C4"), byCode("R-N1"), byCode("R-P")]);
    // The successor's leader reads the predecessor in the predecessor's own subtree.
    expect(await agencyToRead(db, { agencyId: pred.id, scopePath: successor.path })).toMatchObject({ agency: { id: pred.id }, scopePath: pred.path });
    expect(await historyScopeOf(db, { agencyId: pred.id, scopePath: successor.path })).toBe(pred.path);
    // Not its parent district, which was no predecessor; not for a leader of an unrelated commune.
    expect(await agencyToRead(db, { agencyId: tree["R-D"]!.id, scopePath: successor.path })).toBeNull();
    expect(await agencyToRead(db, { agencyId: pred.id, scopePath: unrelated.path })).toBeNull();
    // The province reads it in its own scope.
    expect(await agencyToRead(db, { agencyId: pred.id, scopePath: province.path })).toMatchObject({ scopePath: province.path });

    const settings = { includeUnverified: false, bands: [] };
    const children = async (period: ReturnType<typeof monthPeriod>) =>
      (await agencyOverview(db, { agencyId: province.id, scopePath: province.path, period, settings }))!.children.map((c) => c.code).sort();
    // May 2025: the successor was not yet in force. August 2025: it is.
    expect(await children(monthPeriod(2025, 5))).toEqual(["R-C4", "R-C5", "R-D"]);
    expect(await children(monthPeriod(2025, 8))).toEqual(["R-C4", "R-C5", "R-D", "R-N1"]);
    const district = async (period: ReturnType<typeof monthPeriod>) =>
      (await agencyOverview(db, { agencyId: tree["R-D"]!.id, scopePath: province.path, period, settings }))!.children.map((c) => c.code).sort();
    // The merged communes are the district's units while in force, and with answers of their own
    // in June 2025 (the month before their end); not after it.
    expect(await district(monthPeriod(2025, 6))).toEqual(["R-C1", "R-C2", "R-C3"]);
    expect(await district(monthPeriod(2025, 8))).toEqual([]);
    // The tier subtotals count the units in force (or with something in the period): the three
    // merged communes are no commune of the province's August 2025.
    const communes = async (period: ReturnType<typeof monthPeriod>) =>
      (await agencyOverview(db, { agencyId: province.id, scopePath: province.path, period, settings }))!.tiers.find((x) => x.tier === "commune")?.agencies;
    expect(await communes(monthPeriod(2025, 6))).toBe(5);
    expect(await communes(monthPeriod(2025, 8))).toBe(3);
  });

  it("keeps old codes resolving in reports: a dossier before the date stays with the predecessor, one after goes to the successor, a retry creates nothing", async () => {
    const [procedure] = await rows<{ code: string }>(db, sql`select code from procedures where id = ${base.procedureId}`);
    const [successor] = await rows<{ id: number; path: string }>(db, sql`select id, path from agencies where code = 'R-N1'`);
    // The API key moved to the successor: its scope is the successor's subtree and its predecessors.
    const scopePath = successor!.path;
    const report = (item: Partial<DossierReport> & Pick<DossierReport, "dossierCode" | "agencyCode" | "completedAt">) =>
      reportDossiers(db, { scopePath, items: [{ procedureCode: procedure!.code, ...item }], source: "api", issue: true, actor: { kind: "api", id: null }, now: AFTER, secret: "s" });
    const failed = async (promise: Promise<unknown>) => {
      try {
        await promise;
      } catch (err) {
        if (isDomainError(err)) return (err.details?.errors as { code: string }[]).map((e) => e.code);
        throw err;
      }
      throw new Error("expected a failure");
    };
    const c1 = tree["R-C1"]!.id;
    const [q1a] = await rows<{ id: number }>(db, sql`select id from desks where code = 'R-C1-Q1'`);
    const [q1b] = await rows<{ id: number }>(db, sql`select id from desks where code = 'R-C2-Q1'`);

    // Completed on 30/06, reported after the merge under the old code and the desk's old code.
    const late = await report({ dossierCode: "HS-OLD-1", agencyCode: "R-C1", deskCode: "Q1", completedAt: EVE });
    expect(late[0]).toMatchObject({ agencyCode: "R-C1", mappedFrom: null, created: true });
    const again = await report({ dossierCode: "HS-OLD-1", agencyCode: "R-C1", deskCode: "Q1", completedAt: EVE });
    expect(again[0]).toMatchObject({ dossierId: late[0]!.dossierId, created: false });
    const [stored] = await rows<{ agency_id: number; desk_id: number }>(db, sql`select agency_id, desk_id from dossiers where id = ${late[0]!.dossierId}`);
    expect(stored).toEqual({ agency_id: c1, desk_id: q1a!.id });

    // Completed after the date under an old code: recorded under the successor, and said so.
    const mapped = await report({ dossierCode: "HS-NEW-1", agencyCode: "R-C2", deskCode: "Q1", completedAt: AFTER });
    expect(mapped[0]).toMatchObject({ agencyCode: "R-N1", mappedFrom: "R-C2", created: true });
    const [storedNew] = await rows<{ agency_id: number; desk_id: number }>(db, sql`select agency_id, desk_id from dossiers where id = ${mapped[0]!.dossierId}`);
    expect(storedNew).toEqual({ agency_id: successor!.id, desk_id: q1b!.id });
    // The same dossier under the new code is the same dossier.
    const viaNew = await report({ dossierCode: "HS-NEW-1", agencyCode: "R-N1", completedAt: AFTER });
    expect(viaNew[0]).toMatchObject({ dossierId: mapped[0]!.dossierId, created: false, mappedFrom: null });

    // The successor did not exist before the date; an unknown code is still unknown.
    expect(await failed(report({ dossierCode: "HS-X", agencyCode: "R-N1", completedAt: EVE }))).toEqual(["notInForce"]);
    expect(await failed(report({ dossierCode: "HS-Y", agencyCode: "R-NONE", completedAt: AFTER }))).toEqual(["unknownAgency"]);
    // Another commune's dossiers are not this key's.
    const foreign = await report({ dossierCode: "HS-Z", agencyCode: "R-C5", completedAt: AFTER }).catch((err: unknown) => (isDomainError(err) ? err.kind : "other"));
    expect(foreign).toBe("forbidden");
  });

  it("lets a regenerated code go to a new agency once its holder has ended, never while it holds it", async () => {
    // R-C1 ended on 01/07/2025: its code can be given again.
    const reused = await createChildAgency(db, admin, { parentId: tree["R-P"]!.id, code: "R-C1", name: "Xã khác", level: "commune" });
    expect(reused.code).toBe("R-C1");
    expect(await failure(createChildAgency(db, admin, { parentId: tree["R-P"]!.id, code: "R-C4", name: "Trùng", level: "commune" }))).toBe("conflict:code_taken");
  });
});

describe("a split", () => {
  it("gives each successor its mapped desks, staff and the open cases at those desks, and the rest to the one taking it", async () => {
    const c4 = tree["R-C4"]!.id;
    const q9 = await deskAt(c4, "Q9");
    const q8 = await deskAt(c4, "Q8");
    const mapped = await staffAt(c4, "r.officer4a");
    const other = await staffAt(c4, "r.officer4b");
    const atQ9 = await openCase(c4, q9);
    const atQ8 = await openCase(c4, q8);
    const plan = await planSplit(db, admin, {
      predecessorId: c4,
      effectiveOn: "2025-07-01",
      basis: "Nghị quyết 2/NQ-UBTVQH15",
      successors: [
        { successor: { create: { code: "R-S1", name: "Xã Tách Một", level: "commune", parentId: tree["R-P"]!.id } }, takesRest: true },
        { successor: { existingId: tree["R-C5"]!.id }, deskIds: [q9], staffAccountIds: [mapped] },
      ],
    }, BEFORE);
    const [s1, c5] = plan.successorIds as [number, number];
    await carryOutDueReorganisations(db, { now: AFTER });
    const deskRows = await db.select({ id: desks.id, agencyId: desks.agencyId }).from(desks).where(inArray(desks.id, [q9, q8])).orderBy(desks.id);
    expect(deskRows).toEqual([
      { id: q9, agencyId: c5 },
      { id: q8, agencyId: s1 },
    ]);
    const staffRows = await db.select({ id: staffAccounts.id, agencyId: staffAccounts.agencyId }).from(staffAccounts).where(inArray(staffAccounts.id, [mapped, other])).orderBy(staffAccounts.id);
    expect(staffRows).toEqual([
      { id: mapped, agencyId: c5 },
      { id: other, agencyId: s1 },
    ]);
    expect([await agencyOfCase(atQ9), await agencyOfCase(atQ8)]).toEqual([c5, s1]);
  });
});

describe("planning", () => {
  it("refuses a past date, a unit whose children would be left behind, a unit planned twice, a split without exactly one successor for the rest", async () => {
    const now = new Date("2026-12-02T09:00:00+07:00");
    const tree2 = await createAgencyTree(db, [
      { code: "X-D", level: "district", parent: undefined },
      { code: "X-C1", level: "commune", parent: "X-D" },
      { code: "X-C2", level: "commune", parent: "X-D" },
    ]);
    const province = (await getStaffById(db, { staffId: await staffAt(tree2["X-D"]!.id, "x.admin", "admin") }))!;
    const merge = (predecessorIds: number[], effectiveOn = "2027-01-01") =>
      planMerge(db, province, { predecessorIds, successor: { existingId: tree2["X-C2"]!.id }, effectiveOn, basis: "NQ" }, now);
    expect(await failure(merge([tree2["X-C1"]!.id], "2026-12-02"))).toBe("invalid:effective_not_future");
    expect(await failure(merge([tree2["X-D"]!.id]))).toBe("conflict:children_left");
    await merge([tree2["X-C1"]!.id]);
    expect(await failure(merge([tree2["X-C1"]!.id]))).toBe("conflict:already_planned");
    expect(
      await failure(
        planSplit(db, province, { predecessorId: tree2["X-C2"]!.id, effectiveOn: "2027-01-01", basis: "NQ", successors: [{ successor: { existingId: tree2["X-D"]!.id } }, { successor: { existingId: tree2["X-C1"]!.id } }] }, now),
      ),
    ).toBe("invalid:split_needs_one_rest");
    // Another administrator's subtree is not theirs to reorganise.
    expect(await failure(planMerge(db, province, { predecessorIds: [tree["R-C5"]!.id], successor: { existingId: tree2["X-C2"]!.id }, effectiveOn: "2027-01-01", basis: "NQ" }, now))).toBe("not_found:");
  });

  it("reverses a future reorganisation leaving no trace but its audit, and refuses once it is effective", async () => {
    const now = new Date("2026-12-02T09:00:00+07:00");
    const p = tree["R-P"]!.id;
    const [a, b] = await Promise.all(["R-F1", "R-F2"].map((code) => createChildAgency(db, admin, { parentId: p, code, name: code, level: "commune" })));
    const before = await structureSnapshot();
    const plan = await planMerge(db, admin, { predecessorIds: [a!.id, b!.id], successor: { create: { code: "R-F", name: "Xã F", level: "commune", parentId: p } }, effectiveOn: "2027-01-01", basis: "NQ 3" }, now);
    expect(await structureSnapshot()).not.toEqual(before);
    await reverseReorganisation(db, admin, { reorganisationId: plan.id, reason: "Nghị quyết bị hủy" }, now);
    expect(await structureSnapshot()).toEqual(before);
    const audits = await db.select({ action: auditLog.action, data: auditLog.data }).from(auditLog).where(eq(auditLog.entityId, String(plan.id)));
    expect(audits.map((x) => x.action)).toEqual(["reorganisation.planned", "reorganisation.reversed"]);
    expect(audits[1]!.data).toMatchObject({ reason: "Nghị quyết bị hủy", removedSuccessors: ["R-F"] });
    // A planned successor that was given a desk meanwhile cannot silently disappear.
    const busy = await planMerge(db, admin, { predecessorIds: [a!.id, b!.id], successor: { create: { code: "R-F", name: "Xã F", level: "commune", parentId: p } }, effectiveOn: "2027-01-01", basis: "NQ 3" }, now);
    await deskAt(busy.successorIds[0]!, "Q1");
    expect(await failure(reverseReorganisation(db, admin, { reorganisationId: busy.id, reason: "hủy" }, now))).toBe("conflict:successor_in_use");
    const [still] = await rows<{ n: number }>(db, sql`select count(*)::int as n from reorganisations where id = ${busy.id}`);
    expect(still!.n).toBe(1);
    await db.delete(desks).where(eq(desks.agencyId, busy.successorIds[0]!));
    await reverseReorganisation(db, admin, { reorganisationId: busy.id, reason: "hủy" }, now);
    // The code of the removed successor is free again.
    const again = await planMerge(db, admin, { predecessorIds: [a!.id, b!.id], successor: { create: { code: "R-F", name: "Xã F", level: "commune", parentId: p } }, effectiveOn: "2027-01-01", basis: "NQ 3" }, now);
    expect(await failure(reverseReorganisation(db, admin, { reorganisationId: again.id, reason: "muộn" }, new Date("2027-01-01T00:00:00+07:00")))).toBe("conflict:already_effective");
  });
});

describe("the administrator's list", () => {
  it("shows the plans touching the scope, planned ones first, with their units, and nothing of another scope", async () => {
    const now = new Date("2026-12-02T09:00:00+07:00");
    const p = tree["R-P"]!.id;
    const [a, b] = await Promise.all(["R-L1", "R-L2"].map((code) => createChildAgency(db, admin, { parentId: p, code, name: `Xã ${code}`, level: "commune" })));
    const plan = await planMerge(db, admin, { predecessorIds: [a!.id, b!.id], successor: { create: { code: "R-L", name: "Xã L", level: "commune", parentId: p } }, effectiveOn: "2027-03-01", basis: "NQ 9" }, now);
    const list = await reorganisationsInScope(db, { scopePath: tree["R-P"]!.path });
    const mine = list.find((x) => x.id === plan.id);
    expect(mine).toMatchObject({
      kind: "merge",
      status: "planned",
      basis: "NQ 9",
      carriedOutAt: null,
      predecessors: [
        { id: a!.id, code: "R-L1", name: "Xã R-L1" },
        { id: b!.id, code: "R-L2", name: "Xã R-L2" },
      ],
      successors: [{ id: plan.successorIds[0], code: "R-L", name: "Xã L", takesRest: true, desks: 0, procedures: 0, staff: 0 }],
    });
    expect(mine!.effectiveAt.toISOString()).toBe("2027-02-28T17:00:00.000Z");
    // Planned ones by their date, the soonest first (the one of the test before on 01/01/2027).
    const planned = list.filter((x) => x.status === "planned").map((x) => x.effectiveAt.toISOString());
    expect(planned).toEqual([...planned].sort());
    expect(planned.length).toBeGreaterThan(1);
    // The merge carried out in the first test comes after the planned ones, with when it was done.
    const done = list.find((x) => x.status === "done" && x.predecessors.some((u) => u.code === "R-C1"));
    expect(done?.carriedOutAt).toBeInstanceOf(Date);
    expect(list.findIndex((x) => x.status === "done")).toBeGreaterThan(list.findIndex((x) => x.status === "planned"));
    // A district administrator elsewhere sees none of them.
    const other = await createAgencyTree(db, [{ code: "Z-D", level: "district" }]);
    expect(await reorganisationsInScope(db, { scopePath: other["Z-D"]!.path })).toEqual([]);
  });
});
