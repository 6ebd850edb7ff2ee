/**
 * Vitest globalSetup of the integration projects (runs once, in the main process): prepares a
 * migrated database that `createTestDatabase()` clones for every test, so each test pays for a
 * copy instead of a migration.
 *
 * - pglite: a migrated data directory, dumped to a temporary tar file. Loading it takes ~1.1 s
 *   against ~3.5 s for a fresh in-memory instance plus migrations (initdb dominates), measured
 *   on the 2-core CI machine.
 * - postgres: a template database on the server of TEST_DATABASE_URL, cloned with
 *   `CREATE DATABASE … TEMPLATE` (a few milliseconds). The database named in the URL is only
 *   used to connect for CREATE/DROP DATABASE; its data is never read or written.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import postgres from "postgres";
import type { TestProject } from "vitest/node";
import { openDatabase } from "@/db/client";
import { migrate } from "@/db/migrate";

export type TestDatabaseSetup =
  | { driver: "pglite"; dumpFile: string }
  | { driver: "postgres"; adminUrl: string; template: string; runId: string };

declare module "vitest" {
  export interface ProvidedContext {
    testDatabase: TestDatabaseSetup;
  }
}

// Our databases only: `hl_t_<run pid>_<random>` per test, `hl_test_template_<run pid>` per run.
export const TEST_DB_PREFIX = "hl_t_";
export const TEMPLATE_PREFIX = "hl_test_template_";
const OWN_DATABASE = /^hl_(?:t|test_template)_(\d+)(?:_[a-z0-9]+)?$/;

export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export function quoteIdent(name: string): string {
  // Names are generated here, never taken from input; the check keeps it that way.
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`Refusing database name ${JSON.stringify(name)}`);
  return `"${name}"`;
}

/** One short-lived connection to the server's maintenance database (the URL's own database). */
export async function withAdmin<T>(adminUrl: string, work: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {}, connect_timeout: 10 });
  try {
    return await work(sql);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Databases left by runs that were killed before their teardown (their pid is gone). */
async function dropLeftovers(sql: postgres.Sql): Promise<void> {
  const found = await sql<{ datname: string }[]>`
    select datname from pg_database where datname ~ '^hl_(t|test_template)_[0-9]+'`;
  for (const { datname } of found) {
    const pid = Number(OWN_DATABASE.exec(datname)?.[1]);
    if (!pid || pid === process.pid || isRunning(pid)) continue;
    // No FORCE: a database somebody is still connected to is not a leftover.
    await sql.unsafe(`drop database if exists ${quoteIdent(datname)}`).catch(() => {});
  }
}

async function setupPglite(project: TestProject): Promise<() => Promise<void>> {
  const database = await openDatabase({ memory: true });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hl-pglite-"));
  const dumpFile = path.join(dir, "migrated.tar");
  try {
    await migrate(database);
    const client = (database.db as unknown as { $client: PGlite }).$client;
    // Uncompressed: loading it is ~25% faster than the gzip variant; the file is temporary.
    const dump = await client.dumpDataDir("none");
    fs.writeFileSync(dumpFile, Buffer.from(await dump.arrayBuffer()));
  } finally {
    await database.close();
  }
  project.provide("testDatabase", { driver: "pglite", dumpFile });
  return async () => fs.rmSync(dir, { recursive: true, force: true });
}

async function setupPostgres(project: TestProject, adminUrl: string): Promise<() => Promise<void>> {
  const runId = String(process.pid);
  const template = `${TEMPLATE_PREFIX}${runId}`;
  // The same check and one-line message as the product's database factory.
  await (await openDatabase({ url: adminUrl, max: 1 })).close();
  await withAdmin(adminUrl, async (sql) => {
    await dropLeftovers(sql);
    await sql.unsafe(`drop database if exists ${quoteIdent(template)} with (force)`);
    await sql.unsafe(`create database ${quoteIdent(template)}`);
  });
  const database = await openDatabase({ url: databaseUrl(adminUrl, template), max: 1 });
  try {
    await migrate(database);
  } finally {
    // A template must have no open connection when it is cloned.
    await database.close();
  }
  project.provide("testDatabase", { driver: "postgres", adminUrl, template, runId });
  return async () => {
    await withAdmin(adminUrl, (sql) => sql.unsafe(`drop database if exists ${quoteIdent(template)} with (force)`));
  };
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const driver = project.config.env?.TEST_DRIVER ?? "pglite";
  if (driver === "pglite") return setupPglite(project);
  if (driver === "postgres") {
    const adminUrl = project.config.env?.TEST_DATABASE_URL;
    if (!adminUrl) throw new Error("TEST_DRIVER=postgres needs TEST_DATABASE_URL (postgres://user@host:port/db)");
    return setupPostgres(project, adminUrl);
  }
  throw new Error(`Unknown TEST_DRIVER ${JSON.stringify(driver)}: use pglite or postgres`);
}
