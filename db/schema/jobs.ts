import { integer, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * The last run of each scheduled job, written by both runners. The embedded runner reads
 * `lastTick` to run at boot what a stopped process missed; on PostgreSQL the same column lets a
 * boot catch up a schedule that fired while every server was down (pg-boss does not).
 */
export const jobRuns = pgTable("job_runs", {
  name: text().primaryKey(),
  // The scheduled instant the last completed run stood for.
  lastTick: timestamp({ withTimezone: true }),
  lastStartedAt: timestamp({ withTimezone: true }),
  lastFinishedAt: timestamp({ withTimezone: true }),
  // "ok" or "error"; the error itself is a short reason, never data a job handled.
  lastOutcome: text(),
  lastError: text(),
  lastCounts: jsonb().$type<Record<string, number>>(),
  runs: integer().notNull().default(0),
});

export type JobRun = typeof jobRuns.$inferSelect;
