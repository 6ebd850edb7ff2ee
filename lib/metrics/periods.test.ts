import { describe, expect, it } from "vitest";
import { defaultPeriod, parsePeriod, periodFromForm, periodLabelParts, previousPeriod, samePeriodLastYear, trailingYear, trendWindow } from "./periods";

const iso = (d: Date) => d.toISOString();

describe("parsePeriod", () => {
  it("reads every URL form with edges at 00:00 Vietnam time", () => {
    expect([iso(parsePeriod("m:2023-11")!.from), iso(parsePeriod("m:2023-11")!.to)]).toEqual(["2023-10-31T17:00:00.000Z", "2023-11-30T17:00:00.000Z"]);
    expect([iso(parsePeriod("q:2023-1")!.from), iso(parsePeriod("q:2023-1")!.to)]).toEqual(["2022-12-31T17:00:00.000Z", "2023-03-31T17:00:00.000Z"]);
    expect([iso(parsePeriod("year:2023")!.from), iso(parsePeriod("year:2023")!.to)]).toEqual(["2022-12-31T17:00:00.000Z", "2023-12-31T17:00:00.000Z"]);
    expect([iso(parsePeriod("ry:2023")!.from), iso(parsePeriod("ry:2023")!.to)]).toEqual(["2022-11-30T17:00:00.000Z", "2023-11-30T17:00:00.000Z"]);
    const range = parsePeriod("range:2023-01-01..2023-03-31")!;
    expect([iso(range.from), iso(range.to), range.key]).toEqual(["2022-12-31T17:00:00.000Z", "2023-03-31T17:00:00.000Z", "range:2023-01-01..2023-03-31"]);
  });

  it("puts 30/11 23:59:59 +07 inside the reporting year and 01/12 00:00 +07 outside", () => {
    const p = parsePeriod("ry:2023")!;
    const inside = (d: Date) => d >= p.from && d < p.to;
    expect(inside(new Date("2023-11-30T23:59:59+07:00"))).toBe(true);
    expect(inside(new Date("2023-12-01T00:00:00+07:00"))).toBe(false);
    expect(inside(new Date("2022-12-01T00:00:00+07:00"))).toBe(true);
  });

  it.each(["", "ry:23", "m:2023-13", "q:2023-5", "year:1999", "range:2023-02-30..2023-03-01", "range:2023-03-01..2023-02-01", "range:2020-01-01..2024-01-01", "week:1", 42, null])(
    "refuses %s",
    (value) => {
      expect(parsePeriod(value)).toBeNull();
    },
  );
});

describe("previousPeriod", () => {
  it("is the period of the same kind just before", () => {
    expect(previousPeriod(parsePeriod("m:2023-01")!).key).toBe("m:2022-12");
    expect(previousPeriod(parsePeriod("q:2023-1")!).key).toBe("q:2022-4");
    expect(previousPeriod(parsePeriod("year:2023")!).key).toBe("year:2022");
    expect(previousPeriod(parsePeriod("ry:2023")!).key).toBe("ry:2022");
    expect(previousPeriod(parsePeriod("range:2023-03-01..2023-03-10")!).key).toBe("range:2023-02-19..2023-02-28");
  });
});

describe("periodFromForm and labels", () => {
  it("builds the period from the selector fields, dd/mm/yyyy dates included", () => {
    expect(periodFromForm({ kind: "quarter", year: "2023", q: "4" })!.key).toBe("q:2023-4");
    expect(periodFromForm({ kind: "month", year: "2023", m: "3" })!.key).toBe("m:2023-03");
    expect(periodFromForm({ kind: "range", from: "1/2/2023", to: "28/02/2023" })!.key).toBe("range:2023-02-01..2023-02-28");
    expect(periodFromForm({ kind: "range", from: "31/02/2023", to: "28/02/2023" })).toBeNull();
    expect(periodFromForm({ kind: "nope" })).toBeNull();
  });

  it("labels the reporting year by the year it ends in, with its last day", () => {
    expect(periodLabelParts(parsePeriod("ry:2023")!)).toMatchObject({ year: 2023, from: "01/12/2022", to: "30/11/2023" });
    expect(periodLabelParts(parsePeriod("q:2023-4")!)).toMatchObject({ year: 2023, quarter: 4, from: "01/10/2023", to: "31/12/2023" });
  });

  it("takes the twelve months that end with the period for the trend", () => {
    const w = trailingYear(parsePeriod("m:2023-03")!);
    expect([iso(w.from), iso(w.to)]).toEqual(["2022-03-31T17:00:00.000Z", "2023-03-31T17:00:00.000Z"]);
  });

  it("shows every month of a period longer than a year, and the twelve ending with a shorter one", () => {
    const three = trendWindow(parsePeriod("range:2023-12-01..2026-11-30")!);
    expect([iso(three.from), iso(three.to)]).toEqual(["2023-11-30T17:00:00.000Z", "2026-11-30T17:00:00.000Z"]);
    // A range that starts mid-month begins with that month.
    const mid = trendWindow(parsePeriod("range:2024-01-15..2025-06-30")!);
    expect([iso(mid.from), iso(mid.to)]).toEqual(["2023-12-31T17:00:00.000Z", "2025-06-30T17:00:00.000Z"]);
    expect(trendWindow(parsePeriod("ry:2023")!)).toEqual(trailingYear(parsePeriod("ry:2023")!));
    expect(trendWindow(parsePeriod("m:2023-03")!)).toEqual(trailingYear(parsePeriod("m:2023-03")!));
  });
});

describe("defaultPeriod", () => {
  const keys = (at: string) => (["month", "quarter", "reportingYear"] as const).map((k) => defaultPeriod(k, new Date(at)).key);

  it("counts from the Vietnam day: 01/12 00:30 +07 is already December, while still 30/11 in UTC", () => {
    expect(new Date("2026-12-01T00:30:00+07:00").toISOString()).toBe("2026-11-30T17:30:00.000Z");
    expect(keys("2026-12-01T00:30:00+07:00")).toEqual(["m:2026-11", "q:2026-3", "ry:2026"]);
    // One hour earlier it is still November in Vietnam: October, the third quarter, the reporting year 2025.
    expect(keys("2026-11-30T23:30:00+07:00")).toEqual(["m:2026-10", "q:2026-3", "ry:2025"]);
  });

  it("turns at each edge of a month, a quarter and a year at 00:00 Vietnam time", () => {
    expect(keys("2026-10-01T00:00:00+07:00")).toEqual(["m:2026-09", "q:2026-3", "ry:2025"]);
    expect(keys("2026-09-30T23:59:59+07:00")).toEqual(["m:2026-08", "q:2026-2", "ry:2025"]);
    // New Year in Vietnam (still 31/12 in UTC): December and the fourth quarter of the year before.
    expect(keys("2027-01-01T00:10:00+07:00")).toEqual(["m:2026-12", "q:2026-4", "ry:2026"]);
    expect(keys("2026-12-31T23:59:59+07:00")).toEqual(["m:2026-11", "q:2026-3", "ry:2026"]);
    expect(keys("2026-04-01T00:00:00+07:00")).toEqual(["m:2026-03", "q:2026-1", "ry:2025"]);
  });

  it("has ended by the instant asked about, and becomes the default the moment it ends", () => {
    for (const at of ["2026-12-01T00:30:00+07:00", "2026-02-15T12:00:00+07:00", "2027-01-01T00:00:00+07:00", "2026-11-30T23:59:59+07:00"]) {
      for (const kind of ["month", "quarter", "reportingYear"] as const) {
        const p = defaultPeriod(kind, new Date(at));
        expect(p.to.getTime()).toBeLessThanOrEqual(new Date(at).getTime());
        expect(defaultPeriod(kind, p.to).key).toBe(p.key);
        expect(defaultPeriod(kind, new Date(p.to.getTime() - 1)).key).toBe(previousPeriod(p).key);
      }
    }
  });
});

describe("samePeriodLastYear", () => {
  it("is the same month, quarter, year or days one year earlier", () => {
    expect(samePeriodLastYear(parsePeriod("m:2024-03")!).key).toBe("m:2023-03");
    expect(samePeriodLastYear(parsePeriod("m:2024-01")!).key).toBe("m:2023-01");
    expect(samePeriodLastYear(parsePeriod("q:2024-1")!).key).toBe("q:2023-1");
    expect(samePeriodLastYear(parsePeriod("year:2024")!).key).toBe("year:2023");
    expect(samePeriodLastYear(parsePeriod("ry:2024")!).key).toBe("ry:2023");
    expect(samePeriodLastYear(parsePeriod("range:2024-03-05..2024-03-20")!).key).toBe("range:2023-03-05..2023-03-20");
  });

  it("keeps a range ending on 29/02 inside February", () => {
    expect(samePeriodLastYear(parsePeriod("range:2024-02-01..2024-02-29")!).key).toBe("range:2023-02-01..2023-02-28");
  });

  it("differs from the previous period for a month and a quarter, and is it for a year", () => {
    const m = parsePeriod("m:2024-03")!;
    expect(previousPeriod(m).key).toBe("m:2024-02");
    expect(samePeriodLastYear(parsePeriod("ry:2024")!).key).toBe(previousPeriod(parsePeriod("ry:2024")!).key);
  });
});
