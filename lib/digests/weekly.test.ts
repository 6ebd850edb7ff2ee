import { describe, expect, it } from "vitest";
import { isoWeekKey, isoWeekOf, weeklyDigestKey } from "./weekly";

describe("isoWeekOf", () => {
  it("follows ISO 8601: Monday starts the week, the year of its Thursday names it", () => {
    expect(isoWeekOf("2026-12-07")).toEqual({ year: 2026, week: 50 });
    expect(isoWeekOf("2026-12-13")).toEqual({ year: 2026, week: 50 });
    expect(isoWeekOf("2026-12-14")).toEqual({ year: 2026, week: 51 });
    // 2026 has 53 weeks: Friday 01/01/2027 still belongs to it.
    expect(isoWeekOf("2027-01-01")).toEqual({ year: 2026, week: 53 });
    expect(isoWeekOf("2027-01-04")).toEqual({ year: 2027, week: 1 });
    expect(isoWeekOf("2021-01-03")).toEqual({ year: 2020, week: 53 });
    expect(isoWeekOf("2024-12-30")).toEqual({ year: 2025, week: 1 });
  });

  it("makes one dedupe key per leader and week", () => {
    expect(isoWeekKey("2026-01-05")).toBe("2026-W02");
    expect(weeklyDigestKey(12, isoWeekKey("2026-12-07"))).toBe("digest:weekly:12:2026-W50");
  });
});
