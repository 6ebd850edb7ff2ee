/**
 * The production server (docs/decisions/014-custom-server.md): one process that takes the
 * embedded database's lock, migrates, loads the demo into an empty database, then serves Next's
 * request handler behind the edge (lib/http/edge.ts), holding the lock until it exits. Used by
 * `npm start` (scripts/start.ts, which builds first when needed) and by the end-to-end suite.
 *
 *     NEXT_DIST_DIR=.next-e2e PORT=3100 tsx scripts/server.ts
 */
import http from "node:http";
import path from "node:path";
import { holdDataDir, type DataDirLock } from "@/db/data-dir-lock";
import { DatabaseUnavailableError } from "@/db/client";
import { closeDatabase, openConfiguredDatabase } from "@/lib/db";
import { currentDemoAccounts, isDatabaseEmpty, seedDemo, type DemoAccount } from "@/lib/demo/seed";
import { issueDemoInvitation } from "@/lib/demo/live-link";
import { parseTrustProxy } from "@/lib/http/client-address";
import { attachEdge, createEdge } from "@/lib/http/edge";
import { dataDir, getEnv, publicUrl } from "@/lib/env";

const root = process.cwd();

function fail(err: unknown): never {
  console.error(`Error: ${err instanceof Error ? err.message.split("\n")[0] : String(err)}`);
  process.exit(1);
}

// Next and React pick their production builds from NODE_ENV when they are first loaded.
(process.env as Record<string, string>).NODE_ENV = "production";
const env = (() => {
  try {
    return getEnv();
  } catch (err) {
    return fail(err);
  }
})();
const base = publicUrl(env);
// Staff sign-in needs the site's own address: the public one when set, else the request's host.
if (env.PUBLIC_URL && !process.env.NEXTAUTH_URL) process.env.NEXTAUTH_URL = env.PUBLIC_URL;
if (!process.env.NEXTAUTH_URL) process.env.AUTH_TRUST_HOST = "true";

/** The demo accounts found in the database, where they work now; none outside a demo. */
let accounts: DemoAccount[] = [];

/** Migrates and loads the demo with the lock already held, so no other process gets in between. */
async function prepareDatabase(): Promise<string | null> {
  let database;
  try {
    database = await openConfiguredDatabase();
  } catch (err) {
    return fail(err);
  }
  try {
    if (env.SEED_DEMO === "auto" && (await isDatabaseEmpty(database.db))) {
      console.log(`Empty database (${database.where}): loading the demo district…`);
      const summary = await seedDemo(database.db, { log: (line) => console.log(`  ${line}`) });
      console.log(`Demo loaded in ${(summary.elapsedMs / 1000).toFixed(1)} s.`);
    }
    accounts = await currentDemoAccounts(database.db);
    const officer = accounts.find((a) => a.role === "officer");
    const live = officer ? await issueDemoInvitation(database.db, { officerUsername: officer.username }) : null;
    return live?.url ?? null;
  } finally {
    // Next's own modules open the database again; the lock stays with this process meanwhile.
    await database.close();
  }
}

let lock: DataDirLock | undefined;
if (!env.DATABASE_URL) {
  try {
    lock = await holdDataDir(dataDir(env));
  } catch (err) {
    fail(err instanceof Error ? new DatabaseUnavailableError(err.message) : err);
  }
}
const liveLink = await prepareDatabase();

const { default: next } = await import("next");
const app = next({ dev: false, dir: root, port: env.PORT, hostname: "localhost", quiet: true });
await app.prepare();
const nextHandler = app.getRequestHandler();

const server = http.createServer();
attachEdge(
  server,
  createEdge({
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    publicUrl: base,
    handler: (req, res) => nextHandler(req, res),
    onError: (err) => console.error("request failed:", err instanceof Error ? err.message : err),
  }),
);
server.on("clientError", (_err, socket) => {
  if (socket.writable) socket.end("HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n");
  else socket.destroy();
});
await new Promise<void>((resolve, reject) => {
  server.once("error", reject);
  server.listen(env.PORT, () => resolve());
}).catch(fail);

let stopping = false;
async function stop(signal: NodeJS.Signals): Promise<void> {
  if (stopping) return;
  stopping = true;
  server.close();
  server.closeIdleConnections();
  await app.close().catch(() => {});
  // Jobs first: the database must not close under a running job. Imported here, once Next has
  // set up its runtime: the job modules reach code that needs it.
  await import("@/lib/jobs/runner").then((m) => m.stopJobs()).catch(() => {});
  await closeDatabase().catch(() => {});
  await lock?.release();
  process.exit(signal === "SIGINT" ? 130 : 0);
}
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void stop(signal));

const distDir = process.env.NEXT_DIST_DIR || ".next";
console.log(
  [
    "",
    `Hài Lòng is running at ${base} (port ${env.PORT}, build ${path.join(distDir)}${env.TRUST_PROXY ? `, trusted proxies: ${env.TRUST_PROXY}` : ""})`,
    "",
    "Demo accounts (role, username, password, agency):",
    ...accounts.map((a) => `  ${a.role.padEnd(8)} ${a.username.padEnd(20)} ${a.password.padEnd(10)} ${a.agencyName}`),
    "",
    liveLink ? `A live survey link (answer it as a citizen): ${liveLink}` : "No demo officer found: no survey link issued.",
    "",
  ].join("\n"),
);
