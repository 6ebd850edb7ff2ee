/**
 * A process that runs the scheduled jobs and nothing else: the same runner the server starts at
 * boot, without the web server. On PostgreSQL any number of them (and of servers) may run
 * against one database; each job still runs once. Prints one JSON line per finished run, which
 * the multi-process tests read.
 *
 *     DATABASE_URL=postgres://… SMTP_URL=smtp://… npx tsx scripts/jobs-worker.ts
 */
import { openDatabaseOrExit } from "@/lib/cli";
import { getEnv } from "@/lib/env";
import { startJobRunner } from "@/lib/jobs/runner";

const database = await openDatabaseOrExit();
if (!getEnv().SMTP_URL) console.warn("Mail: no SMTP_URL set; e-mail is held in the outbox until one is set");
const runner = await startJobRunner(database, {
  onRun: (report) => console.log(JSON.stringify({ event: "run", pid: process.pid, ...report })),
});
await runner.ready;
console.log(JSON.stringify({ event: "ready", pid: process.pid, mode: runner.mode }));

// The runner's timers keep the process alive; a signal stops it after the run in progress.
let stopping = false;
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    void (async () => {
      try {
        await runner.stop();
        await database.close();
        console.log(JSON.stringify({ event: "stopped", pid: process.pid }));
        process.exit(0);
      } catch (err) {
        console.error("jobs worker: could not stop cleanly:", err instanceof Error ? err.message : err);
        process.exit(1);
      }
    })();
  });
}
