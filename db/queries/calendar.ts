import { asc, gte, lte, and } from "drizzle-orm";
import type { Db } from "@/db/client";
import { calendarDays, type CalendarDay } from "@/db/schema";
import type { WorkingCalendar } from "@/lib/time/working-days";

/** Every exception to the working week (a few dozen rows a year). */
export async function loadWorkingCalendar(db: Db): Promise<WorkingCalendar> {
  const list = await db.select({ day: calendarDays.day, off: calendarDays.off }).from(calendarDays);
  return { exceptions: new Map(list.map((r) => [r.day, r.off])) };
}

/** The exceptions of one calendar year, in date order, for the administration page. */
export async function calendarYear(db: Db, { year }: { year: number }): Promise<CalendarDay[]> {
  return db
    .select()
    .from(calendarDays)
    .where(and(gte(calendarDays.day, `${year}-01-01`), lte(calendarDays.day, `${year}-12-31`)))
    .orderBy(asc(calendarDays.day));
}

// Deadlines are computed on every stored answer that opens a case; the calendar changes a few
// times a year. Each process keeps it for a minute, so a change reaches every server process
// within that minute (the administration page says so).
const CACHE_MS = 60_000;
const cache = globalThis as unknown as { __hlCalendar?: { at: number; db: Db; calendar: Promise<WorkingCalendar> } };

export function cachedWorkingCalendar(db: Db): Promise<WorkingCalendar> {
  const hit = cache.__hlCalendar;
  if (hit && hit.db === db && Date.now() - hit.at < CACHE_MS) return hit.calendar;
  const calendar = loadWorkingCalendar(db);
  cache.__hlCalendar = { at: Date.now(), db, calendar };
  calendar.catch(() => {
    if (cache.__hlCalendar?.calendar === calendar) cache.__hlCalendar = undefined;
  });
  return calendar;
}

/** After a change in this process: the next read loads the calendar again. */
export function forgetCachedCalendar(): void {
  cache.__hlCalendar = undefined;
}
