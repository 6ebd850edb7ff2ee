import { addCalendarDays, weekday, type Day } from "./vietnam";

/**
 * Working days: Monday to Friday, less the public holidays and substitute days off, plus the
 * weekend days declared working days to make up for them. Administrators keep those exceptions
 * (table `calendar_days`); this module only counts. Deadlines in the follow-up of feedback are in
 * working days (Decree 20/2008/NĐ-CP), so nothing else in the product adds days to a deadline.
 */
export type WorkingCalendar = {
  /** Exceptions by day: true = a day off (holiday), false = a working weekend day. */
  exceptions: ReadonlyMap<Day, boolean>;
};

export const EMPTY_CALENDAR: WorkingCalendar = { exceptions: new Map() };

// No real deadline is more than a few months away; a bound keeps a broken calendar (every day
// marked off) from looping forever.
const MAX_SCAN_DAYS = 3 * 366;

export function isWorkingDay(day: Day, calendar: WorkingCalendar): boolean {
  const exception = calendar.exceptions.get(day);
  if (exception !== undefined) return !exception;
  const wd = weekday(day);
  return wd !== 0 && wd !== 6;
}

/** The first working day strictly after `day`. */
export function nextWorkingDay(day: Day, calendar: WorkingCalendar): Day {
  let d = day;
  for (let i = 0; i < MAX_SCAN_DAYS; i++) {
    d = addCalendarDays(d, 1);
    if (isWorkingDay(d, calendar)) return d;
  }
  throw new Error(`no working day within ${MAX_SCAN_DAYS} days after ${day}`);
}

/**
 * The deadline for something received on `day` with `n` working days (n ≥ 1): counting starts on
 * the first working day after the day of receipt, which is day 1; the deadline is the end of day n.
 * Received on Friday 05/09/2025 with 5 working days (Monday 01/09 and Tuesday 02/09 off does
 * not matter here) → days Mon 08 … Fri 12 → due 12/09/2025.
 */
export function addWorkingDays(day: Day, n: number, calendar: WorkingCalendar): Day {
  if (!Number.isInteger(n) || n < 1) throw new Error(`working days must be a whole number ≥ 1, got ${n}`);
  let d = day;
  for (let i = 0; i < n; i++) d = nextWorkingDay(d, calendar);
  return d;
}

/**
 * Working days used from `from` (the day of receipt) to `to` (the day of the reply): 0 when
 * replied the same day or before the first working day after it; otherwise the number of working
 * days in (from, to]. A reply on its deadline day has used exactly n.
 */
export function workingDaysBetween(from: Day, to: Day, calendar: WorkingCalendar): number {
  if (to <= from) return 0;
  let count = 0;
  let d = from;
  for (let i = 0; i < MAX_SCAN_DAYS && d < to; i++) {
    d = addCalendarDays(d, 1);
    if (isWorkingDay(d, calendar)) count++;
  }
  return count;
}

/** True when `day` is past the deadline (the deadline day itself is still on time). */
export function isPastDeadline(day: Day, dueOn: Day): boolean {
  return day > dueOn;
}
