import { describe, expect, it } from "vitest";
import { benjaminiHochberg, dropTest, normalCdf } from "./statistics";

// Reference values from SciPy 1.17 (scipy.stats.norm.cdf; chi2_contingency with Yates'
// correction, whose signed root is the corrected z of R's prop.test(alternative = "less")).
describe("normalCdf", () => {
  it.each([
    [-1.96, 0.024997895148220435],
    [-3, 0.0013498980316300957],
    [-5, 2.866515718791946e-7],
    [-1.6448536269514722, 0.05],
    [0, 0.5],
    [1.96, 1 - 0.024997895148220435],
  ])("Φ(%d)", (x, expected) => {
    // Relative accuracy in the tail, where the false-discovery thresholds are.
    expect(Math.abs(normalCdf(x) - expected) / expected).toBeLessThan(2e-7);
  });
});

describe("dropTest", () => {
  it.each([
    [24, 30, 900, 1000, -1.4712804351089954, 0.070607646080797],
    [60, 100, 450, 500, -7.516256890704231, 2.8183373258102743e-14],
    [170, 200, 2700, 3000, -2.131178301240196, 0.01653722795945189],
  ])("window %d/%d against baseline %d/%d", (ws, wv, bs, bv, z, p) => {
    const t = dropTest({ satisfied: ws, valid: wv }, { satisfied: bs, valid: bv })!;
    expect(t.z).toBeCloseTo(z, 9);
    expect(Math.abs(t.pValue - p) / p).toBeLessThan(2e-7);
    expect(t.drop).toBeCloseTo(bs / bv - ws / wv, 12);
  });

  it("says a rise is no drop", () => {
    const t = dropTest({ satisfied: 95, valid: 100 }, { satisfied: 800, valid: 1000 })!;
    expect(t.drop).toBeLessThan(0);
    expect(t.pValue).toBeGreaterThan(0.99);
  });

  it("has nothing to test without answers", () => {
    expect(dropTest({ satisfied: 0, valid: 0 }, { satisfied: 9, valid: 10 })).toBeNull();
    expect(dropTest({ satisfied: 30, valid: 30 }, { satisfied: 100, valid: 100 })!.pValue).toBe(1);
  });
});

describe("benjaminiHochberg", () => {
  it("rejects the four smallest of Benjamini & Hochberg's (1995) fifteen p-values at q = 0,05", () => {
    const p = [0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344, 0.0459, 0.324, 0.4262, 0.5719, 0.6528, 0.759, 1];
    // Shuffled, to show the answer is indices into the input, not ranks.
    const shuffled = [p[9]!, p[3]!, p[14]!, p[0]!, p[5]!, p[2]!, p[7]!, p[1]!, p[12]!, p[4]!, p[6]!, p[8]!, p[10]!, p[11]!, p[13]!];
    const rejected = benjaminiHochberg(shuffled, 0.05);
    expect([...rejected].map((i) => shuffled[i]).sort((a, b) => a! - b!)).toEqual([0.0001, 0.0004, 0.0019, 0.0095]);
  });

  it("steps up: a p-value above its own threshold is rejected when a larger rank passes", () => {
    // Thresholds k·0,05/10: 0,005 0,01 0,015 0,02 … ; 0,015 passes at rank 3 so ranks 1–3 go.
    const p = [0.01, 0.04, 0.03, 0.005, 0.2, 0.5, 0.015, 0.8, 0.045, 0.06];
    expect([...benjaminiHochberg(p, 0.05)].sort()).toEqual([0, 3, 6]);
    // Same as SciPy's false_discovery_control(p) ≤ 0,05.
  });

  it("rejects nothing when nothing passes, and handles no tests", () => {
    expect(benjaminiHochberg([0.2, 0.5, 0.9], 0.05).size).toBe(0);
    expect(benjaminiHochberg([], 0.05).size).toBe(0);
  });
});
