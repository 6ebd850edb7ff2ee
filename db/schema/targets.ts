import { sql } from "drizzle-orm";
import { check, integer, pgTable, primaryKey, timestamp } from "drizzle-orm/pg-core";
import { agencies } from "./agencies";
import { staffAccounts } from "./staff-accounts";

/**
 * The headline figure an agency aims at in one reporting year (the year ending 30/11 of
 * `reportingYear`), set by its administrators, in hundredths of a point (92,50 % is 9250) so
 * that it is exact. Units without their own target read their nearest ancestor's.
 */
export const agencyTargets = pgTable(
  "agency_targets",
  {
    agencyId: integer()
      .notNull()
      .references(() => agencies.id, { onDelete: "cascade" }),
    reportingYear: integer().notNull(),
    targetHundredths: integer().notNull(),
    updatedBy: integer().references(() => staffAccounts.id, { onDelete: "set null" }),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.agencyId, t.reportingYear] }),
    check("agency_targets_range", sql`${t.targetHundredths} between 0 and 10000`),
    check("agency_targets_year", sql`${t.reportingYear} between 2000 and 2100`),
  ],
);
