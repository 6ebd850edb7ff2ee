/**
 * `npm start`: builds when there is no current build, then runs the production server
 * (scripts/server.ts) in this same process: it takes the embedded database's lock, migrates,
 * loads the demo into an empty database and serves, with no moment where another process could
 * open the folder in between.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const root = process.cwd();
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

ensureBuild();
process.env.NEXT_DIST_DIR = distDir;
await import("./server");
