import type { Db } from "@/db/client";
import { jobRuns } from "@/db/schema";
import { now } from "@/lib/time/clock";
import type { JobDefinition } from "./registry";
import { ensureJobRows, failureReason, nextTick, previousTick, recordFinish, recordStart } from "./schedule";
import type { JobRunner, RunReport } from "./runner-types";

// The loop wakes at the next scheduled instant, but at least this often, so that a clock set
// by CLOCK_AT or a system clock change is noticed within a minute.
const MAX_SLEEP_MS = 60_000;
// A failing job is retried after 30 s, 1, 2, 4 … minutes (at most one hour), not on every wake.
const FAILURE_BACKOFF_MS = 30_000;
const MAX_FAILURE_BACKOFF_MS = 60 * 60_000;

/**
 * The runner of the embedded database (one process per data folder, so no other process runs
 * the same jobs): each job runs when its latest scheduled instant is later than the one it last
 * completed (job_runs.last_tick), so a restart runs once what was missed while stopped. Runs are
 * one at a time; a kick runs a job at the next turn of the loop.
 */
export function startEmbeddedRunner(db: Db, list: readonly JobDefinition[], options: { onRun?: (report: RunReport) => void } = {}): JobRunner {
  const kicked = new Set<string>();
  const failures = new Map<string, { count: number; retryAt: number }>();
  let stopping = false;
  let timer: NodeJS.Timeout | undefined;
  let turn: Promise<void> | undefined;
  let again = false;

  async function runOne(job: JobDefinition, tick: Date, trigger: RunReport["trigger"]): Promise<void> {
    const at = now();
    const started = Date.now();
    await recordStart(db, job.name, at);
    try {
      const counts = await job.handler(db, { now: at });
      failures.delete(job.name);
      await recordFinish(db, job.name, { tick, at: now(), counts });
      options.onRun?.({ job: job.name, id: `${job.name}@${tick.toISOString()}`, trigger, ok: true, counts, ms: Date.now() - started });
    } catch (err) {
      const reason = failureReason(err);
      const count = (failures.get(job.name)?.count ?? 0) + 1;
      failures.set(job.name, { count, retryAt: Date.now() + Math.min(FAILURE_BACKOFF_MS * 2 ** (count - 1), MAX_FAILURE_BACKOFF_MS) });
      console.error(`jobs: ${job.name} failed (${reason}):`, err instanceof Error ? err.message.split("\n")[0] : err);
      await recordFinish(db, job.name, { tick, at: now(), error: reason }).catch(() => {});
      options.onRun?.({ job: job.name, id: `${job.name}@${tick.toISOString()}`, trigger, ok: false, error: reason, ms: Date.now() - started });
    }
  }

  async function runDue(): Promise<void> {
    const at = now();
    const last = new Map((await db.select({ name: jobRuns.name, lastTick: jobRuns.lastTick }).from(jobRuns)).map((r) => [r.name, r.lastTick]));
    for (const job of list) {
      if (stopping) return;
      const tick = previousTick(job.cron, at);
      const lastTick = last.get(job.name);
      const missed = !lastTick || lastTick.getTime() < tick.getTime();
      const wasKicked = kicked.delete(job.name);
      const failure = failures.get(job.name);
      if (!wasKicked && (!missed || (failure && failure.retryAt > Date.now()))) continue;
      await runOne(job, tick, wasKicked && !missed ? "kick" : "schedule");
    }
  }

  function sleepMs(): number {
    const at = now();
    const next = Math.min(...list.map((j) => nextTick(j.cron, at).getTime()));
    return Math.max(1_000, Math.min(MAX_SLEEP_MS, next - at.getTime() + 50));
  }

  function wake(): void {
    if (stopping) return;
    if (turn) {
      again = true;
      return;
    }
    clearTimeout(timer);
    turn = (async () => {
      do {
        again = false;
        try {
          await runDue();
        } catch (err) {
          console.error("jobs: the embedded runner could not read its schedule:", err instanceof Error ? err.message.split("\n")[0] : err);
        }
      } while (again && !stopping);
    })().finally(() => {
      turn = undefined;
      if (!stopping) timer = setTimeout(wake, sleepMs());
    });
  }

  const ready = ensureJobRows(db, list, now()).then(wake, (err: unknown) => {
    console.error("jobs: the embedded runner could not start:", err instanceof Error ? err.message.split("\n")[0] : err);
    if (!stopping) timer = setTimeout(wake, MAX_SLEEP_MS);
  });

  return {
    mode: "embedded",
    ready,
    kick(name) {
      if (!list.some((j) => j.name === name)) return;
      kicked.add(name);
      // Let the caller's transaction commit and its response go first.
      setImmediate(wake);
    },
    async stop() {
      stopping = true;
      clearTimeout(timer);
      await ready.catch(() => {});
      await turn;
    },
  };
}
