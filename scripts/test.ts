/**
 * `npm test`: everything CI runs, in order: typecheck, lint, unit and integration tests (vitest),
 * then the production build and the Playwright journeys against it. A typecheck or lint failure
 * does not stop the tests, so one run reports everything; the exit code is 0 only if every step
 * passed. The last line is always `N passed, N failed`.
 *
 *     npm test                  all steps
 *     npm test -- vitest e2e    only these (e2e includes the Chromium check and the build)
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startSmtpServer } from "../tests/helpers/smtp";
import { countsLine, type Counts } from "../tests/reporters/summary-reporter";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const RESULTS = path.join(ROOT, ".test-results");
// The end-to-end build and data live apart from a developer's `.next` and `.data/pglite`.
// Overridable so that several checkouts or developers can run the suite side by side.
const E2E_DIST_DIR = process.env.E2E_DIST_DIR || ".next-e2e";
const E2E_DATA_DIR = process.env.E2E_DATA_DIR || ".data/e2e";
const CHROMIUM_CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser"];

type Status = "ok" | "failed" | "skipped";
type StepResult = { name: string; status: Status; seconds: number; counts?: Counts; note?: string };

let interrupted = false;
let running: ReturnType<typeof spawn> | undefined;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    interrupted = true;
    running?.kill(signal);
  });
}

function bin(name: string): string {
  return path.join(ROOT, "node_modules", ".bin", name);
}

/** Runs a command with its output streamed as it comes; resolves to its exit code. */
function run(command: string, args: string[], env: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: ROOT,
      stdio: ["ignore", "inherit", "inherit"],
      env: { ...process.env, ...env },
    });
    running = child;
    child.on("error", (err) => {
      console.error(`Cannot run ${command}: ${err.message}`);
      resolve(127);
    });
    child.on("close", (code, signal) => {
      running = undefined;
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}

function banner(title: string): void {
  console.log(`\n━━━ ${title} ━━━`);
}

function readCounts(file: string): Counts | undefined {
  try {
    const parsed = JSON.parse(fs.readFileSync(file, "utf8")) as Partial<Counts>;
    return { passed: parsed.passed ?? 0, failed: parsed.failed ?? 0, skipped: parsed.skipped ?? 0 };
  } catch {
    return undefined;
  }
}

/** A runner that exits non-zero without a recorded failure (crash, config error) still counts one. */
function withFailure(counts: Counts | undefined, exitCode: number): Counts {
  const c = counts ?? { passed: 0, failed: 0, skipped: 0 };
  return exitCode !== 0 && c.failed === 0 ? { ...c, failed: 1 } : c;
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function findChromium(): string | undefined {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) return isExecutable(fromEnv) ? fromEnv : undefined;
  return CHROMIUM_CANDIDATES.find(isExecutable);
}

async function ensureChromium(): Promise<string | undefined> {
  const found = findChromium();
  if (found) {
    console.log(`Chromium: ${found}`);
    return found;
  }
  if (process.env.CHROMIUM_PATH) {
    console.error(`CHROMIUM_PATH=${process.env.CHROMIUM_PATH} is not an executable file.`);
    return undefined;
  }
  const canInstall = fs.existsSync("/etc/debian_version") && process.getuid?.() === 0;
  if (canInstall) {
    console.log("Chromium is missing: installing the Debian package (apt-get install chromium).");
    const env = { DEBIAN_FRONTEND: "noninteractive" };
    if ((await run("apt-get", ["update"], env)) === 0) {
      await run("apt-get", ["install", "-y", "chromium"], env);
    }
    const installed = findChromium();
    if (installed) return installed;
  }
  console.error(
    "Chromium not found. Install it (Debian/Ubuntu: `apt-get install chromium`) or set CHROMIUM_PATH " +
      "to a Chromium or Chrome binary. Playwright's own browser download is not used.",
  );
  return undefined;
}

/** pdftoppm and zbarimg: the slip test rasterises printed slips and decodes their QR codes. */
async function ensureSlipTools(): Promise<void> {
  const has = (tool: string) => ["/usr/bin", "/usr/local/bin"].some((dir) => fs.existsSync(path.join(dir, tool)));
  if (has("pdftoppm") && has("zbarimg")) return;
  if (fs.existsSync("/etc/debian_version") && process.getuid?.() === 0) {
    console.log("Installing poppler-utils and zbar-tools for the slip decoding test.");
    const env = { DEBIAN_FRONTEND: "noninteractive" };
    if ((await run("apt-get", ["update"], env)) === 0) await run("apt-get", ["install", "-y", "poppler-utils", "zbar-tools"], env);
    return;
  }
  console.error("The slip decoding test needs pdftoppm and zbarimg (Debian: `apt-get install poppler-utils zbar-tools`).");
}

/**
 * `next build` adds its distDir's type folders to tsconfig.json and points next-env.d.ts at
 * them. The test build must not leave a tracked file modified, so exactly those edits are undone.
 */
function snapshotBuildTouchedFiles(): () => void {
  const tsconfigFile = path.join(ROOT, "tsconfig.json");
  const nextEnvFile = path.join(ROOT, "next-env.d.ts");
  const read = (file: string) => (fs.existsSync(file) ? fs.readFileSync(file, "utf8") : undefined);
  const tsconfigBefore = read(tsconfigFile);
  const tsconfigTimes = tsconfigBefore === undefined ? undefined : fs.statSync(tsconfigFile);
  const nextEnvBefore = read(nextEnvFile);
  return () => {
    const tsconfigAfter = read(tsconfigFile);
    if (tsconfigBefore !== undefined && tsconfigAfter !== undefined && tsconfigAfter !== tsconfigBefore) {
      try {
        const before = JSON.parse(tsconfigBefore) as { include?: string[] };
        const after = JSON.parse(tsconfigAfter) as { include?: string[] };
        after.include = after.include?.filter(
          (entry) => !entry.startsWith(`${E2E_DIST_DIR}/`) || before.include?.includes(entry),
        );
        if (JSON.stringify(after) === JSON.stringify(before)) {
          fs.writeFileSync(tsconfigFile, tsconfigBefore);
          // scripts/start.ts rebuilds when a source is newer than the build: keep the old time.
          if (tsconfigTimes) fs.utimesSync(tsconfigFile, tsconfigTimes.atime, tsconfigTimes.mtime);
        }
        else console.warn("tsconfig.json changed during the build in other ways: left as it is.");
      } catch {
        console.warn("tsconfig.json changed during the build and is not plain JSON: left as it is.");
      }
    }
    const nextEnvAfter = read(nextEnvFile);
    if (nextEnvAfter !== nextEnvBefore && nextEnvAfter?.includes(`./${E2E_DIST_DIR}/`)) {
      if (nextEnvBefore === undefined) fs.rmSync(nextEnvFile, { force: true });
      else fs.writeFileSync(nextEnvFile, nextEnvBefore);
    }
  };
}

type Step = { name: string; group: string; run: () => Promise<Omit<StepResult, "name" | "seconds">> };

let chromium: string | undefined;
let built = false;

const steps: Step[] = [
  {
    name: "typecheck",
    group: "typecheck",
    run: async () => ({ status: (await run(bin("tsc"), ["--noEmit"])) === 0 ? "ok" : "failed" }),
  },
  {
    name: "lint",
    group: "lint",
    run: async () => ({ status: (await run(bin("eslint"), ["--max-warnings", "0", "."])) === 0 ? "ok" : "failed" }),
  },
  {
    name: "vitest",
    group: "vitest",
    run: async () => {
      const file = path.join(RESULTS, "vitest.json");
      fs.rmSync(file, { force: true });
      const code = await run(bin("vitest"), ["run"]);
      return { status: code === 0 ? "ok" : "failed", counts: withFailure(readCounts(file), code) };
    },
  },
  {
    name: "chromium",
    group: "e2e",
    run: async () => {
      chromium = await ensureChromium();
      await ensureSlipTools();
      return { status: chromium ? "ok" : "failed" };
    },
  },
  {
    name: "build",
    group: "e2e",
    run: async () => {
      if (!chromium) return { status: "skipped", note: "no Chromium" };
      const restore = snapshotBuildTouchedFiles();
      let code: number;
      try {
        code = await run(bin("next"), ["build"], {
          NODE_ENV: "production",
          NEXT_DIST_DIR: E2E_DIST_DIR,
          NEXT_TELEMETRY_DISABLED: "1",
          // Whatever the build opens, never the developer's database.
          DATABASE_URL: "",
          DATA_DIR: E2E_DATA_DIR,
        });
      } finally {
        restore();
      }
      built = code === 0;
      return { status: built ? "ok" : "failed" };
    },
  },
  {
    name: "e2e",
    group: "e2e",
    run: async () => {
      if (!chromium || !built) return { status: "skipped", note: chromium ? "build failed" : "no Chromium" };
      // Every run starts from a fresh seed.
      fs.rmSync(path.join(ROOT, E2E_DATA_DIR), { recursive: true, force: true });
      const file = path.join(RESULTS, "playwright.json");
      fs.rmSync(file, { force: true });
      // A real SMTP server for the journeys' mail: the server under test sends to it, and the
      // specs read what arrived from the folder (each message as NNNN.json).
      const mailDir = path.join(RESULTS, "e2e-mail");
      fs.rmSync(mailDir, { recursive: true, force: true });
      const smtp = await startSmtpServer({ dir: mailDir });
      let code: number;
      try {
        code = await run(bin("playwright"), ["test"], { CHROMIUM_PATH: chromium, E2E_SMTP_URL: smtp.url, E2E_MAIL_DIR: mailDir });
      } finally {
        await smtp.close();
      }
      return { status: code === 0 ? "ok" : "failed", counts: withFailure(readCounts(file), code) };
    },
  },
];

function selectSteps(args: string[]): Step[] {
  if (args.length === 0) return steps;
  const groups = new Set(steps.map((s) => s.group));
  const unknown = args.filter((a) => !groups.has(a));
  if (unknown.length > 0) {
    console.error(`Unknown step ${unknown.join(", ")}: choose from ${[...groups].join(", ")}.`);
    process.exit(2);
  }
  return steps.filter((s) => args.includes(s.group));
}

function table(results: StepResult[]): string {
  const width = Math.max(...results.map((r) => r.name.length), 4);
  const lines = [`${"step".padEnd(width)}  result   seconds`];
  for (const r of results) {
    const extra = [r.counts ? countsLine(r.counts) : "", r.note ?? ""].filter(Boolean).join("; ");
    lines.push(`${r.name.padEnd(width)}  ${r.status.padEnd(7)}  ${r.seconds.toFixed(1).padStart(7)}${extra ? `   ${extra}` : ""}`);
  }
  return lines.join("\n");
}

async function main(): Promise<void> {
  const results: StepResult[] = [];
  for (const step of selectSteps(process.argv.slice(2))) {
    if (interrupted) break;
    banner(step.name);
    const started = performance.now();
    const outcome = await step.run();
    results.push({ name: step.name, ...outcome, seconds: (performance.now() - started) / 1000 });
  }

  const total: Counts = { passed: 0, failed: 0, skipped: 0 };
  for (const r of results) {
    if (r.counts) {
      total.passed += r.counts.passed;
      total.failed += r.counts.failed;
      total.skipped += r.counts.skipped;
    } else if (r.status === "failed") {
      // Typecheck, lint, Chromium, build: one failure each.
      total.failed += 1;
    }
  }
  if (interrupted) total.failed = Math.max(total.failed, 1);
  const allOk = !interrupted && results.every((r) => r.status !== "failed");

  banner(interrupted ? "summary (interrupted)" : "summary");
  console.log(table(results));
  console.log(countsLine(total));
  process.exitCode = allOk ? 0 : 1;
}

await main();
