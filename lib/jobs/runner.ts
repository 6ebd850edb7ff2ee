import type { Database } from "@/db/client";
import { getEnv, type Env } from "@/lib/env";
import { startEmbeddedRunner } from "./embedded-runner";
import { setRunningJobs } from "./kick";
import { startPgBossRunner } from "./pg-boss-runner";
import { jobs as registeredJobs, type JobDefinition } from "./registry";
import type { JobRunner, RunReport } from "./runner-types";

export type { JobRunner, RunReport } from "./runner-types";

/**
 * Starts the runner that fits the database: pg-boss on PostgreSQL (any number of processes),
 * the in-process loop on the embedded database (one process per folder). The started runner
 * receives this process's kicks.
 */
export async function startJobRunner(
  database: Database,
  options: { jobs?: readonly JobDefinition[]; onRun?: (report: RunReport) => void } = {},
): Promise<JobRunner> {
  const list = options.jobs ?? registeredJobs;
  const runner =
    database.driver === "postgres"
      ? await startPgBossRunner(database.db, requireUrl(database), list, { onRun: options.onRun })
      : startEmbeddedRunner(database.db, list, { onRun: options.onRun });
  setRunningJobs(runner);
  return {
    ...runner,
    async stop() {
      setRunningJobs(undefined);
      await runner.stop();
    },
  };
}

function requireUrl(database: Database): string {
  if (!database.url) throw new Error("PostgreSQL database without a URL");
  return database.url;
}

const holder = globalThis as unknown as { __haiLongJobRunner?: Promise<JobRunner | undefined> };

/**
 * Called once when the server boots, after the database opened: starts the jobs unless JOBS=off,
 * says once that mail is held while no SMTP server is set, and stops the runner on SIGTERM/SIGINT
 * (it takes no new run and waits for the one in progress; anything cut short is retried).
 */
export function startJobsAtBoot(database: Database, env: Env = getEnv()): Promise<JobRunner | undefined> {
  if (env.JOBS === "off") {
    console.log("Jobs: off (JOBS=off); nothing is scheduled or delivered by this process");
    return Promise.resolve(undefined);
  }
  holder.__haiLongJobRunner ??= (async () => {
    if (!env.SMTP_URL) console.warn("Mail: no SMTP_URL set; e-mail is held in the outbox until one is set");
    try {
      const started = await startJobRunner(database);
      console.log(`Jobs: ${started.mode === "pg-boss" ? "pg-boss (schema pgboss)" : "in-process scheduler"} running`);
      let stopping: Promise<void> | undefined;
      // Once, whoever asks first: the signal, or the server's own shutdown (stopJobs) before it closes the database.
      const runner: JobRunner = {
        ...started,
        stop: () =>
          (stopping ??= started.stop().catch((err: unknown) => console.error("jobs: could not stop cleanly:", err instanceof Error ? err.message : err))),
      };
      const onSignal = () => void runner.stop();
      process.once("SIGTERM", onSignal);
      process.once("SIGINT", onSignal);
      return runner;
    } catch (err) {
      // The site serves without jobs rather than not at all; the outbox keeps everything for later.
      console.error(`Jobs: could not start: ${err instanceof Error ? err.message.split("\n")[0] : String(err)}`);
      holder.__haiLongJobRunner = undefined;
      return undefined;
    }
  })();
  return holder.__haiLongJobRunner;
}

/** Stops the jobs started at boot, if any, and waits for the run in progress; call it before closing the database. */
export async function stopJobs(): Promise<void> {
  const running = holder.__haiLongJobRunner;
  holder.__haiLongJobRunner = undefined;
  const runner = await running?.catch(() => undefined);
  await runner?.stop();
}
