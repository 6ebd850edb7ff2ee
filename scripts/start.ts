/**
 * `npm start`: builds when there is no current build, migrates, loads the demo into an empty
 * embedded database, then serves the production build and prints how to try it.
 */
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { DEMO_ACCOUNTS, isDatabaseEmpty, seedDemo } from "@/lib/demo/seed";
import { issueDemoInvitation } from "@/lib/demo/live-link";
import { openDatabaseOrExit } from "@/lib/cli";
import { getEnv, publicUrl } from "@/lib/env";

const root = process.cwd();
const env = getEnv();
const distDir = process.env.NEXT_DIST_DIR || ".next";
const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");

// A build is current when it is newer than every source file that goes into it.
const SOURCES = ["app", "lib", "db", "instrumentation.ts", "next.config.js", "package.json", "package-lock.json", "tsconfig.json"];

function newestSource(target: string): number {
  const full = path.join(root, target);
  if (!fs.existsSync(full)) return 0;
  const stat = fs.statSync(full);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of fs.readdirSync(full, { withFileTypes: true })) {
    if (entry.name === "node_modules" || entry.name.startsWith(".")) continue;
    newest = Math.max(newest, newestSource(path.join(target, entry.name)));
  }
  return newest;
}

function ensureBuild() {
  const buildId = path.join(root, distDir, "BUILD_ID");
  const builtAt = fs.existsSync(buildId) ? fs.statSync(buildId).mtimeMs : 0;
  const changedAt = Math.max(...SOURCES.map(newestSource));
  if (builtAt > changedAt) return;
  console.log(builtAt ? "Sources changed since the last build: building…" : "No production build yet: building (about a minute)…");
  const result = spawnSync(process.execPath, [nextBin, "build"], { stdio: "inherit", env: { ...process.env, NEXT_DIST_DIR: distDir } });
  if (result.status !== 0) {
    console.error("Error: the build failed (see above).");
    process.exit(1);
  }
}

async function prepareDatabase(): Promise<string | null> {
  const database = await openDatabaseOrExit();
  try {
    if (env.SEED_DEMO === "auto" && (await isDatabaseEmpty(database.db))) {
      console.log(`Empty database (${database.where}): loading the demo district…`);
      const summary = await seedDemo(database.db, { log: (line) => console.log(`  ${line}`) });
      console.log(`Demo loaded in ${(summary.elapsedMs / 1000).toFixed(1)} s.`);
    }
    const officer = DEMO_ACCOUNTS.find((a) => a.role === "officer");
    const live = officer ? await issueDemoInvitation(database.db, { officerUsername: officer.username }) : null;
    return live?.url ?? null;
  } finally {
    // The embedded database admits one process: the server opens it next.
    await database.close();
  }
}

async function waitUntilReady(url: string, child: ReturnType<typeof spawn>): Promise<boolean> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline && child.exitCode === null) {
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  return false;
}

ensureBuild();
const liveLink = await prepareDatabase();
const base = publicUrl(env);
const serverEnv: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "production", NEXT_DIST_DIR: distDir, PORT: String(env.PORT) };
// Staff sign-in needs the site's own address: the public one when set, else the request's host.
if (env.PUBLIC_URL && !process.env.NEXTAUTH_URL) serverEnv.NEXTAUTH_URL = env.PUBLIC_URL;
if (!serverEnv.NEXTAUTH_URL) serverEnv.AUTH_TRUST_HOST = "true";

const child = spawn(process.execPath, [nextBin, "start", "-p", String(env.PORT)], { stdio: "inherit", env: serverEnv });
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => child.kill(signal));
child.on("exit", (code) => process.exit(code ?? 0));

if (await waitUntilReady(`http://127.0.0.1:${env.PORT}`, child)) {
  const lines = [
    "",
    `Hài Lòng is running at ${base}`,
    "",
    "Demo accounts (role, username, password, agency):",
    ...DEMO_ACCOUNTS.map((a) => `  ${a.role.padEnd(8)} ${a.username.padEnd(20)} ${a.password.padEnd(10)} ${a.agencyName}`),
    "",
    liveLink ? `A live survey link (answer it as a citizen): ${liveLink}` : "No demo officer found: no survey link issued.",
    "",
  ];
  console.log(lines.join("\n"));
}
