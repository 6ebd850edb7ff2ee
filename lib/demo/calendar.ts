import { sql } from "drizzle-orm";
import { rows, type Db } from "@/db/client";
import { asBoolean, asDate, bulkInsert } from "@/lib/bulk-load";
import { addCalendarDays, parseDay, startOfVietnamDay, weekday, type Day } from "@/lib/time/vietnam";
import { isWorkingDay, type WorkingCalendar } from "@/lib/time/working-days";
import type { Random } from "./random";

/**
 * Where a day of the demo calendar comes from:
 * - `law`: a fixed public holiday of the Labour Code 2019 (art. 112: 1/1, Hùng Kings 10/3 lunar,
 *   30/4, 1/5, 2/9), or the substitute day it gives when one falls on a weekend;
 * - `announced`: set by the government's yearly notice for civil servants (the Tết range, swapped
 *   days off and the Saturdays worked for them);
 * - `assumed`: not announced as far as this demo knows; named "(dự kiến)" so that an
 *   administrator sees it is to be checked, as the calendar page lets them do.
 */
export type CalendarBasis = "law" | "announced" | "assumed";

export type DemoCalendarDay = { day: Day; off: boolean; name: string; nameEn: string; basis: CalendarBasis };

const tet = (year: string) => ({ name: `Tết Nguyên đán ${year}`, nameEn: `Lunar New Year ${year}` });
const NEW_YEAR = { name: "Tết Dương lịch", nameEn: "New Year's Day" };
const HUNG_KINGS = { name: "Giỗ Tổ Hùng Vương (10/3 âm lịch)", nameEn: "Hung Kings' Commemoration" };
const REUNIFICATION = { name: "Ngày Chiến thắng (30/4)", nameEn: "Reunification Day" };
const LABOUR = { name: "Ngày Quốc tế Lao động (1/5)", nameEn: "International Labour Day" };
const NATIONAL = { name: "Quốc khánh (2/9)", nameEn: "National Day" };

function off(day: Day, label: { name: string; nameEn: string }, basis: CalendarBasis): DemoCalendarDay {
  return { day, off: true, ...label, basis };
}

function range(first: Day, last: Day, label: { name: string; nameEn: string }, basis: CalendarBasis): DemoCalendarDay[] {
  const out: DemoCalendarDay[] = [];
  for (let d = first; d <= last; d = addCalendarDays(d, 1)) out.push(off(d, label, basis));
  return out;
}

const substitute = (of: string, ofEn: string) => ({ name: `Nghỉ bù ${of}`, nameEn: `Substitute day off (${ofEn})` });
const swappedOff = (worked: string) => ({ name: `Nghỉ hoán đổi (làm bù thứ Bảy ${worked})`, nameEn: `Swapped day off (worked on Saturday ${worked})` });
const workedSaturday = (dayOff: string) => ({ name: `Làm bù cho ngày nghỉ ${dayOff}`, nameEn: `Working Saturday (in exchange for ${dayOff})` });
const assumed = (label: { name: string; nameEn: string }) => ({ name: `${label.name} (dự kiến)`, nameEn: `${label.nameEn} (assumed)` });

/**
 * The exceptions to the working week from December 2022 to the end of 2026. The 2023 entries are
 * exactly the days the demo year was generated with: changing one moves dossiers and answers.
 */
export const DEMO_CALENDAR: readonly DemoCalendarDay[] = [
  // 2023. 1/1 was a Sunday; Tết Quý Mão (22/01) 20–26/01; Hùng Kings (29/4) and 30/4 fell on the
  // weekend: 29/4–3/5 off, 02/05 swapped for Saturday 06/05; 2/9 a Saturday: 1/9–4/9 off.
  off("2023-01-01", NEW_YEAR, "law"),
  off("2023-01-02", substitute("Tết Dương lịch", "New Year's Day"), "law"),
  ...range("2023-01-20", "2023-01-26", tet("Quý Mão"), "announced"),
  off("2023-04-29", HUNG_KINGS, "law"),
  off("2023-04-30", REUNIFICATION, "law"),
  off("2023-05-01", LABOUR, "law"),
  off("2023-05-02", swappedOff("06/05"), "announced"),
  off("2023-05-03", substitute("Giỗ Tổ Hùng Vương và Ngày Chiến thắng", "Hung Kings' Commemoration, Reunification Day"), "law"),
  { day: "2023-05-06", off: false, ...workedSaturday("02/05"), basis: "announced" },
  off("2023-09-01", { name: "Nghỉ Quốc khánh (ngày liền trước 2/9)", nameEn: "National Day (day before)" }, "law"),
  off("2023-09-02", NATIONAL, "law"),
  off("2023-09-04", substitute("Quốc khánh", "National Day"), "law"),
  // 2024. Tết Giáp Thìn (10/02) 08–14/02; 30/4–1/5 with 29/04 swapped for Saturday 04/05;
  // 2/9 a Monday, with 3/9.
  off("2024-01-01", NEW_YEAR, "law"),
  ...range("2024-02-08", "2024-02-14", tet("Giáp Thìn"), "announced"),
  off("2024-04-18", HUNG_KINGS, "law"),
  off("2024-04-29", swappedOff("04/05"), "announced"),
  off("2024-04-30", REUNIFICATION, "law"),
  off("2024-05-01", LABOUR, "law"),
  { day: "2024-05-04", off: false, ...workedSaturday("29/04"), basis: "announced" },
  off("2024-09-02", NATIONAL, "law"),
  off("2024-09-03", { name: "Nghỉ Quốc khánh (ngày liền sau 2/9)", nameEn: "National Day (day after)" }, "announced"),
  // 2025. Tết Ất Tỵ (29/01) 25/01–02/02; Hùng Kings on Monday 07/04; 30/4–1/5 with 02/05
  // swapped for Saturday 26/04; 2/9 a Tuesday, with 1/9.
  off("2025-01-01", NEW_YEAR, "law"),
  ...range("2025-01-25", "2025-02-02", tet("Ất Tỵ"), "announced"),
  off("2025-04-07", HUNG_KINGS, "law"),
  { day: "2025-04-26", off: false, ...workedSaturday("02/05"), basis: "announced" },
  off("2025-04-30", REUNIFICATION, "law"),
  off("2025-05-01", LABOUR, "law"),
  off("2025-05-02", swappedOff("26/04"), "announced"),
  off("2025-09-01", { name: "Nghỉ Quốc khánh (ngày liền trước 2/9)", nameEn: "National Day (day before)" }, "announced"),
  off("2025-09-02", NATIONAL, "law"),
  // 2026. Tết Bính Ngọ (17/02): the nine days 14–22/02 as this demo understands the plan, to be
  // checked; Hùng Kings (26/04) on a Sunday gives Monday 27/04; the second National Day day is the
  // government's choice each year: 01/09 assumed.
  off("2026-01-01", NEW_YEAR, "law"),
  ...range("2026-02-14", "2026-02-22", assumed(tet("Bính Ngọ")), "assumed"),
  off("2026-04-26", HUNG_KINGS, "law"),
  off("2026-04-27", substitute("Giỗ Tổ Hùng Vương", "Hung Kings' Commemoration"), "law"),
  off("2026-04-30", REUNIFICATION, "law"),
  off("2026-05-01", LABOUR, "law"),
  off("2026-09-01", assumed({ name: "Nghỉ Quốc khánh (ngày liền trước 2/9)", nameEn: "National Day (day before)" }), "assumed"),
  off("2026-09-02", NATIONAL, "law"),
];

/** The demo calendar as the working-day module reads it (the same as loading it back from the table). */
export function demoWorkingCalendar(): WorkingCalendar {
  return { exceptions: new Map(DEMO_CALENDAR.map((d) => [d.day, d.off])) };
}

/**
 * Writes the demo calendar into `calendar_days`, the table administrators keep. Days already
 * there (the fixed-date holidays the migration enters, or an administrator's) are left as they
 * are: on those days both say "off". Returns how many days the table holds.
 */
export async function insertDemoCalendar(db: Db): Promise<number> {
  await bulkInsert(
    db,
    "calendar_days",
    [
      { name: "day", type: "text", values: DEMO_CALENDAR.map((d) => d.day), convert: asDate },
      { name: "off", type: "int2", values: DEMO_CALENDAR.map((d) => (d.off ? 1 : 0)), convert: asBoolean },
      { name: "name", type: "text", values: DEMO_CALENDAR.map((d) => d.name) },
      { name: "name_en", type: "text", values: DEMO_CALENDAR.map((d) => d.nameEn) },
    ],
    { skipConflicts: true },
  );
  const [row] = await rows<{ n: number }>(db, sql`select count(*)::int as n from calendar_days`);
  return row!.n;
}

// ---------------------------------------------------------------------------------------------
// Office days, as the demo's generators draw them

export type OfficeDay = { startMs: number; ymd: Day; weight: number };

// Year-end and pre-Tết rushes, the lull after Tết.
const MONTH_WEIGHT = [1.2, 0.8, 1, 0.95, 1, 1, 0.95, 1.05, 0.95, 1, 1.05, 1.15];
const WEEKDAY_WEIGHT = [0, 1.15, 1, 1, 1, 0.9, 0.7];

/**
 * The working days from `first` to `last` (inclusive) by the given calendar, each with how busy a
 * desk is on it. The demo year draws from 2022-10-01 to 2024-01-31: a land dossier completed in
 * December was received in October, and due dates run past the year.
 */
export function officeDays(first: Day, last: Day, calendar: WorkingCalendar): OfficeDay[] {
  const days: OfficeDay[] = [];
  for (let ymd = first; ymd <= last; ymd = addCalendarDays(ymd, 1)) {
    if (!isWorkingDay(ymd, calendar)) continue;
    const preTet = ymd >= "2023-01-09" && ymd <= "2023-01-19" ? 1.35 : 1;
    const month = parseDay(ymd)[1] - 1;
    days.push({
      startMs: startOfVietnamDay(ymd).getTime(),
      ymd,
      weight: MONTH_WEIGHT[month]! * WEEKDAY_WEIGHT[weekday(ymd)]! * preTet,
    });
  }
  return days;
}

export const MORNING = { start: 7 * 60 + 30, end: 11 * 60 + 30 };
export const AFTERNOON = { start: 13 * 60 + 30, end: 17 * 60 };
export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;

/** Milliseconds after midnight (Vietnam time) within office hours, to the second. */
export function officeTime(rng: Random): number {
  const session = rng.chance(0.58) ? MORNING : AFTERNOON;
  const minutes = rng.between(session.start, session.end);
  return Math.floor(minutes * 60) * 1000;
}
