import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import readline from "node:readline";
import PgBoss from "pg-boss";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { rows, type Database } from "@/db/client";
import { sql } from "drizzle-orm";
import { outbox, staffAccounts } from "@/db/schema";
import { DELIVER_JOB, kickDelivery, makeDeliverOutbox } from "@/lib/notify/deliver";
import { createAgencyTree } from "@/tests/helpers/fixtures";
import { startSmtpServer, type TestSmtpServer } from "@/tests/helpers/smtp";
import { createTestDatabase } from "@/tests/helpers/test-db";
import { jobs } from "./registry";
import { getEnv } from "@/lib/env";
import { startJobRunner, startJobsAtBoot, stopJobs } from "./runner";
import type { RunReport } from "./runner-types";

const MAIL_FROM = "Hài Lòng <no-reply@test.local>";
const root = path.resolve(__dirname, "../..");

let database: Database;
let smtp: TestSmtpServer;
let staffId: number;
let serial = 0;

async function queueMail(count: number): Promise<void> {
  await database.db.insert(outbox).values(
    Array.from({ length: count }, () => {
      const n = ++serial;
      return { channel: "email" as const, staffId, kind: "case_overdue", subject: `Thư ${n}`, body: `Xem: http://localhost/cases/${n}`, dedupeKey: `runner:${n}` };
    }),
  );
}

async function until<T>(probe: () => Promise<T | undefined> | T | undefined, what: string, timeoutMs = 180_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

beforeAll(async () => {
  database = await createTestDatabase();
  const tree = await createAgencyTree(database.db, [{ code: "P", level: "province" }]);
  const [row] = await database.db
    .insert(staffAccounts)
    .values({ username: "leader.p", name: "Lãnh đạo", passwordHash: "x", role: "leader", agencyId: tree.P!.id, email: "leader.p@example.gov.vn" })
    .returning({ id: staffAccounts.id });
  staffId = row!.id;
  smtp = await startSmtpServer();
});

afterAll(async () => {
  await smtp?.close();
  await database?.close();
});

beforeEach(() => {
  smtp.setMode("accept");
  smtp.messages.length = 0;
});

describe("the job runner in this process", () => {
  it("runs the registered jobs with the runner of the database, and delivers on kickDelivery()", async () => {
    expect(jobs.map((j) => j.name)).toContain(DELIVER_JOB);
    const list = [{ name: DELIVER_JOB, cron: "* * * * *", handler: makeDeliverOutbox(() => ({ smtpUrl: smtp.url, mailFrom: MAIL_FROM })), expireMinutes: 5 }];
    const reports: RunReport[] = [];
    const runner = await startJobRunner(database, { jobs: list, onRun: (r) => reports.push(r) });
    try {
      expect(runner.mode).toBe(database.driver === "postgres" ? "pg-boss" : "embedded");
      await runner.ready;
      await queueMail(3);
      kickDelivery();
      await smtp.waitFor(3, 120_000);
      expect(smtp.messages.map((m) => m.subject).sort()).toEqual(["Thư 1", "Thư 2", "Thư 3"]);
      await until(() => reports.some((r) => r.ok && (r.counts?.sent ?? 0) > 0) || undefined, "a run report");
    } finally {
      await runner.stop();
    }
    // After stop the process holds no runner: a kick is a no-op, never an error.
    expect(() => kickDelivery()).not.toThrow();
  });

  it("at boot: JOBS=off starts nothing; otherwise one runner, and one line saying that mail is held without SMTP_URL", async () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      expect(await startJobsAtBoot(database, { ...getEnv(), JOBS: "off" })).toBeUndefined();
      expect(log.mock.calls.flat().join("\n")).toContain("JOBS=off");
      const env = { ...getEnv(), JOBS: "on" as const, SMTP_URL: undefined };
      const runner = await startJobsAtBoot(database, env);
      expect(runner?.mode).toBe(database.driver === "postgres" ? "pg-boss" : "embedded");
      expect(await startJobsAtBoot(database, env)).toBe(runner);
      expect(warn.mock.calls.flat().filter((line) => String(line).includes("SMTP_URL"))).toHaveLength(1);
    } finally {
      await stopJobs();
      log.mockRestore();
      warn.mockRestore();
    }
  });

  // Registered only where it applies, so that the PGlite run reports no skipped test.
  if (process.env.TEST_DRIVER !== "postgres") return;

  type Worker = { child: ChildProcess; reports: RunReport[]; ready: Promise<void>; exited: Promise<number | null> };

  function startWorker(extraEnv: Record<string, string> = {}): Worker {
    // node itself with tsx as a loader (not the tsx command, which forks): a kill reaches the process that runs the jobs.
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/jobs-worker.ts"], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: database.url!, SMTP_URL: smtp.url, MAIL_FROM, JOBS: "on", ...extraEnv },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const reports: RunReport[] = [];
    let markReady: () => void;
    const ready = new Promise<void>((resolve) => (markReady = resolve));
    readline.createInterface({ input: child.stdout! }).on("line", (line) => {
      if (!line.startsWith("{")) return;
      const event = JSON.parse(line) as { event: string } & RunReport;
      if (event.event === "ready") markReady();
      if (event.event === "run") reports.push(event);
    });
    child.stderr!.on("data", (chunk: Buffer) => process.stderr.write(`[worker ${child.pid}] ${chunk.toString()}`));
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    return { child, reports, ready: Promise.race([ready, exited.then(() => Promise.reject(new Error("worker exited before it was ready")))]), exited };
  }

  async function stopWorker(worker: Worker): Promise<number | null> {
    if (worker.child.exitCode !== null || worker.child.signalCode !== null) return worker.child.exitCode;
    worker.child.kill("SIGTERM");
    const timer = setTimeout(() => worker.child.kill("SIGKILL"), 60_000);
    try {
      return await worker.exited;
    } finally {
      clearTimeout(timer);
    }
  }

  async function withBoss<T>(work: (boss: PgBoss) => Promise<T>): Promise<T> {
    // A sender only: no maintenance, no schedules, no workers of its own.
    const boss = new PgBoss({ connectionString: database.url!, schema: "pgboss", supervise: false, schedule: false, max: 1 });
    boss.on("error", () => {});
    await boss.start();
    try {
      return await work(boss);
    } finally {
      await boss.stop({ graceful: false, wait: true });
    }
  }

  type JobRow = { id: string; state: string; retry_count: number; trigger: string | null; minute: string };
  const jobColumns = sql`id::text as id, state::text as state, retry_count, data->>'trigger' as trigger,
    to_char(date_trunc('minute', created_on), 'YYYY-MM-DD HH24:MI') as minute`;
  const deliverJobs = () =>
    rows<JobRow>(
      database.db,
      // Completed jobs move to the archive after a while; read both.
      sql`select ${jobColumns} from pgboss.job where name = ${DELIVER_JOB}
          union all select ${jobColumns} from pgboss.archive where name = ${DELIVER_JOB}`,
    );

  it("with two worker processes on one database, runs every job and every schedule once", async () => {
    const workers = [startWorker(), startWorker()];
    try {
      await Promise.all(workers.map((w) => w.ready));
      // Runs of the earlier test's in-process runner are not these workers' to report.
      const earlier = new Set((await deliverJobs()).filter((j) => j.state === "completed").map((j) => j.id));
      const ours = async () => (await deliverJobs()).filter((j) => !earlier.has(j.id));
      const schedules = await rows<{ name: string }>(database.db, sql`select name from pgboss.schedule order by name`);
      expect(schedules.map((s) => s.name).sort()).toEqual(jobs.map((j) => j.name).sort());

      await queueMail(12);
      await withBoss(async (boss) => {
        for (let i = 0; i < 3; i++) await boss.send(DELIVER_JOB, { trigger: "kick" });
      });
      await smtp.waitFor(12, 180_000);
      // Wait for a run fired by the schedule (at the next minute), to see schedules fire once too.
      await until(async () => (await ours()).some((j) => j.trigger === "schedule" && j.state === "completed") || undefined, "a scheduled run");
      const completed = (await ours()).filter((j) => j.state === "completed");
      const reports = workers.flatMap((w) => w.reports).filter((r) => r.job === DELIVER_JOB);
      await until(() => completed.every((j) => reports.some((r) => r.id === j.id)) || undefined, "every run's report");
      const ids = reports.map((r) => r.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const job of completed) expect(ids.filter((id) => id === job.id)).toHaveLength(1);
      const perMinute = new Map<string, number>();
      for (const j of (await ours()).filter((j) => j.trigger === "schedule")) perMinute.set(j.minute, (perMinute.get(j.minute) ?? 0) + 1);
      expect([...perMinute.values()].every((n) => n === 1)).toBe(true);
      // Every message exactly once, none lost.
      expect(smtp.messages.map((m) => m.subject).sort()).toEqual(Array.from({ length: 12 }, (_, i) => `Thư ${serial - 11 + i}`).sort());
      const pending = await database.db.select({ id: outbox.id }).from(outbox).where(sql`${outbox.state} = 'pending'`);
      expect(pending).toEqual([]);
    } finally {
      for (const code of await Promise.all(workers.map(stopWorker))) expect(code).toBe(0);
    }
  });

  it("runs after a restart a job that was in flight when its process was killed", async () => {
    smtp.setMode("stall");
    await queueMail(1);
    const first = startWorker();
    let second: Worker | undefined;
    try {
      await first.ready;
      await withBoss((boss) => boss.send(DELIVER_JOB, { trigger: "kick" }));
      // In flight: the SMTP server holds the message and the job is active.
      await until(() => (smtp.started > 0 ? true : undefined), "the send to begin");
      const active = await until(async () => (await deliverJobs()).find((j) => j.state === "active"), "an active job");
      // Shorten this one job's expiry (5 minutes in production) so that the test does not wait for it.
      await database.db.execute(sql`update pgboss.job set expire_in = interval '2 seconds', retry_delay = 1, retry_backoff = false where id = ${active.id}::uuid`);
      first.child.kill("SIGKILL");
      await first.exited;
      smtp.setMode("accept");
      // The killed worker moved the message's next attempt a minute on; the new process's clock is later.
      second = startWorker({ CLOCK_AT: new Date(Date.now() + 10 * 60_000).toISOString() });
      await second.ready;
      const rerun = await until(
        async () => (await deliverJobs()).find((j) => j.id === active.id && j.state === "completed"),
        "the killed job to run again",
      );
      expect(rerun.retry_count).toBeGreaterThanOrEqual(1);
      expect(second.reports.filter((r) => r.id === active.id)).toHaveLength(1);
      await smtp.waitFor(1, 180_000);
      expect(smtp.messages).toHaveLength(1);
    } finally {
      first.child.kill("SIGKILL");
      if (second) expect(await stopWorker(second)).toBe(0);
    }
  });
});
