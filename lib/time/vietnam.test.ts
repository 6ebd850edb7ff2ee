import { describe, expect, it } from "vitest";
import { addCalendarDays, formatDay, isDay, startOfVietnamDay, vietnamDate, vietnamDayOf, weekday } from "./vietnam";

describe("Vietnam days", () => {
  it("puts an instant on its Vietnam calendar day", () => {
    expect(vietnamDayOf(new Date("2025-11-30T16:59:59Z"))).toBe("2025-11-30");
    expect(vietnamDayOf(new Date("2025-11-30T17:00:00Z"))).toBe("2025-12-01");
    expect(startOfVietnamDay("2025-12-01").toISOString()).toBe("2025-11-30T17:00:00.000Z");
    expect(vietnamDate(new Date("2025-11-30T17:00:00Z"))).toBe("01/12/2025");
  });

  it("does calendar arithmetic on days across months, years and leap days", () => {
    expect(addCalendarDays("2024-02-28", 1)).toBe("2024-02-29");
    expect(addCalendarDays("2025-12-31", 1)).toBe("2026-01-01");
    expect(addCalendarDays("2026-01-01", -1)).toBe("2025-12-31");
    expect(weekday("2026-12-01")).toBe(2);
    expect(formatDay("2026-03-09")).toBe("09/03/2026");
  });

  it("accepts only real days", () => {
    expect(isDay("2026-02-29")).toBe(false);
    expect(isDay("2024-02-29")).toBe(true);
    expect(isDay("2026-1-01")).toBe(false);
    expect(() => addCalendarDays("31/12/2025", 1)).toThrow();
  });
});
