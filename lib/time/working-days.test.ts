import { describe, expect, it } from "vitest";
import { addWorkingDays, isPastDeadline, isWorkingDay, nextWorkingDay, workingDaysBetween, type WorkingCalendar } from "./working-days";

// National Day 2025: Monday 01/09 and Tuesday 02/09 off. A made-up worked Saturday 06/09.
const calendar: WorkingCalendar = {
  exceptions: new Map([
    ["2025-09-01", true],
    ["2025-09-02", true],
    ["2025-09-06", false],
  ]),
};
const plain: WorkingCalendar = { exceptions: new Map() };

describe("working days", () => {
  it("knows weekends, holidays and worked weekend days", () => {
    expect(isWorkingDay("2025-08-29", plain)).toBe(true); // Friday
    expect(isWorkingDay("2025-08-30", plain)).toBe(false); // Saturday
    expect(isWorkingDay("2025-08-31", plain)).toBe(false); // Sunday
    expect(isWorkingDay("2025-09-01", calendar)).toBe(false);
    expect(isWorkingDay("2025-09-06", calendar)).toBe(true);
  });

  it("counts from the first working day after the day of receipt", () => {
    // Friday → Monday is day 1 without holidays: 5 days end on Friday.
    expect(addWorkingDays("2025-08-22", 5, plain)).toBe("2025-08-29");
    // Across the weekend and the National Day holiday: Wed 03, Thu 04, Fri 05, Mon 08, Tue 09.
    expect(addWorkingDays("2025-08-29", 5, { exceptions: new Map([["2025-09-01", true], ["2025-09-02", true]]) })).toBe("2025-09-09");
    // The worked Saturday counts: Wed 03, Thu 04, Fri 05, Sat 06, Mon 08.
    expect(addWorkingDays("2025-08-29", 5, calendar)).toBe("2025-09-08");
    // Received on a Sunday: Monday is day 1.
    expect(addWorkingDays("2025-08-31", 1, plain)).toBe("2025-09-01");
    expect(nextWorkingDay("2025-08-29", calendar)).toBe("2025-09-03");
    expect(addWorkingDays("2025-12-31", 10, plain)).toBe("2026-01-14");
  });

  it("refuses a count that is not a positive whole number", () => {
    expect(() => addWorkingDays("2025-08-29", 0, plain)).toThrow();
    expect(() => addWorkingDays("2025-08-29", 1.5, plain)).toThrow();
  });

  it("measures working days used, and the deadline day is on time", () => {
    expect(workingDaysBetween("2025-08-29", "2025-08-29", calendar)).toBe(0);
    expect(workingDaysBetween("2025-08-29", "2025-09-02", calendar)).toBe(0);
    expect(workingDaysBetween("2025-08-29", "2025-09-09", calendar)).toBe(6);
    const due = addWorkingDays("2025-08-29", 5, calendar);
    expect(workingDaysBetween("2025-08-29", due, calendar)).toBe(5);
    expect(isPastDeadline(due, due)).toBe(false);
    expect(isPastDeadline("2025-09-09", due)).toBe(true);
  });

  it("stops on a calendar with no working day instead of looping", () => {
    const everyDayOff: WorkingCalendar = { exceptions: { get: () => true } as unknown as Map<string, boolean> };
    expect(() => nextWorkingDay("2025-01-01", everyDayOff)).toThrow(/no working day/);
  });
});
