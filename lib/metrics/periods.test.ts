import { describe, expect, it } from "vitest";
import { parsePeriod, periodFromForm, periodLabelParts, previousPeriod, trailingYear } from "./periods";

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
});
