import cronParser from "cron-parser";
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { jobRuns } from "@/db/schema";
import { JOB_TIMEZONE, type JobDefinition } from "./registry";

/** The latest scheduled instant of `cron` at or before `at` (Vietnam time). */
export function previousTick(cron: string, at: Date): Date {
  // cron-parser's prev() is strictly before currentDate: a tick at exactly `at` counts as due.
  const interval = cronParser.parseExpression(cron, { tz: JOB_TIMEZONE, currentDate: new Date(at.getTime() + 1) });
  return interval.prev().toDate();
}

/** The first scheduled instant of `cron` strictly after `at`. */
export function nextTick(cron: string, at: Date): Date {
  return cronParser.parseExpression(cron, { tz: JOB_TIMEZONE, currentDate: at }).next().toDate();
}

/** A short, content-free reason for the log and the administrators' page. */
export function failureReason(err: unknown): string {
  if (err && typeof err === "object") {
    const e = err as { code?: unknown; name?: unknown };
    if (typeof e.code === "string") return e.code.slice(0, 40);
    if (typeof e.name === "string" && e.name !== "Error") return e.name.slice(0, 40);
  }
  return "error";
}

/** The first sight of a job: it starts from its latest tick, so a fresh install does not run every daily job at boot. */
export async function ensureJobRows(db: Db, list: readonly JobDefinition[], at: Date): Promise<void> {
  if (!list.length) return;
  await db
    .insert(jobRuns)
    .values(list.map((j) => ({ name: j.name, lastTick: previousTick(j.cron, at) })))
    .onConflictDoNothing({ target: jobRuns.name });
}

export async function recordStart(db: Db, name: string, at: Date): Promise<void> {
  await db
    .insert(jobRuns)
    .values({ name, lastStartedAt: at })
    .onConflictDoUpdate({ target: jobRuns.name, set: { lastStartedAt: at } });
}

/** A finished run: the tick it stood for only moves forward (two runs may finish out of order). */
export async function recordFinish(
  db: Db,
  name: string,
  result: { tick: Date; at: Date; counts?: Record<string, number>; error?: string },
): Promise<void> {
  const ok = result.error === undefined;
  await db
    .insert(jobRuns)
    .values({ name, lastTick: ok ? result.tick : null, lastFinishedAt: result.at, lastOutcome: ok ? "ok" : "error", lastError: result.error ?? null, lastCounts: result.counts ?? null, runs: 1 })
    .onConflictDoUpdate({
      target: jobRuns.name,
      set: {
        lastTick: ok ? sql`greatest(${jobRuns.lastTick}, ${result.tick.toISOString()}::timestamptz)` : sql`${jobRuns.lastTick}`,
        lastFinishedAt: result.at,
        lastOutcome: ok ? "ok" : "error",
        lastError: result.error ?? null,
        lastCounts: result.counts ?? null,
        runs: sql`${jobRuns.runs} + 1`,
      },
    });
}
