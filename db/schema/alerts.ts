import { sql } from "drizzle-orm";
import { bigint, check, date, doublePrecision, index, integer, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { agencies } from "./agencies";

/**
 * An alert episode: the satisfied share of an agency's answers in a recent window fell
 * significantly below its own preceding 90 days. One open episode per agency, element and
 * window; it closes when the figure recovers, and only then can a new one open (once per episode).
 * `element` is an element of the figures (access, procedure, officials, result, feedback) or
 * "pooled" (the five elements' answers pooled).
 */
export const alerts = pgTable(
  "alerts",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    agencyId: integer()
      .notNull()
      .references(() => agencies.id, { onDelete: "restrict" }),
    element: text().notNull(),
    windowDays: integer().notNull(),
    // The Vietnam day the evaluation that opened it ran for.
    openedOn: date({ mode: "string" }).notNull(),
    closedOn: date({ mode: "string" }),
    windowSatisfied: integer().notNull(),
    windowValid: integer().notNull(),
    baselineSatisfied: integer().notNull(),
    baselineValid: integer().notNull(),
    pValue: doublePrecision().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("alerts_open_episode_key").on(t.agencyId, t.element, t.windowDays).where(sql`${t.closedOn} is null`),
    index("alerts_agency_opened_idx").on(t.agencyId, t.openedOn),
    check("alerts_window_check", sql`${t.windowDays} > 0`),
  ],
);

/** Each daily evaluation that ran, so that a job run twice for one day does nothing the second time. */
export const alertRuns = pgTable("alert_runs", {
  day: date({ mode: "string" }).primaryKey(),
  agenciesTested: integer().notNull(),
  testsRun: integer().notNull(),
  opened: integer().notNull(),
  closed: integer().notNull(),
  finishedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

export type Alert = typeof alerts.$inferSelect;
