import { vietnamDate, vietnamMidnight } from "./satisfaction";

/**
 * Reporting periods as they travel in URLs (`?period=ry:2023`). Every edge is 00:00 Vietnam time
 * and periods are half-open [from, to), so a response at 30/11 23:59:59 +07 falls in the
 * reporting year that ends that day and one at 01/12 00:00 +07 in the next.
 */
export type PeriodKind = "month" | "quarter" | "year" | "ry" | "range";

export type Period = {
  kind: PeriodKind;
  /** The canonical URL form: "m:2023-11", "q:2023-4", "year:2023", "ry:2023", "range:2023-01-01..2023-03-31". */
  key: string;
  from: Date;
  to: Date;
};

const DAY_MS = 24 * 60 * 60 * 1000;
// Far enough for any real archive, near enough that a typo such as 20233 is refused.
const MIN_YEAR = 2000;
const MAX_YEAR = 2100;
// A range longer than this is not a reporting period but a mistake (or a costly request).
const MAX_RANGE_DAYS = 3 * 366;

function validYear(y: number): boolean {
  return Number.isInteger(y) && y >= MIN_YEAR && y <= MAX_YEAR;
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

export function monthPeriod(year: number, month: number): Period {
  const to = month === 12 ? vietnamMidnight(year + 1, 1, 1) : vietnamMidnight(year, month + 1, 1);
  return { kind: "month", key: `m:${year}-${pad(month)}`, from: vietnamMidnight(year, month, 1), to };
}

export function quarterPeriod(year: number, quarter: number): Period {
  const startMonth = (quarter - 1) * 3 + 1;
  const to = quarter === 4 ? vietnamMidnight(year + 1, 1, 1) : vietnamMidnight(year, startMonth + 3, 1);
  return { kind: "quarter", key: `q:${year}-${quarter}`, from: vietnamMidnight(year, startMonth, 1), to };
}

export function yearPeriod(year: number): Period {
  return { kind: "year", key: `year:${year}`, from: vietnamMidnight(year, 1, 1), to: vietnamMidnight(year + 1, 1, 1) };
}

/** The reporting year 01/12/(endYear − 1) – 30/11/endYear. */
export function reportingYearPeriod(endYear: number): Period {
  return { kind: "ry", key: `ry:${endYear}`, from: vietnamMidnight(endYear - 1, 12, 1), to: vietnamMidnight(endYear, 12, 1) };
}

function isoDay(d: Date): string {
  const [dd, mm, yyyy] = vietnamDate(d).split("/");
  return `${yyyy}-${mm}-${dd}`;
}

/** The days first..last inclusive, Vietnam time. */
export function rangePeriod(from: Date, lastDayStart: Date): Period {
  const to = new Date(lastDayStart.getTime() + DAY_MS);
  return { kind: "range", key: `range:${isoDay(from)}..${isoDay(lastDayStart)}`, from, to };
}

function parseDay(text: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (!validYear(y) || mo < 1 || mo > 12 || d < 1) return null;
  const date = vietnamMidnight(y, mo, d);
  // 2023-02-30 rolls over to March: refuse it rather than guess.
  if (isoDay(date) !== text) return null;
  return date;
}

/** Parses a period from its URL form; null for anything malformed or out of range. */
export function parsePeriod(value: unknown): Period | null {
  if (typeof value !== "string" || value.length > 40) return null;
  let m: RegExpExecArray | null;
  if ((m = /^m:(\d{4})-(\d{2})$/.exec(value))) {
    const [y, mo] = [Number(m[1]), Number(m[2])];
    return validYear(y) && mo >= 1 && mo <= 12 ? monthPeriod(y, mo) : null;
  }
  if ((m = /^q:(\d{4})-([1-4])$/.exec(value))) {
    const y = Number(m[1]);
    return validYear(y) ? quarterPeriod(y, Number(m[2])) : null;
  }
  if ((m = /^year:(\d{4})$/.exec(value))) {
    const y = Number(m[1]);
    return validYear(y) ? yearPeriod(y) : null;
  }
  if ((m = /^ry:(\d{4})$/.exec(value))) {
    const y = Number(m[1]);
    return validYear(y) ? reportingYearPeriod(y) : null;
  }
  if ((m = /^range:(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/.exec(value))) {
    const from = parseDay(m[1]!);
    const last = parseDay(m[2]!);
    if (!from || !last || last < from) return null;
    if ((last.getTime() - from.getTime()) / DAY_MS + 1 > MAX_RANGE_DAYS) return null;
    return rangePeriod(from, last);
  }
  return null;
}

function vietnamParts(d: Date): { y: number; m: number } {
  const [, mm, yyyy] = vietnamDate(d).split("/");
  return { y: Number(yyyy), m: Number(mm) };
}

/** The period of the same kind and length just before (§4.8 "so với kỳ trước"). */
export function previousPeriod(p: Period): Period {
  const { y, m } = vietnamParts(p.from);
  switch (p.kind) {
    case "month":
      return m === 1 ? monthPeriod(y - 1, 12) : monthPeriod(y, m - 1);
    case "quarter": {
      const q = Math.floor((m - 1) / 3) + 1;
      return q === 1 ? quarterPeriod(y - 1, 4) : quarterPeriod(y, q - 1);
    }
    case "year":
      return yearPeriod(y - 1);
    case "ry":
      return reportingYearPeriod(y);
    case "range": {
      const days = Math.round((p.to.getTime() - p.from.getTime()) / DAY_MS);
      return rangePeriod(new Date(p.from.getTime() - days * DAY_MS), new Date(p.from.getTime() - DAY_MS));
    }
  }
}

/**
 * The same period one year earlier ("so với cùng kỳ năm trước"): the same month, quarter, year or
 * reporting year, or the same days a year back. For a year or reporting year it is the previous
 * period. A range day 29/02 falls back to 28/02 of a common year rather than rolling into March.
 */
export function samePeriodLastYear(p: Period): Period {
  const { y, m } = vietnamParts(p.from);
  switch (p.kind) {
    case "month":
      return monthPeriod(y - 1, m);
    case "quarter":
      return quarterPeriod(y - 1, Math.floor((m - 1) / 3) + 1);
    case "year":
      return yearPeriod(y - 1);
    case "ry":
      return reportingYearPeriod(y);
    case "range":
      return rangePeriod(dayOneYearEarlier(p.from), dayOneYearEarlier(new Date(p.to.getTime() - DAY_MS)));
  }
}

function dayOneYearEarlier(dayStart: Date): Date {
  const [dd, mm, yyyy] = vietnamDate(dayStart).split("/").map(Number);
  const lastOfMonth = new Date(Date.UTC(yyyy! - 1, mm!, 0)).getUTCDate();
  return vietnamMidnight(yyyy! - 1, mm!, Math.min(dd!, lastOfMonth));
}

/** The kinds of period an installation may open its pages on (setting `figures.defaultPeriodKind`). */
export const DEFAULT_PERIOD_KINDS = ["month", "quarter", "reportingYear"] as const;
export type DefaultPeriodKind = (typeof DEFAULT_PERIOD_KINDS)[number];

/**
 * The last complete period of the kind before the Vietnam day of `at`: on 01/12/2026 (Vietnam)
 * the month is 11/2026, the quarter 3/2026 and the reporting year the one ending 30/11/2026. A
 * period still running is never the default, so that every unit is compared on the same, closed
 * period rather than on one whose last days are still coming in.
 */
export function defaultPeriod(kind: DefaultPeriodKind, at: Date): Period {
  const { y, m } = vietnamParts(at);
  switch (kind) {
    case "month":
      return m === 1 ? monthPeriod(y - 1, 12) : monthPeriod(y, m - 1);
    case "quarter": {
      const q = Math.floor((m - 1) / 3) + 1;
      return q === 1 ? quarterPeriod(y - 1, 4) : quarterPeriod(y, q - 1);
    }
    case "reportingYear":
      // The reporting year running on `at` ends in y (or y + 1 from 1 December): the one before it.
      return reportingYearPeriod(m === 12 ? y : y - 1);
  }
}

/** The twelve calendar months ending with the month that holds the last day of `p`. */
export function trailingYear(p: Period): { from: Date; to: Date } {
  const { y, m } = vietnamParts(new Date(p.to.getTime() - DAY_MS));
  const end = monthPeriod(y, m).to;
  const start = m === 12 ? vietnamMidnight(y, 1, 1) : vietnamMidnight(y - 1, m + 1, 1);
  return { from: start, to: end };
}

/**
 * The months a trend shows: the twelve ending with the period's last month, or every month of a
 * longer period (a range of up to three years, to follow a unit across a reorganisation).
 */
export function trendWindow(p: Period): { from: Date; to: Date } {
  const year = trailingYear(p);
  const { y, m } = vietnamParts(p.from);
  const first = vietnamMidnight(y, m, 1);
  return first.getTime() < year.from.getTime() ? { from: first, to: year.to } : year;
}

/** Parts for a label: the caller fills the localised template. */
export function periodLabelParts(p: Period): { kind: PeriodKind; year: number; month: number; quarter: number; from: string; to: string } {
  const { y, m } = vietnamParts(p.from);
  return {
    kind: p.kind,
    year: p.kind === "ry" ? y + 1 : y,
    month: m,
    quarter: Math.floor((m - 1) / 3) + 1,
    from: vietnamDate(p.from),
    to: vietnamDate(new Date(p.to.getTime() - 1)),
  };
}

function dayFromVietnamese(text: string | undefined): string | null {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec((text ?? "").trim());
  if (!m) return null;
  return `${m[3]}-${m[2]!.padStart(2, "0")}-${m[1]!.padStart(2, "0")}`;
}

/**
 * The period chosen in the selector form (which works without JavaScript): kind plus year,
 * quarter, month or two dd/mm/yyyy dates. Null when the fields do not make a valid period.
 */
export function periodFromForm(f: { kind?: string; year?: string; q?: string; m?: string; from?: string; to?: string }): Period | null {
  const year = f.year?.trim() ?? "";
  switch (f.kind) {
    case "ry":
      return parsePeriod(`ry:${year}`);
    case "year":
      return parsePeriod(`year:${year}`);
    case "quarter":
      return parsePeriod(`q:${year}-${f.q ?? ""}`);
    case "month":
      return parsePeriod(`m:${year}-${(f.m ?? "").padStart(2, "0")}`);
    case "range": {
      const from = dayFromVietnamese(f.from);
      const to = dayFromVietnamese(f.to);
      return from && to ? parsePeriod(`range:${from}..${to}`) : null;
    }
    default:
      return null;
  }
}
