import type { PgliteDatabase } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { migrationsFolder, type Database } from "./client";
import type * as schema from "./schema";

// Several server processes may boot at once against one PostgreSQL: only one migrates.
const MIGRATION_LOCK = 72_020_001;

/** Applies the committed migrations; the same function at boot, in `db:migrate` and in tests. */
export async function migrate(database: Database): Promise<void> {
  const config = { migrationsFolder: migrationsFolder() };
  if (database.driver === "pglite") {
    await migratePglite(database.db as unknown as PgliteDatabase<typeof schema>, config);
    return;
  }
  if (!database.url) throw new Error("PostgreSQL database without a URL");
  // One connection, so that the session lock and the migration share it.
  const client = postgres(database.url, { max: 1, onnotice: () => {} });
  try {
    await client`select pg_advisory_lock(${MIGRATION_LOCK})`;
    await migratePostgres(drizzle(client), config);
  } finally {
    await client`select pg_advisory_unlock(${MIGRATION_LOCK})`.catch(() => {});
    await client.end({ timeout: 5 });
  }
}
