import crypto from "node:crypto";
import PgBoss from "pg-boss";
import postgres from "postgres";
import type { Db } from "@/db/client";
import { jobRuns } from "@/db/schema";
import { now } from "@/lib/time/clock";
import { JOB_TIMEZONE, type JobDefinition } from "./registry";
import { ensureJobRows, failureReason, previousTick, recordFinish, recordStart } from "./schedule";
import type { JobRunner, RunReport } from "./runner-types";

/** pg-boss keeps its tables in their own schema of the product's database. */
export const PG_BOSS_SCHEMA = "pgboss";

// A failed run is retried 5 times, after 1, 2, 4, 8, 16 minutes (pg-boss doubles retryDelay).
const RETRY = { retryLimit: 5, retryDelay: 60, retryBackoff: true } as const;
// Expired runs (a killed process) are noticed by the maintenance pass, at most this late.
const MAINTENANCE_SECONDS = 30;

// Processes booting together set up pg-boss one after the other: its create_queue deadlocks
// against itself when two processes create the same queues at once.
const SETUP_LOCK = 72_020_011;

type JobData = { trigger?: RunReport["trigger"]; tick?: string };

/** A job id fixed by the schedule instant, so that processes booting together queue one catch-up, not one each. */
function catchUpId(name: string, tick: Date): string {
  const h = crypto.createHash("sha256").update(`${name}@${tick.toISOString()}`).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * The runner on PostgreSQL. pg-boss stores the schedules (one row per job, whoever wrote it),
 * lets one process per minute turn a due schedule into a job, hands each job to one worker
 * (SKIP LOCKED), retries failures with backoff, and fails a job whose worker stopped answering
 * after its expiry so that another process retries it. "stately" queues keep at most one job of
 * each kind waiting and one running, so kicks and schedules never pile up.
 */
export async function startPgBossRunner(
  db: Db,
  connectionString: string,
  list: readonly JobDefinition[],
  options: { onRun?: (report: RunReport) => void } = {},
): Promise<JobRunner> {
  const boss = new PgBoss({
    connectionString,
    schema: PG_BOSS_SCHEMA,
    max: 3,
    application_name: "hai-long-jobs",
    maintenanceIntervalSeconds: MAINTENANCE_SECONDS,
  });
  boss.on("error", (err) => console.error("jobs: pg-boss:", err instanceof Error ? err.message.split("\n")[0] : err));

  async function run(job: JobDefinition, pgJob: PgBoss.Job<JobData>): Promise<Record<string, number>> {
    const at = now();
    const trigger = pgJob.data?.trigger ?? "schedule";
    const tick = pgJob.data?.tick ? new Date(pgJob.data.tick) : previousTick(job.cron, at);
    const started = Date.now();
    await recordStart(db, job.name, at);
    try {
      const counts = await job.handler(db, { now: at });
      await recordFinish(db, job.name, { tick, at: now(), counts });
      options.onRun?.({ job: job.name, id: pgJob.id, trigger, ok: true, counts, ms: Date.now() - started });
      return counts;
    } catch (err) {
      const reason = failureReason(err);
      console.error(`jobs: ${job.name} failed (${reason}):`, err instanceof Error ? err.message.split("\n")[0] : err);
      await recordFinish(db, job.name, { tick, at: now(), error: reason }).catch(() => {});
      options.onRun?.({ job: job.name, id: pgJob.id, trigger, ok: false, error: reason, ms: Date.now() - started });
      // pg-boss retries it with backoff.
      throw err;
    }
  }

  // One connection, so that the session lock is held for the whole setup.
  const lock = postgres(connectionString, { max: 1, onnotice: () => {} });
  try {
    await lock`select pg_advisory_lock(${SETUP_LOCK})`;
    await boss.start();
    for (const job of list) {
      const queue = { name: job.name, policy: "stately" as const, ...RETRY, expireInSeconds: job.expireMinutes * 60 };
      await boss.createQueue(job.name, queue);
      // createQueue keeps an existing queue as it was: bring its options to this version's.
      await boss.updateQueue(job.name, queue);
      await boss.schedule(job.name, job.cron, { trigger: "schedule" }, { tz: JOB_TIMEZONE });
      await boss.work<JobData>(job.name, { batchSize: 1, pollingIntervalSeconds: 2 }, async ([pgJob]) => (pgJob ? run(job, pgJob) : {}));
    }
    // A job removed from the registry must not keep firing into a queue nobody works.
    for (const schedule of await boss.getSchedules()) {
      if (!list.some((j) => j.name === schedule.name)) await boss.unschedule(schedule.name);
    }
    // pg-boss fires a schedule only in its minute: what fell due while every server was down runs now, once.
    const at = now();
    await ensureJobRows(db, list, at);
    const last = new Map((await db.select({ name: jobRuns.name, lastTick: jobRuns.lastTick }).from(jobRuns)).map((r) => [r.name, r.lastTick]));
    for (const job of list) {
      const tick = previousTick(job.cron, at);
      const lastTick = last.get(job.name);
      // The schedule itself covers the current minute.
      if (lastTick && lastTick.getTime() >= tick.getTime()) continue;
      if (at.getTime() - tick.getTime() < 60_000) continue;
      await boss.send(job.name, { trigger: "catch-up", tick: tick.toISOString() }, { id: catchUpId(job.name, tick) });
    }
  } catch (err) {
    await boss.stop({ graceful: false, wait: true }).catch(() => {});
    throw err;
  } finally {
    await lock`select pg_advisory_unlock(${SETUP_LOCK})`.catch(() => {});
    await lock.end({ timeout: 5 });
  }

  return {
    mode: "pg-boss",
    ready: Promise.resolve(),
    kick(name) {
      if (!list.some((j) => j.name === name)) return;
      boss.send(name, { trigger: "kick" }).catch((err: unknown) => console.error(`jobs: could not kick ${name}:`, err instanceof Error ? err.message : err));
    },
    async stop() {
      await boss.stop({ graceful: true, timeout: 20_000, wait: true });
    },
  };
}
