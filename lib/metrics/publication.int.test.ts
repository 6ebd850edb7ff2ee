import { afterEach, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import type { AdminActor } from "@/lib/admin/common";
import { savePublicationSettings } from "@/lib/admin/settings";
import { staffAccounts } from "@/db/schema";
import { getSetting, setSetting } from "@/lib/settings";
import { setClockForTests } from "@/lib/time/clock";
import { createAgencyTree, createSurveyBase, insertResponses, sheetsAtShare, uniformSheet } from "@/tests/helpers/fixtures";
import { fileTestDatabase, inRolledBackTransaction } from "@/tests/helpers/test-db";
import { agencyOverview, figureSettings, rankAgencies } from "./figures";
import { parsePeriod } from "./periods";
import { installationDefaultPeriod, publishedFigures } from "./publication";

const testDatabase = fileTestDatabase();
let db: Db;
let base: { versionId: number; procedureId: number };

afterEach(() => setClockForTests(null));

function isolated(name: string, body: () => Promise<void>) {
  it(name, () =>
    inRolledBackTransaction(testDatabase(), async (tx) => {
      db = tx;
      base = await createSurveyBase(db);
      await body();
    }),
  );
}

/** An administrator of a root agency: the only one who may change installation-wide settings. */
async function rootAdmin(): Promise<AdminActor> {
  const P = (await createAgencyTree(db, [{ code: "ROOT", level: "province" }])).ROOT!;
  const [row] = await db.insert(staffAccounts).values({ username: `quantri-${P.id}`, name: "Quản trị", passwordHash: "x", role: "admin", agencyId: P.id }).returning({ id: staffAccounts.id });
  return { id: row!.id, role: "admin", agencyId: P.id, scopePath: P.path };
}

describe("the default period the pages open on", () => {
  isolated("is the last complete period of the configured kind before the clock's Vietnam day", async () => {
    // 30/11 17:30 UTC is already 01/12 in Vietnam: November 2026 has ended.
    setClockForTests(new Date("2026-12-01T00:30:00+07:00"));
    expect((await installationDefaultPeriod(db)).key).toBe("m:2026-11");
    await setSetting(db, "figures.defaultPeriodKind", "quarter", { id: null });
    expect((await installationDefaultPeriod(db)).key).toBe("q:2026-3");
    await setSetting(db, "figures.defaultPeriodKind", "reportingYear", { id: null });
    expect((await installationDefaultPeriod(db)).key).toBe("ry:2026");

    // An hour earlier the reporting year 2026 is still running in Vietnam.
    setClockForTests(new Date("2026-11-30T23:30:00+07:00"));
    expect((await installationDefaultPeriod(db)).key).toBe("ry:2025");
    await setSetting(db, "figures.defaultPeriodKind", "month", { id: null });
    expect((await installationDefaultPeriod(db)).key).toBe("m:2026-10");
  });

  isolated("is changed from the settings page, which refuses what is not a kind or a count", async () => {
    setClockForTests(new Date("2027-01-01T00:10:00+07:00"));
    const admin = await rootAdmin();
    await savePublicationSettings(db, admin, { defaultPeriodKind: "quarter", publicMinimum: "45" });
    expect(await getSetting(db, "figures.defaultPeriodKind")).toBe("quarter");
    expect(await getSetting(db, "figures.publicMinimum")).toBe(45);
    expect((await installationDefaultPeriod(db)).key).toBe("q:2026-4");
    await expect(savePublicationSettings(db, admin, { defaultPeriodKind: "week", publicMinimum: "30" })).rejects.toMatchObject({ kind: "invalid" });
    await expect(savePublicationSettings(db, admin, { defaultPeriodKind: "month", publicMinimum: "0" })).rejects.toMatchObject({ kind: "invalid" });
    await expect(savePublicationSettings(db, admin, { defaultPeriodKind: "month", publicMinimum: "ba mươi" })).rejects.toMatchObject({ kind: "invalid" });
    expect(await getSetting(db, "figures.publicMinimum")).toBe(45);
  });
});

describe("the public minimum", () => {
  const MARCH = parsePeriod("m:2024-03")!;
  const AT = new Date("2024-03-12T09:00:00+07:00");

  isolated("withholds a figure from minimum − 1 answers and publishes one from the minimum", async () => {
    const a = await createAgencyTree(db, [
      { code: "P", level: "province" },
      { code: "C1", level: "commune", parent: "P", sortOrder: 1 },
      { code: "C2", level: "commune", parent: "P", sortOrder: 2 },
    ]);
    // C1: 29 sheets (minimum − 1), all satisfied. C2: 30 sheets, 15 satisfied; S5 answered on 29 of them only.
    await insertResponses(db, { ...base, agencyId: a.C1!.id, submittedAt: AT, sheets: [{ answers: uniformSheet(5, 5), count: 29 }] });
    await insertResponses(db, {
      ...base,
      agencyId: a.C2!.id,
      submittedAt: AT,
      sheets: [...sheetsAtShare(29, 15), { answers: { S1: 2, S2: 2, S3: 2, S4: 2 }, count: 1 }],
    });
    const settings = await figureSettings(db);
    const { rows, minimum } = await publishedFigures(db, { period: MARCH, settings });
    expect(minimum).toBe(30);
    const by = (code: string) => rows.find((r) => r.figures.code === code)!;

    expect(by("C1").withheld.meanOfElements).toBe(true);
    expect(by("C1").figures.meanOfElements).toBeNull();
    expect(by("C1").figures.elements.every((e) => e.index === null)).toBe(true);
    expect(by("C1").figures.overallQuestion.index).toBeNull();
    expect(by("C1").figures.responses).toBe(29);

    expect(by("C2").withheld.meanOfElements).toBe(false);
    expect(by("C2").figures.elements.find((e) => e.element === "access")!.index).toBe(50);
    // S5 has 29 valid answers: withheld on its own; S0 was never asked: no data, not withheld.
    expect(by("C2").withheld.elements).toEqual({ feedback: true });
    expect(by("C2").figures.elements.find((e) => e.element === "feedback")!.index).toBeNull();
    expect(by("C2").withheld.overallQuestion).toBe(false);
    // Mean of the five as computed before withholding: (50 + 50 + 50 + 50 + 15/29·100) / 5.
    expect(by("C2").figures.meanOfElements).toBeCloseTo((4 * 50 + (100 * 15) / 29) / 5, 10);

    // The province pools 59 sheets: 44 satisfied on S1 of 59.
    expect(by("P").withheld.meanOfElements).toBe(false);
    expect(by("P").figures.elements[0]!.index).toBeCloseTo((100 * 44) / 59, 10);

    // A withheld unit is not ranked: only C2 is left among the communes.
    const ranking = rankAgencies([by("C1").figures, by("C2").figures].map((f) => ({ ...f, sample: { ...f.sample, sufficient: true } })));
    expect(ranking.ranked.map((r) => r.figures.code)).toEqual(["C2"]);

    // At a minimum of 29, C1 is published (100 %) and C2's S5 too.
    await setSetting(db, "figures.publicMinimum", 29, { id: null });
    const lower = await publishedFigures(db, { period: MARCH, settings });
    const c1 = lower.rows.find((r) => r.figures.code === "C1")!;
    expect(c1.withheld.meanOfElements).toBe(false);
    expect(c1.figures.meanOfElements).toBe(100);
    expect(c1.figures.overallQuestion.index).toBe(100);
    expect(lower.rows.find((r) => r.figures.code === "C2")!.withheld.elements).toEqual({});
  });
});

describe("the same period last year", () => {
  isolated("is compared beside the previous period on the overview, from hand-computed figures", async () => {
    const a = await createAgencyTree(db, [
      { code: "D", level: "district" },
      { code: "C1", level: "commune", parent: "D", sortOrder: 1 },
      { code: "C2", level: "commune", parent: "D", sortOrder: 2 },
    ]);
    const add = (code: "C1" | "C2", at: string, total: number, satisfied: number) =>
      insertResponses(db, { ...base, agencyId: a[code]!.id, submittedAt: new Date(at), sheets: sheetsAtShare(total, satisfied) });
    // March 2024: C1 50/60 and C2 40/40 → pooled 90/100 = 90 %.
    await add("C1", "2024-03-10T09:00:00+07:00", 60, 50);
    await add("C2", "2024-03-01T00:00:00+07:00", 40, 40);
    // February 2024 (previous period): C1 30/40 → 75 %.
    await add("C1", "2024-02-29T23:59:59+07:00", 40, 30);
    // March 2023 (same period last year): C1 40/50 and C2 30/30 on its last second → 70/80 = 87,5 %.
    await add("C1", "2023-03-15T09:00:00+07:00", 50, 40);
    await add("C2", "2023-03-31T23:59:59+07:00", 30, 30);
    // 01/04/2023 00:00 +07 is outside March 2023.
    await add("C2", "2023-04-01T00:00:00+07:00", 10, 0);

    const settings = await figureSettings(db);
    const overview = (await agencyOverview(db, { agencyId: a.D!.id, scopePath: a.D!.path, period: parsePeriod("m:2024-03")!, settings }))!;
    expect(overview.agency.meanOfElements).toBeCloseTo(90, 10);
    expect(overview.previousPeriod.key).toBe("m:2024-02");
    expect(overview.previous.meanOfElements).toBeCloseTo(75, 10);
    expect(overview.change.meanOfElements).toBeCloseTo(15, 10);
    expect(overview.lastYearPeriod.key).toBe("m:2023-03");
    expect(overview.lastYear.responses).toBe(80);
    expect(overview.lastYear.meanOfElements).toBeCloseTo(87.5, 10);
    expect(overview.lastYearChange.meanOfElements).toBeCloseTo(2.5, 10);
    expect(overview.lastYearChange.elements.officials).toBeCloseTo(2.5, 10);
    // No overall question was asked in either period: no change to show.
    expect(overview.lastYearChange.overallQuestion).toBeNull();

    // For a reporting year the same period last year is the previous one, read once.
    const ry = (await agencyOverview(db, { agencyId: a.D!.id, scopePath: a.D!.path, period: parsePeriod("ry:2024")!, settings }))!;
    expect(ry.lastYearPeriod.key).toBe("ry:2023");
    expect(ry.previousPeriod.key).toBe("ry:2023");
    // ry:2024 (01/12/2023–30/11/2024): 100 + 40 sheets, 120 satisfied; ry:2023: 80 + 10 sheets, 70 satisfied.
    expect(ry.agency.meanOfElements).toBeCloseTo((100 * 120) / 140, 10);
    expect(ry.lastYear.meanOfElements).toBeCloseTo((100 * 70) / 90, 10);
    expect(ry.lastYearChange.meanOfElements).toBeCloseTo((100 * 120) / 140 - (100 * 70) / 90, 10);
  });
});
