import { dataDir, getEnv } from "@/lib/env";
import { openDatabase, type Database } from "@/db/client";
import { migrate } from "@/db/migrate";

export { rows, type Db, type Database } from "@/db/client";

// One connection (or one embedded instance) per server process. Kept on globalThis because
// Next may load this module more than once (instrumentation, routes, pages).
const holder = globalThis as unknown as { __haiLongDb?: Promise<Database> };

/** Opens and migrates the application's database once per process. */
export function getDatabase(): Promise<Database> {
  if (!holder.__haiLongDb) {
    const env = getEnv();
    holder.__haiLongDb = (async () => {
      const database = env.DATABASE_URL
        ? await openDatabase({ url: env.DATABASE_URL })
        : await openDatabase({ dataDir: dataDir(env) });
      await migrate(database);
      return database;
    })();
    // A failed open must not be cached forever: the next request tries again.
    holder.__haiLongDb.catch(() => {
      holder.__haiLongDb = undefined;
    });
  }
  return holder.__haiLongDb;
}

export async function getDb() {
  return (await getDatabase()).db;
}
