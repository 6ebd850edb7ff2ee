import { expect, it } from "vitest";
import type { Db } from "@/db/client";
import { createAgencyTree, createSurveyBase, insertDossiers, insertResponses, sheetsAtShare } from "@/tests/helpers/fixtures";
import { inRolledBackTransaction, fileTestDatabase } from "@/tests/helpers/test-db";
import { agencyOverview, type FigureSettings } from "./figures";
import { bandCounts, peerPlaces } from "./peers";
import { reportingYearPeriod } from "./periods";

const RY_2023 = reportingYearPeriod(2023);
const MID_2023 = new Date("2023-06-15T10:00:00+07:00");
const SETTINGS: FigureSettings = { includeUnverified: false, bands: [] };

const testDatabase = fileTestDatabase();

/**
 * A province with one department and two districts, each with a one-stop centre, a division and
 * communes (one of them a ward, another a township: one tier). Shares in per cent of 20 answers.
 */
async function province(db: Db) {
  const base = await createSurveyBase(db);
  const tree = await createAgencyTree(db, [
    { code: "P", level: "province" },
    { code: "S1", level: "department", parent: "P" },
    { code: "D1", level: "district", parent: "P" },
    { code: "MC1", level: "center", parent: "D1" },
    { code: "TP1", level: "department", parent: "D1" },
    { code: "C11", level: "commune", parent: "D1" },
    { code: "C12", level: "ward", parent: "D1" },
    { code: "C13", level: "township", parent: "D1" },
    { code: "D2", level: "district", parent: "P" },
    { code: "MC2", level: "center", parent: "D2" },
    { code: "TP2", level: "department", parent: "D2" },
    { code: "C21", level: "commune", parent: "D2" },
  ]);
  const at = async (code: string, satisfied: number, dossiers: number) => {
    await insertResponses(db, { ...base, agencyId: tree[code]!.id, submittedAt: MID_2023, sheets: sheetsAtShare(20, satisfied) });
    await insertDossiers(db, { agencyId: tree[code]!.id, procedureId: base.procedureId, completedAt: MID_2023, count: dossiers });
  };
  // Dossiers: 20 each, so that 20 answers are a sufficient sample (n = 20 for N = 20).
  await at("S1", 19, 20); // 95 %
  await at("MC1", 18, 20); // 90 %
  await at("TP1", 10, 20); // 50 %: the weakest, but ranked only against divisions
  await at("C11", 16, 20); // 80 %
  await at("C12", 18, 20); // 90 %, ties with C13
  await at("C13", 18, 20); // 90 %
  await at("MC2", 17, 20); // 85 %
  await at("TP2", 12, 20); // 60 %
  await at("C21", 20, 20); // 100 %
  return tree;
}

it("ranks a district's centre, divisions and communes each among their own, with ties, and the district among the province's districts", () =>
  inRolledBackTransaction(testDatabase(), async (db) => {
    const tree = await province(db);
    const d1 = (await agencyOverview(db, { agencyId: tree.D1!.id, scopePath: "/", period: RY_2023, settings: SETTINGS }))!;
    expect(d1.peers.map((g) => [`${g.tier}:${g.kind}`, g.ranking.ranked.map((r) => [r.figures.code, r.rank])])).toEqual([
      ["district:department", [["TP1", 1]]],
      ["district:one_stop", [["MC1", 1]]],
      [
        "commune:administrative",
        [
          ["C12", 1],
          ["C13", 1],
          ["C11", 3],
        ],
      ],
    ]);
    // D1 pools 100 answers at 80 %, D2 60 answers at 81,67 %: D1 is second of two districts.
    expect(d1.peerRank).toEqual({ tier: "district", kind: "administrative", rank: 2, of: 2 });
    // Subtotals by tier: the district's own, its centre's and its division's at district level.
    expect(d1.tiers).toEqual([
      { tier: "district", agencies: 3, completedDossiers: 40, responses: 40 },
      { tier: "commune", agencies: 3, completedDossiers: 60, responses: 60 },
    ]);

    // "2/3 xếp loại Tốt, 1/3 Khá" with local bands (the order given does not matter).
    const bands = [
      { label: "Khá", min: 80 },
      { label: "Tốt", min: 90 },
    ];
    expect(bandCounts(d1.peers[2]!, bands)).toEqual({ bands: [{ label: "Tốt", count: 2 }, { label: "Khá", count: 1 }], below: 0, unclassified: 0, of: 3 });
    expect(bandCounts(d1.peers[0]!, bands)).toEqual({ bands: [], below: 1, unclassified: 0, of: 1 });

    // A commune among its district's communes.
    const c11 = (await agencyOverview(db, { agencyId: tree.C11!.id, scopePath: "/", period: RY_2023, settings: SETTINGS }))!;
    expect(c11.peerRank).toEqual({ tier: "commune", kind: "administrative", rank: 3, of: 3 });
    // A division among its district's divisions: alone, so no rank.
    const tp1 = (await agencyOverview(db, { agencyId: tree.TP1!.id, scopePath: "/", period: RY_2023, settings: SETTINGS }))!;
    expect(tp1.peerRank).toBeNull();
  }));

it("ranks, for a province, every unit of one tier and kind across the province", () =>
  inRolledBackTransaction(testDatabase(), async (db) => {
    const tree = await province(db);
    const p = (await agencyOverview(db, { agencyId: tree.P!.id, scopePath: "/", period: RY_2023, settings: SETTINGS }))!;
    expect(p.peerRank).toBeNull();
    expect(p.peers.map((g) => [`${g.tier}:${g.kind}`, g.ranking.ranked.map((r) => `${r.figures.code}:${r.rank}`).join(" ")])).toEqual([
      ["province:department", "S1:1"],
      ["district:administrative", "D2:1 D1:2"],
      ["district:department", "TP2:1 TP1:2"],
      ["district:one_stop", "MC1:1 MC2:2"],
      ["commune:administrative", "C21:1 C12:2 C13:2 C11:4"],
    ]);
    const places = peerPlaces(p.peers);
    expect(places.get(tree.C13!.id)).toEqual({ tier: "commune", kind: "administrative", rank: 2, of: 4 });
    expect(p.tiers.map((t) => [t.tier, t.completedDossiers])).toEqual([
      ["province", 20],
      ["district", 80],
      ["commune", 80],
    ]);
  }));

it("labels a headline averaged over fewer elements than five", () =>
  inRolledBackTransaction(testDatabase(), async (db) => {
    const base = await createSurveyBase(db);
    const tree = await createAgencyTree(db, [
      { code: "D", level: "district" },
      { code: "C", level: "commune", parent: "D" },
    ]);
    // Nobody answered S5 (feedback): every sheet leaves it "not applicable".
    await insertResponses(db, { ...base, agencyId: tree.C!.id, submittedAt: MID_2023, sheets: [{ answers: { S1: 5, S2: 4, S3: 2, S4: 5 }, count: 10 }] });
    const o = (await agencyOverview(db, { agencyId: tree.D!.id, scopePath: "/", period: RY_2023, settings: SETTINGS }))!;
    expect(o.agency.elementsInMean).toBe(4);
    expect(o.agency.meanOfElements).toBeCloseTo(75, 5);
    expect(o.peers[0]!.ranking.ranked[0]?.figures.elementsInMean ?? o.peers[0]!.ranking.apart[0]!.elementsInMean).toBe(4);
  }));
