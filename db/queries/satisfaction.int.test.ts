import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database, Db } from "@/db/client";
import { agencies } from "@/db/schema";
import { describeTree, reportingYear } from "@/lib/metrics/satisfaction";
import {
  createAgencyTree,
  createSurveyBase,
  insertDossiers,
  insertResponses,
  sheetsAtShare,
  uniformSheet,
} from "@/tests/helpers/fixtures";
import { createTestDatabase, inRolledBackTransaction } from "@/tests/helpers/test-db";
import { satisfactionTree, type AgencyFigures } from "./satisfaction";

// The 2022–2023 reporting year: [01/12/2022 00:00, 01/12/2023 00:00) Vietnam time.
const YEAR_2023 = reportingYear(2023);
const MID_2023 = new Date("2023-06-15T10:00:00+07:00");
const ROOT = "/";

let database: Database;
// The transaction of the running test: every test writes its own world and rolls it back.
let db: Db;
let base: { versionId: number; procedureId: number };

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  await database?.close();
});

/** A test whose writes are rolled back when it ends, so that tests cannot see each other's rows. */
function isolated(name: string, body: () => Promise<void>) {
  it(name, () =>
    inRolledBackTransaction(database, async (tx) => {
      db = tx;
      base = await createSurveyBase(db);
      await body();
    }),
  );
}

function period(p: { from: Date; to: Date } = YEAR_2023) {
  return { from: p.from, to: p.to };
}

async function tree(agencyId: number, scopePath = ROOT, extra: { includeUnverified?: boolean } = {}) {
  return satisfactionTree(db, { agencyId, scopePath, ...period(), ...extra });
}

function childByCode(children: AgencyFigures[], code: string): AgencyFigures {
  const child = children.find((c) => c.code === code);
  if (!child) throw new Error(`no child ${code}`);
  return child;
}

describe("satisfactionTree", () => {
  isolated("pools a district's communes: 200 @ 95% and 800 @ 90% → 91,0% pooled, 92,5% mean of children", async () => {
    const a = await createAgencyTree(db, [
      { code: "P", level: "province" },
      { code: "D", level: "district", parent: "P" },
      { code: "C1", level: "commune", parent: "D", sortOrder: 1 },
      { code: "C2", level: "commune", parent: "D", sortOrder: 2 },
    ]);
    await insertResponses(db, { ...base, agencyId: a.C1!.id, submittedAt: MID_2023, sheets: sheetsAtShare(200, 190) });
    await insertResponses(db, { ...base, agencyId: a.C2!.id, submittedAt: MID_2023, sheets: sheetsAtShare(800, 720) });

    const result = await tree(a.D!.id, a.P!.path);
    expect(result).not.toBeNull();
    const { agency, children } = result!;
    expect(agency).toMatchObject({ agencyId: a.D!.id, code: "D", level: "district", responses: 1000 });
    for (const e of Object.values(agency.elements)) {
      expect(e).toEqual({ satisfied: 910, valid: 1000, distribution: [0, 90, 0, 0, 910] });
    }
    expect(children.map((c) => [c.code, c.responses, c.elements.access.satisfied, c.elements.access.valid])).toEqual([
      ["C1", 200, 190, 200],
      ["C2", 800, 720, 800],
    ]);

    const described = describeTree(result!);
    expect(described.agency.meanOfElements).toBeCloseTo(91, 12);
    expect(described.agency.meanOfChildren!.value).toBeCloseTo(92.5, 12);
    expect(described.children.map((c) => c.meanOfElements)).toEqual([95, 90]);
  });

  isolated("counts the distribution {1:1, 2:1, 3:2, 4:4, 5:2} as 60%", async () => {
    const a = await createAgencyTree(db, [{ code: "C", level: "commune" }]);
    const values = [1, 2, 3, 3, 4, 4, 4, 4, 5, 5];
    await insertResponses(db, {
      ...base,
      agencyId: a.C!.id,
      submittedAt: MID_2023,
      sheets: values.map((v) => ({ answers: uniformSheet(v, v) })),
    });

    const { agency, children } = (await tree(a.C!.id))!;
    expect(children).toEqual([]);
    expect(agency.responses).toBe(10);
    expect(agency.elements.procedure).toEqual({ satisfied: 6, valid: 10, distribution: [1, 1, 2, 4, 2] });
    expect(agency.overall).toEqual({ satisfied: 6, valid: 10, distribution: [1, 1, 2, 4, 2] });
    const described = describeTree({ agency, children, own: agency });
    expect(described.agency.elements.map((e) => e.index)).toEqual([60, 60, 60, 60, 60]);
    expect(described.agency.overallQuestion.index).toBe(60);
  });

  isolated("leaves 'not applicable' (no answer row) out of the valid answers", async () => {
    const a = await createAgencyTree(db, [{ code: "C", level: "commune" }]);
    const noFeedback = { S1: 5, S2: 4, S3: 5, S4: 4 };
    await insertResponses(db, {
      ...base,
      agencyId: a.C!.id,
      submittedAt: MID_2023,
      sheets: [
        { answers: noFeedback, count: 6 },
        { answers: { ...noFeedback, S5: 5 }, count: 3 },
        { answers: { ...noFeedback, S5: 1 }, count: 1 },
      ],
    });

    const { agency } = (await tree(a.C!.id))!;
    expect(agency.responses).toBe(10);
    expect(agency.elements.access.valid).toBe(10);
    expect(agency.elements.feedback).toEqual({ satisfied: 3, valid: 4, distribution: [1, 0, 0, 0, 3] });
    // Nobody answered S0: no figure rather than 0%.
    expect(agency.overall).toEqual({ satisfied: 0, valid: 0, distribution: [0, 0, 0, 0, 0] });
    const described = describeTree({ agency, children: [], own: agency });
    expect(described.agency.elements.find((e) => e.element === "feedback")!.index).toBe(75);
    expect(described.agency.overallQuestion.index).toBeNull();
  });

  isolated("excludes unverified (standing QR) responses unless asked to include them", async () => {
    const a = await createAgencyTree(db, [{ code: "C", level: "commune" }]);
    await insertResponses(db, { ...base, agencyId: a.C!.id, submittedAt: MID_2023, sheets: [{ answers: uniformSheet(5), count: 3 }] });
    await insertResponses(db, {
      ...base,
      agencyId: a.C!.id,
      submittedAt: MID_2023,
      verified: false,
      sheets: [{ answers: uniformSheet(1), count: 2 }],
    });

    const official = (await tree(a.C!.id))!.agency;
    expect(official.responses).toBe(3);
    expect(official.elements.result).toEqual({ satisfied: 3, valid: 3, distribution: [0, 0, 0, 0, 3] });

    const all = (await tree(a.C!.id, ROOT, { includeUnverified: true }))!.agency;
    expect(all.responses).toBe(5);
    expect(all.elements.result).toEqual({ satisfied: 3, valid: 5, distribution: [2, 0, 0, 0, 3] });
  });

  isolated("counts responses and completed dossiers in the half-open period [from, to) only", async () => {
    const a = await createAgencyTree(db, [{ code: "C", level: "commune" }]);
    const at = (iso: string) => new Date(iso);
    const inside = [
      at("2022-12-01T00:00:00+07:00"), // first instant of the year
      at("2023-11-30T23:59:59+07:00"), // last second of the year
      MID_2023,
    ];
    const outside = [
      at("2022-11-30T23:59:59.999+07:00"),
      at("2023-12-01T00:00:00+07:00"), // first instant of the next year
      at("2021-06-01T00:00:00+07:00"),
    ];
    for (const submittedAt of inside) {
      await insertResponses(db, { ...base, agencyId: a.C!.id, submittedAt, sheets: [{ answers: uniformSheet(5) }] });
      await insertDossiers(db, { agencyId: a.C!.id, procedureId: base.procedureId, completedAt: submittedAt });
    }
    for (const submittedAt of outside) {
      await insertResponses(db, { ...base, agencyId: a.C!.id, submittedAt, sheets: [{ answers: uniformSheet(1) }] });
      await insertDossiers(db, { agencyId: a.C!.id, procedureId: base.procedureId, completedAt: submittedAt });
    }
    // Still open: no completion date, never part of N.
    await insertDossiers(db, { agencyId: a.C!.id, procedureId: base.procedureId, completedAt: null, count: 4 });

    const { agency } = (await tree(a.C!.id))!;
    expect(agency.responses).toBe(3);
    expect(agency.elements.access).toEqual({ satisfied: 3, valid: 3, distribution: [0, 0, 0, 0, 3] });
    expect(agency.completedDossiers).toBe(3);

    // The response at 01/12/2023 00:00 +07 opens the 2023–2024 year.
    const next = (await satisfactionTree(db, { agencyId: a.C!.id, scopePath: ROOT, ...period(reportingYear(2024)) }))!;
    expect(next.agency.responses).toBe(1);
    expect(next.agency.elements.access.distribution).toEqual([1, 0, 0, 0, 0]);
    expect(next.agency.completedDossiers).toBe(1);
  });

  isolated("returns null for an agency outside the caller's subtree, with the scope in the query", async () => {
    const a = await createAgencyTree(db, [
      { code: "P", level: "province" },
      { code: "D1", level: "district", parent: "P" },
      { code: "D2", level: "district", parent: "P" },
      { code: "C2", level: "commune", parent: "D2" },
    ]);
    await insertResponses(db, { ...base, agencyId: a.C2!.id, submittedAt: MID_2023, sheets: [{ answers: uniformSheet(5) }] });

    // A leader of D1 reads D1, but neither its sibling, nor its sibling's commune, nor its parent.
    expect(await tree(a.D1!.id, a.D1!.path)).not.toBeNull();
    expect(await tree(a.D2!.id, a.D1!.path)).toBeNull();
    expect(await tree(a.C2!.id, a.D1!.path)).toBeNull();
    expect(await tree(a.P!.id, a.D1!.path)).toBeNull();
    // The province's leader reads all of it; an unknown agency is simply absent.
    expect((await tree(a.C2!.id, a.P!.path))!.agency.responses).toBe(1);
    expect(await tree(999_999, ROOT)).toBeNull();
  });

  isolated("does not mistake /1/ for a prefix of /12/", async () => {
    // Ids chosen so that one path is the other's prefix without the closing slash.
    await db.execute(sql`insert into agencies (id, code, name, level, path) overriding system value values
      (7001, 'R7001', 'R7001', 'province', '/7001/'),
      (70012, 'R70012', 'R70012', 'province', '/70012/')`);
    await insertResponses(db, { ...base, agencyId: 70012, submittedAt: MID_2023, sheets: [{ answers: uniformSheet(5) }] });

    expect(await tree(70012, "/7001/")).toBeNull();
    expect((await tree(7001, "/7001/"))!.agency.responses).toBe(0);
    expect((await tree(70012, "/70012/"))!.agency.responses).toBe(1);
  });

  isolated("refuses a malformed scope instead of widening it", async () => {
    const a = await createAgencyTree(db, [{ code: "C", level: "commune" }]);
    for (const scopePath of ["", "%", "/1", "1/", "/%/", "/_/"]) {
      await expect(satisfactionTree(db, { agencyId: a.C!.id, scopePath, ...period() })).rejects.toThrow(/scope/);
    }
  });

  isolated("pools grandchildren into their child and the agency's own desk into the agency", async () => {
    const a = await createAgencyTree(db, [
      { code: "P", level: "province" },
      { code: "D1", level: "district", parent: "P", sortOrder: 1 },
      { code: "C11", level: "commune", parent: "D1" },
      { code: "C12", level: "commune", parent: "D1" },
      { code: "D2", level: "district", parent: "P", sortOrder: 2 },
      { code: "C21", level: "commune", parent: "D2" },
      { code: "D3", level: "district", parent: "P", sortOrder: 3 },
    ]);
    const put = (code: string, total: number, satisfied: number) =>
      insertResponses(db, { ...base, agencyId: a[code]!.id, submittedAt: MID_2023, sheets: sheetsAtShare(total, satisfied) });
    await put("D1", 10, 10); // the district's own desk
    await put("C11", 20, 10);
    await put("C12", 30, 30);
    await put("C21", 40, 20);
    await put("P", 5, 0); // the province's own centre
    const dossiersAt = (code: string, count: number) =>
      insertDossiers(db, { agencyId: a[code]!.id, procedureId: base.procedureId, completedAt: MID_2023, count });
    await dossiersAt("C11", 100);
    await dossiersAt("D2", 7);
    await dossiersAt("P", 3);

    const result = (await tree(a.P!.id, a.P!.path))!;
    const d1 = childByCode(result.children, "D1");
    const d2 = childByCode(result.children, "D2");
    const d3 = childByCode(result.children, "D3");
    expect(result.children.map((c) => c.code)).toEqual(["D1", "D2", "D3"]);
    expect([d1.responses, d1.elements.officials.satisfied, d1.elements.officials.valid]).toEqual([60, 50, 60]);
    expect([d2.responses, d2.elements.officials.satisfied, d2.elements.officials.valid]).toEqual([40, 20, 40]);
    expect([d3.responses, d3.elements.officials.valid, d3.completedDossiers]).toEqual([0, 0, 0]);
    expect([d1.completedDossiers, d2.completedDossiers]).toEqual([100, 7]);

    expect(result.own.responses).toBe(5);
    expect(result.own.completedDossiers).toBe(3);
    expect(result.agency.responses).toBe(105);
    expect(result.agency.elements.officials).toEqual({ satisfied: 70, valid: 105, distribution: [0, 35, 0, 0, 70] });
    expect(result.agency.completedDossiers).toBe(110);

    // The district's view of the same data: its communes, with its own desk apart.
    const district = (await tree(a.D1!.id, a.P!.path))!;
    expect(district.children.map((c) => [c.code, c.responses])).toEqual([
      ["C11", 20],
      ["C12", 30],
    ]);
    expect(district.own.responses).toBe(10);
    expect(district.agency.responses).toBe(60);
    expect(district.agency.completedDossiers).toBe(100);

    const described = describeTree(result);
    expect(described.agency.meanOfElements).toBeCloseTo((100 * 70) / 105, 12);
    // D3 has no figure and stays out of the mean of children: (50/60 + 20/40) / 2.
    expect(described.agency.meanOfChildren).toEqual({ value: expect.closeTo(((100 * 50) / 60 + 50) / 2, 12), childrenInMean: 2 });
    // n = 110 / (1 + 110 × 0,05²) = 86,27… → 87, and 105 responses reach it.
    expect(described.agency.sample).toEqual({ needed: 87, responses: 105, completedDossiers: 110, sufficient: true });
    expect(described.children.find((c) => c.code === "D1")!.sample).toMatchObject({ needed: 80, responses: 60, sufficient: false });
  });

  isolated("lists a dissolved child only while it has figures in the period", async () => {
    const a = await createAgencyTree(db, [
      { code: "P", level: "province" },
      { code: "OLD", level: "district", parent: "P" },
      { code: "GONE", level: "district", parent: "P" },
      { code: "NEW", level: "commune", parent: "P" },
    ]);
    await db.update(agencies).set({ active: false }).where(eq(agencies.id, a.OLD!.id));
    await db.update(agencies).set({ active: false }).where(eq(agencies.id, a.GONE!.id));
    await insertResponses(db, { ...base, agencyId: a.OLD!.id, submittedAt: MID_2023, sheets: [{ answers: uniformSheet(4) }] });

    const result = (await tree(a.P!.id))!;
    expect(result.children.map((c) => c.code).sort()).toEqual(["NEW", "OLD"]);
    expect(result.agency.responses).toBe(1);
  });
});
