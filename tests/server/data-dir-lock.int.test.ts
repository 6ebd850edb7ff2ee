import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import { afterAll, describe, expect, inject, it } from "vitest";
import { openDatabase, rows } from "@/db/client";
import { LOCK_FILE } from "@/db/data-dir-lock";
import type { TestDatabaseSetup } from "@/tests/helpers/test-db-setup";

// Real processes against real folders: the lock is about processes, so nothing here is faked.
// Every wait is for a line a child prints or for its exit, never for a length of time.
const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const HOLDER = path.join(ROOT, "tests/server/hold-data-dir.ts");
const setup = inject("testDatabase") as TestDatabaseSetup | undefined;
const dump = setup?.driver === "pglite" ? setup.dumpFile : undefined;
const folders: string[] = [];

function freshFolder(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hl-lock-"));
  folders.push(dir);
  return path.join(dir, "pglite");
}

afterAll(() => {
  for (const dir of folders) fs.rmSync(dir, { recursive: true, force: true });
});

type Child = { process: ChildProcess; line(prefix: string): Promise<string>; first(prefixes: string[]): Promise<string>; send(line: string): void; exit: Promise<number | null> };

function tsx(args: string[], env: Record<string, string> = {}): Child {
  const child = spawn(process.execPath, ["--import", "tsx", ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  const queue: string[] = [];
  const waiting: { prefix: string; resolve: (line: string) => void }[] = [];
  readline.createInterface({ input: child.stdout! }).on("line", (line) => {
    const i = waiting.findIndex((w) => line.startsWith(w.prefix));
    if (i >= 0) waiting.splice(i, 1)[0]!.resolve(line);
    else queue.push(line);
  });
  const exit = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return {
    process: child,
    line(prefix) {
      const i = queue.findIndex((l) => l.startsWith(prefix));
      if (i >= 0) return Promise.resolve(queue.splice(i, 1)[0]!);
      return new Promise((resolve, reject) => {
        waiting.push({ prefix, resolve });
        void exit.then((code) => reject(new Error(`child exited (${code}) before printing "${prefix}…"; it printed: ${queue.join(" | ")}`)));
      });
    },
    first(prefixes) {
      return new Promise((resolve, reject) => {
        const found = queue.find((l) => prefixes.some((p) => l.startsWith(p)));
        if (found) return resolve(found);
        for (const prefix of prefixes) waiting.push({ prefix, resolve });
        void exit.then((code) => reject(new Error(`child exited (${code}); it printed: ${queue.join(" | ")}`)));
      });
    },
    send(line) {
      child.stdin!.write(`${line}\n`);
    },
    exit,
  };
}

/** Runs a command-line tool to its end: exit code and standard error. */
async function runTool(script: string, dataDir: string): Promise<{ code: number | null; stderr: string }> {
  const child = tsx([script], { DATA_DIR: dataDir, DATABASE_URL: "", SEED_DEMO: "never" });
  let stderr = "";
  child.process.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await child.exit;
  return { code, stderr };
}

async function probeRows(dataDir: string): Promise<number[]> {
  const database = await openDatabase({ dataDir });
  try {
    return (await rows<{ n: number }>(database.db, sql`select n from lock_probe order by n`)).map((r) => Number(r.n));
  } finally {
    await database.close();
  }
}

describe.skipIf(!dump)("the embedded database's folder lock", () => {
  it("refuses a second opener, naming the holder in one line, and the holder's writes survive", { timeout: 300_000 }, async () => {
    const dir = freshFolder();
    const holder = tsx([HOLDER, dir, dump!]);
    const pid = Number((await holder.line("ready")).split(" ")[1]);
    holder.send("write 1");
    await holder.line("wrote 1");

    for (const script of ["scripts/seed.ts", "scripts/migrate.ts"]) {
      const { code, stderr } = await runTool(script, dir);
      expect(code, script).toBe(1);
      const lines = stderr.trim().split("\n");
      expect(lines, script).toHaveLength(1);
      expect(lines[0]).toContain(`in use by process ${pid} (`);
      expect(lines[0]).toContain("hold-data-dir.ts");
      expect(lines[0]).toContain("stop that process first, or set DATA_DIR to another folder");
    }
    // Any opener at all, this test process included, goes through the same factory.
    await expect(openDatabase({ dataDir: dir })).rejects.toThrow(`in use by process ${pid} (`);

    // The holder still works and sees its own writes; nobody else has written to its folder.
    holder.send("write 2");
    await holder.line("wrote 2");
    holder.send("close");
    await holder.line("closed");
    await holder.exit;
    expect(fs.existsSync(path.join(dir, LOCK_FILE))).toBe(false);
    expect(await probeRows(dir)).toEqual([1, 2]);
  });

  it("opens again after its holder was killed with SIGKILL", { timeout: 300_000 }, async () => {
    const dir = freshFolder();
    const holder = tsx([HOLDER, dir, dump!]);
    await holder.line("ready");
    holder.send("write 7");
    await holder.line("wrote 7");
    holder.process.kill("SIGKILL");
    await holder.exit;
    // What the killed process left behind: its socket file, with nobody listening on it.
    expect(fs.existsSync(path.join(dir, LOCK_FILE))).toBe(true);
    expect(await probeRows(dir)).toEqual([7]);
  });

  it("lets exactly one of several openers take over a stale lock", { timeout: 300_000 }, async () => {
    const dir = freshFolder();
    fs.mkdirSync(dir, { recursive: true });
    // A file nobody listens on, as a killed holder leaves it.
    fs.writeFileSync(path.join(dir, LOCK_FILE), "");
    const openers = Array.from({ length: 3 }, () => tsx([HOLDER, "--lock-only", dir]));
    const outcomes = await Promise.all(openers.map((o) => o.first(["ready", "refused"])));
    const winners = outcomes.filter((line) => line.startsWith("ready"));
    expect(winners, outcomes.join(" | ")).toHaveLength(1);
    for (const line of outcomes.filter((l) => l.startsWith("refused"))) expect(line).toContain("is in use by");
    const winner = openers[outcomes.findIndex((line) => line.startsWith("ready"))]!;
    winner.send("close");
    await winner.line("closed");
    await Promise.all(openers.map((o) => o.exit));
  });
});
