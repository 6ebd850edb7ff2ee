import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import type { SQL } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { DataDirHeldError, holdDataDir, type DataDirLock } from "./data-dir-lock";
import * as schema from "./schema";

export { DataDirHeldError } from "./data-dir-lock";

export type Schema = typeof schema;
/** Either driver, or a transaction of either: query functions take this as their first argument. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export type Database = {
  db: Db;
  driver: "pglite" | "postgres";
  /** A short description for logs: never contains a password. */
  where: string;
  /** The PostgreSQL URL, for work that needs a connection of its own (migrations). */
  url?: string;
  close(): Promise<void>;
};

export class DatabaseUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DatabaseUnavailableError";
  }
}

export type OpenOptions =
  | { url: string; max?: number }
  /** loadDataDir: a dump (PGlite's dumpDataDir) to start an empty folder from. */
  | { dataDir: string; loadDataDir?: Blob | File }
  | { memory: true; loadDataDir?: Blob | File };

function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `PostgreSQL at ${u.hostname}:${u.port || 5432}${u.pathname}`;
  } catch {
    return "PostgreSQL (unparsable DATABASE_URL)";
  }
}

function reason(err: unknown): string {
  if (err && typeof err === "object") {
    const e = err as { code?: unknown; message?: unknown };
    const code = typeof e.code === "string" ? e.code : undefined;
    const message = typeof e.message === "string" ? e.message.split("\n")[0] : undefined;
    return [code, message].filter(Boolean).join(": ") || String(err);
  }
  return String(err);
}

/**
 * The one database factory: a PostgreSQL URL gives postgres.js, otherwise an embedded PGlite in
 * a folder (or in memory for tests). The connection is checked before it is returned, so an
 * unreachable database stops the caller with one clear line instead of failing on first use.
 */
export async function openDatabase(options: OpenOptions): Promise<Database> {
  if ("url" in options) {
    const where = describeUrl(options.url);
    const client = postgres(options.url, {
      max: options.max ?? 10,
      onnotice: () => {},
      connect_timeout: 10,
      // Figures are computed in SQL; bigint counts are cast to int there.
      types: {},
    });
    try {
      await client`select 1`;
    } catch (err) {
      await client.end({ timeout: 1 }).catch(() => {});
      throw new DatabaseUnavailableError(`Cannot reach ${where}: ${reason(err)}`);
    }
    const db = drizzlePostgres(client, { schema, casing: "snake_case" }) as unknown as Db;
    return { db, driver: "postgres", where, url: options.url, close: () => client.end({ timeout: 5 }) };
  }

  if ("dataDir" in options) return openDataDir(options.dataDir, options.loadDataDir);
  let client: PGlite;
  try {
    client = await PGlite.create({ loadDataDir: options.loadDataDir });
  } catch (err) {
    throw new DatabaseUnavailableError(`Cannot open the embedded database: ${reason(err)}`);
  }
  const db = drizzlePglite(client, { schema, casing: "snake_case" }) as unknown as Db;
  return { db, driver: "pglite", where: "in-memory embedded database", close: () => client.close() };
}

/**
 * An embedded database in a folder, which one process at a time may have open: a second one
 * would not see the first one's writes and the last to close would overwrite them
 * (docs/decisions/015-embedded-database-lock.md). The folder's lock is taken before PGlite
 * touches it and let go after PGlite has closed it.
 */
async function openDataDir(dataDir: string, loadDataDir: Blob | File | undefined): Promise<Database> {
  const where = `embedded database in ${dataDir}`;
  let lock: DataDirLock;
  try {
    lock = await holdDataDir(dataDir);
  } catch (err) {
    if (err instanceof DataDirHeldError) throw new DatabaseUnavailableError(err.message);
    throw new DatabaseUnavailableError(`Cannot open the embedded database: ${reason(err)}`);
  }
  const open = openFolders();
  if (open.has(lock.dir)) {
    await lock.release();
    // Two instances in one process corrupt the folder as surely as two processes.
    throw new DatabaseUnavailableError(`The embedded database in ${dataDir} is already open in this process (pid ${process.pid}).`);
  }
  let client: PGlite;
  try {
    client = await PGlite.create(dataDir, loadDataDir ? { loadDataDir } : {});
  } catch (err) {
    await lock.release();
    throw new DatabaseUnavailableError(`Cannot open the embedded database: ${reason(err)}`);
  }
  open.add(lock.dir);
  const db = drizzlePglite(client, { schema, casing: "snake_case" }) as unknown as Db;
  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      try {
        await client.close();
      } finally {
        open.delete(lock.dir);
        await lock.release();
      }
    })());
  return { db, driver: "pglite", where, close };
}

// Folders with an open PGlite instance in this process, shared by every copy of this module.
function openFolders(): Set<string> {
  const g = globalThis as unknown as Record<symbol, Set<string> | undefined>;
  return (g[Symbol.for("hai-long.open-data-dirs")] ??= new Set());
}

/** Rows of a raw SQL statement, whichever driver ran it. */
export async function rows<T>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown;
  if (Array.isArray(result)) return result as T[];
  return (result as { rows: T[] }).rows;
}

export function migrationsFolder(): string {
  return path.join(/*turbopackIgnore: true*/ process.cwd(), "db", "migrations");
}
