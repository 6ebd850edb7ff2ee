/**
 * Vietnam time. Vietnam has kept UTC+7 all year since 1975: no daylight saving to account for.
 * Days travel as ISO strings ("2026-12-01"), the form PostgreSQL's `date` takes.
 */
export const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** An ISO calendar day, "yyyy-mm-dd". */
export type Day = string;

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Midnight at the start of a calendar day in Vietnam, as an instant. */
export function vietnamMidnight(year: number, month: number, day: number): Date {
  return new Date(Date.UTC(year, month - 1, day) - VIETNAM_OFFSET_MS);
}

/** The Vietnam calendar day an instant falls on. */
export function vietnamDayOf(instant: Date): Day {
  return new Date(instant.getTime() + VIETNAM_OFFSET_MS).toISOString().slice(0, 10);
}

/** 00:00 Vietnam time on that day. */
export function startOfVietnamDay(day: Day): Date {
  const [y, m, d] = parseDay(day);
  return vietnamMidnight(y, m, d);
}

export function isDay(value: string): boolean {
  const m = ISO_DAY.exec(value);
  if (!m) return false;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return date.toISOString().slice(0, 10) === value;
}

export function parseDay(day: Day): [number, number, number] {
  if (!isDay(day)) throw new Error(`invalid day ${JSON.stringify(day)}`);
  const [y, m, d] = day.split("-").map(Number);
  return [y!, m!, d!];
}

/** The day `n` calendar days after (or before, n < 0) `day`. */
export function addCalendarDays(day: Day, n: number): Day {
  const [y, m, d] = parseDay(day);
  return new Date(Date.UTC(y, m - 1, d) + n * DAY_MS).toISOString().slice(0, 10);
}

/** 0 Sunday … 6 Saturday. */
export function weekday(day: Day): number {
  const [y, m, d] = parseDay(day);
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}

/** dd/mm/yyyy of a day, as shown in the UI. */
export function formatDay(day: Day): string {
  const [y, m, d] = parseDay(day);
  return `${String(d).padStart(2, "0")}/${String(m).padStart(2, "0")}/${y}`;
}

/** dd/mm/yyyy of the instant in Vietnam time. */
export function vietnamDate(d: Date): string {
  return formatDay(vietnamDayOf(d));
}
