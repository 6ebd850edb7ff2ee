import { sql } from "drizzle-orm";
import { boolean, check, date, integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { staffAccounts } from "./staff-accounts";

/**
 * Exceptions to the Monday–Friday working week, kept by administrators: public holidays and
 * substitute days off (`off`), and weekend days declared working days to make up for them
 * (`off = false`). Tết and substitute days are announced each year, so they are data, not code.
 */
export const calendarDays = pgTable(
  "calendar_days",
  {
    day: date({ mode: "string" }).primaryKey(),
    off: boolean().notNull(),
    name: text().notNull(),
    nameEn: text(),
    updatedById: integer().references(() => staffAccounts.id, { onDelete: "set null" }),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check("calendar_days_name_check", sql`length(${t.name}) between 1 and 120`)],
);

export type CalendarDay = typeof calendarDays.$inferSelect;
