import { describe, expect, it } from "vitest";
import type { AgencyRangeCounts, RangeCounts } from "@/db/queries/alerts";
import { INDEX_ELEMENTS } from "@/db/queries/figures";
import { alertRanges, alertTests, decideAlerts, type RangeName } from "./method";

/** `valid` answers per element, `satisfied` of them 4 or 5, from `responses` people. */
function range(responses: number, satisfied: number, valid = responses): RangeCounts {
  const elements = {} as RangeCounts["elements"];
  for (const e of INDEX_ELEMENTS) elements[e] = { satisfied, valid };
  return { responses, elements };
}

function agency(agencyId: number, w: RangeCounts, b: RangeCounts): AgencyRangeCounts<RangeName> {
  return { agencyId, ranges: { w7: w, b7: b, w30: w, b30: b } };
}

describe("alertRanges", () => {
  it("ends every window with the judged day and puts 90 days before each", () => {
    expect(alertRanges("2026-06-10")).toEqual({
      w7: { from: "2026-06-04", to: "2026-06-11" },
      b7: { from: "2026-03-06", to: "2026-06-04" },
      w30: { from: "2026-05-12", to: "2026-06-11" },
      b30: { from: "2026-02-11", to: "2026-05-12" },
    });
  });
});

describe("alertTests", () => {
  it("runs twelve tests per agency and tests the pool with one observation per response", () => {
    const tests = alertTests([agency(1, range(40, 20), range(400, 360))]);
    expect(tests).toHaveLength(12);
    const pooled = tests.find((t) => t.element === "pooled" && t.windowDays === 7)!;
    // Σ over the five elements as recorded…
    expect(pooled.window).toEqual({ satisfied: 100, valid: 200 });
    // …but 40 responses are 40 observations, not 200: the same p as one element's test.
    const element = tests.find((t) => t.element === "access" && t.windowDays === 7)!;
    expect(pooled.test!.pValue).toBeCloseTo(element.test!.pValue, 12);
  });

  it("leaves small samples untested", () => {
    const tests = alertTests([agency(1, range(29, 10), range(400, 360)), agency(2, range(40, 10), range(99, 90))]);
    expect(tests.every((t) => !t.eligible && t.test === null)).toBe(true);
  });
});

describe("decideAlerts", () => {
  it("does not let significant but small drops loosen the threshold for a marginal one", () => {
    // Agency 1: 87 % against 90 % on 3 000 / 10 000 answers: significant, under 5 points.
    // Agency 2: 82,5 % against 90 % on 40 / 400: 7,5 points, one-sided p ≈ 0,12.
    const tests = alertTests([agency(1, range(3000, 2610), range(10000, 9000)), agency(2, range(40, 33), range(400, 360))]);
    expect(tests.filter((t) => t.agencyId === 1).every((t) => t.test!.pValue < 1e-4)).toBe(true);
    expect(decideAlerts(tests, []).open).toHaveLength(0);
  });

  it("opens only what is not open, and closes with hysteresis", () => {
    const drop = alertTests([agency(1, range(100, 60), range(1000, 900))]);
    const first = decideAlerts(drop, []);
    expect(first.open.map((t) => `${t.element}:${t.windowDays}`).sort()).toEqual(
      [...INDEX_ELEMENTS, "pooled"].flatMap((e) => [`${e}:30`, `${e}:7`]).sort(),
    );
    const open = first.open.map((t, i) => ({ id: i + 1, agencyId: 1, element: t.element, windowDays: t.windowDays, openedOn: "2026-06-10" }));
    expect(decideAlerts(drop, open)).toMatchObject({ open: [], close: [] });
    // 87 %: 3 points below, inside the 5-point margin but outside the 2-point one: stays open.
    expect(decideAlerts(alertTests([agency(1, range(100, 87), range(1000, 900))]), open).close).toHaveLength(0);
    // 89 %: within 2 points: every episode closes.
    expect(decideAlerts(alertTests([agency(1, range(100, 89), range(1000, 900))]), open).close).toHaveLength(12);
    // Too few answers to say: stays open.
    expect(decideAlerts(alertTests([agency(1, range(10, 10), range(1000, 900))]), open).close).toHaveLength(0);
  });
});
