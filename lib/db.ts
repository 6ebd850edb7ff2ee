import { openDatabase, type Database } from "@/db/client";
import { migrate } from "@/db/migrate";
import { dataDir, getEnv } from "@/lib/env";

export { rows, type Db, type Database } from "@/db/client";

/** The configured database (DATABASE_URL, else the embedded one in DATA_DIR), migrated. */
export async function openConfiguredDatabase(): Promise<Database> {
  const env = getEnv();
  const database = env.DATABASE_URL
    ? await openDatabase({ url: env.DATABASE_URL })
    : await openDatabase({ dataDir: dataDir(env) });
  await migrate(database);
  return database;
}

// One connection pool (or one embedded instance) per server process. Kept on globalThis
// because Next may load this module more than once (instrumentation, routes, pages).
const holder = globalThis as unknown as { __haiLongDb?: Promise<Database> };

export function getDatabase(): Promise<Database> {
  if (!holder.__haiLongDb) {
    holder.__haiLongDb = openConfiguredDatabase();
    // A failed open must not be cached forever: the next request tries again.
    holder.__haiLongDb.catch(() => {
      holder.__haiLongDb = undefined;
    });
  }
  return holder.__haiLongDb;
}

/** Closes the process's database if it was opened (at shutdown: the embedded one lets its folder go). */
export async function closeDatabase(): Promise<void> {
  const pending = holder.__haiLongDb;
  if (!pending) return;
  holder.__haiLongDb = undefined;
  await (await pending.catch(() => null))?.close();
}

export async function getDb() {
  return (await getDatabase()).db;
}

/**
 * Called once when the server boots: an unreachable database stops the boot with one clear
 * line instead of failing on the first request.
 */
export async function openAtBoot(): Promise<void> {
  try {
    const database = await getDatabase();
    console.log(`Database ready: ${database.where}`);
  } catch (err) {
    console.error(`Cannot start: ${err instanceof Error ? err.message.split("\n")[0] : String(err)}`);
    process.exit(1);
  }
}
