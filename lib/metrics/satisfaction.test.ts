import { describe, expect, it } from "vitest";
import { INDEX_ELEMENTS, type AgencyFigures, type Distribution, type ElementCounts } from "@/db/queries/satisfaction";
import { ELEMENTS } from "@/lib/questionnaire/sipas-v1";
import { formatPercent } from "./formulas";
import {
  currentReportingYear,
  describeFigures,
  describeTree,
  reportingYear,
  vietnamDate,
  vietnamDateRange,
  vietnamMidnight,
} from "./satisfaction";

function counts(distribution: Distribution): ElementCounts {
  return {
    distribution,
    valid: distribution.reduce((a, b) => a + b, 0),
    satisfied: distribution[3] + distribution[4],
  };
}

function figures(
  agencyId: number,
  perElement: Distribution,
  extra: Partial<Pick<AgencyFigures, "responses" | "completedDossiers" | "overall" | "elements">> = {},
): AgencyFigures {
  const elements = Object.fromEntries(INDEX_ELEMENTS.map((e) => [e, counts(perElement)])) as AgencyFigures["elements"];
  return {
    agencyId,
    code: `A${agencyId}`,
    name: `Agency ${agencyId}`,
    nameEn: null,
    level: "commune",
    tier: "commune",
    kind: "administrative",
    responses: perElement.reduce((a, b) => a + b, 0),
    completedDossiers: 0,
    invitations: 0,
    completedOnTime: 0,
    completedLate: 0,
    completedWithoutDue: 0,
    elements,
    overall: counts([0, 0, 0, 0, 0]),
    ...extra,
  };
}

describe("the element list", () => {
  it("is the same in db/ and in the questionnaire definition", () => {
    expect([...INDEX_ELEMENTS]).toEqual([...ELEMENTS]);
  });
});

describe("describeFigures", () => {
  it("gives each element its index and distribution, and the mean of the five", () => {
    const f = figures(1, [1, 1, 2, 4, 2]);
    f.elements.feedback = counts([0, 0, 0, 1, 1]); // 100%
    const d = describeFigures(f);
    expect(d.elements.map((e) => e.element)).toEqual([...INDEX_ELEMENTS]);
    expect(d.elements[0]).toMatchObject({ element: "access", index: 60, satisfied: 6, valid: 10, distribution: [1, 1, 2, 4, 2] });
    expect(d.meanOfElements).toBe((60 * 4 + 100) / 5);
    expect(d.elementsInMean).toBe(5);
    expect(d.meanOfChildren).toBeUndefined();
  });

  it("leaves an element nobody answered out of the mean, and says so", () => {
    const f = figures(1, [0, 0, 0, 9, 1]);
    f.elements.feedback = counts([0, 0, 0, 0, 0]);
    const d = describeFigures(f);
    expect(d.elements[4]!.index).toBeNull();
    expect(d.meanOfElements).toBe(100);
    expect(d.elementsInMean).toBe(4);
  });

  it("reports the overall question separately from the mean of the elements", () => {
    const d = describeFigures(figures(1, [0, 0, 0, 5, 5], { overall: counts([1, 1, 2, 4, 2]) }));
    expect(d.meanOfElements).toBe(100);
    expect(d.overallQuestion.index).toBe(60);
    expect(describeFigures(figures(2, [0, 0, 0, 1, 0])).overallQuestion.index).toBeNull();
  });

  it("marks a sample below the SIPAS size as insufficient", () => {
    const enough = describeFigures(figures(1, [0, 0, 0, 0, 1], { responses: 388, completedDossiers: 12932 }));
    expect(enough.sample).toEqual({ needed: 388, responses: 388, completedDossiers: 12932, sufficient: true });
    const short = describeFigures(figures(1, [0, 0, 0, 0, 1], { responses: 171, completedDossiers: 300 }));
    expect(short.sample).toMatchObject({ needed: 172, sufficient: false });
  });

  it("gives a parent its pooled headline and, apart, the unweighted mean of its children (domain §5)", () => {
    // Commune A: 200 answers at 95%; commune B: 800 at 90%; the district pools both.
    const a = figures(2, [10, 0, 0, 90, 100]);
    const b = figures(3, [80, 0, 0, 320, 400]);
    const district = figures(1, [90, 0, 0, 410, 500]);
    const { agency, children } = describeTree({ agency: district, children: [a, b], own: district });
    expect(agency.meanOfElements).toBeCloseTo(91, 12);
    expect(formatPercent(agency.meanOfElements, "vi")).toBe("91,00%");
    expect(agency.meanOfChildren!.value).toBeCloseTo(92.5, 12);
    expect(agency.meanOfChildren!.childrenInMean).toBe(2);
    expect(children.map((c) => c.meanOfElements)).toEqual([95, 90]);
    expect(children.every((c) => c.meanOfChildren === undefined)).toBe(true);
  });
});

describe("reporting year (Vietnam time, UTC+7)", () => {
  it("runs from 01/12 of the year before to 01/12, half-open", () => {
    const y = reportingYear(2023);
    expect(y.endYear).toBe(2023);
    expect(y.from.toISOString()).toBe("2022-11-30T17:00:00.000Z");
    expect(y.to.toISOString()).toBe("2023-11-30T17:00:00.000Z");
    expect(vietnamDateRange(y.from, y.to)).toBe("01/12/2022 – 30/11/2023");
  });

  it("counts 30/11/2023 23:59 +07 in 2023 and 01/12/2023 00:00 +07 in 2024", () => {
    const inside = (d: Date, p: { from: Date; to: Date }) => d >= p.from && d < p.to;
    const lastMinute = new Date("2023-11-30T23:59:59.999+07:00");
    const firstInstant = new Date("2023-12-01T00:00:00+07:00");
    expect(inside(lastMinute, reportingYear(2023))).toBe(true);
    expect(inside(lastMinute, reportingYear(2024))).toBe(false);
    expect(inside(firstInstant, reportingYear(2023))).toBe(false);
    expect(inside(firstInstant, reportingYear(2024))).toBe(true);
    expect(currentReportingYear(lastMinute).endYear).toBe(2023);
    expect(currentReportingYear(firstInstant).endYear).toBe(2024);
  });

  it("uses Vietnam's calendar day, not UTC's", () => {
    // 17:30 UTC on 30/11 is already 00:30 on 01/12 in Hà Nội.
    expect(currentReportingYear(new Date("2023-11-30T17:30:00Z")).endYear).toBe(2024);
    expect(currentReportingYear(new Date("2023-11-30T16:59:59Z")).endYear).toBe(2023);
    expect(currentReportingYear(new Date("2024-01-15T12:00:00Z")).endYear).toBe(2024);
    expect(currentReportingYear(new Date("2024-12-31T18:00:00Z")).endYear).toBe(2025);
  });
});

describe("vietnamDate", () => {
  it("formats dd/mm/yyyy in UTC+7", () => {
    expect(vietnamDate(new Date("2023-11-30T17:00:00Z"))).toBe("01/12/2023");
    expect(vietnamDate(new Date("2023-11-30T16:59:59Z"))).toBe("30/11/2023");
    expect(vietnamDate(vietnamMidnight(2025, 1, 5))).toBe("05/01/2025");
  });
});
