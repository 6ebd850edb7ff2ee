import crypto from "node:crypto";
import fs from "node:fs";
import { afterAll, beforeAll, inject } from "vitest";
import { TransactionRollbackError } from "drizzle-orm";
import { openDatabase, type Database, type Db } from "@/db/client";
import { migrate } from "@/db/migrate";
import { databaseUrl, quoteIdent, TEST_DB_PREFIX, withAdmin, type TestDatabaseSetup } from "./test-db-setup";

// Read once per test file: the migrated data directory is ~40 MB.
let migratedDataDir: Blob | undefined;

async function createPglite(dumpFile: string | undefined): Promise<Database> {
  if (!dumpFile) {
    // Outside the integration projects (no globalSetup): migrate a fresh instance, slower but same result.
    const database = await openDatabase({ memory: true });
    await migrate(database);
    return database;
  }
  migratedDataDir ??= new Blob([fs.readFileSync(dumpFile)]);
  return openDatabase({ memory: true, loadDataDir: migratedDataDir });
}

async function createPostgres(setup: Extract<TestDatabaseSetup, { driver: "postgres" }>): Promise<Database> {
  const name = `${TEST_DB_PREFIX}${setup.runId}_${crypto.randomBytes(6).toString("hex")}`;
  await withAdmin(setup.adminUrl, (sql) =>
    sql.unsafe(`create database ${quoteIdent(name)} template ${quoteIdent(setup.template)}`),
  );
  let database: Database;
  try {
    database = await openDatabase({ url: databaseUrl(setup.adminUrl, name), max: 4 });
  } catch (err) {
    await dropDatabase(setup.adminUrl, name);
    throw err;
  }
  return {
    ...database,
    close: async () => {
      try {
        await database.close();
      } finally {
        await dropDatabase(setup.adminUrl, name);
      }
    },
  };
}

function dropDatabase(adminUrl: string, name: string): Promise<unknown> {
  return withAdmin(adminUrl, (sql) => sql.unsafe(`drop database if exists ${quoteIdent(name)} with (force)`));
}

/**
 * A migrated, empty database of its own, for the driver the project runs (`TEST_DRIVER`: pglite,
 * the default, or postgres). `close()` releases it and, on PostgreSQL, drops it.
 *
 *     let database: Database;
 *     beforeEach(async () => { database = await createTestDatabase(); });
 *     afterEach(() => database.close());
 */
export async function createTestDatabase(): Promise<Database> {
  const setup = inject("testDatabase") as TestDatabaseSetup | undefined;
  if (setup?.driver === "postgres") return createPostgres(setup);
  if (!setup && process.env.TEST_DRIVER === "postgres") {
    throw new Error("TEST_DRIVER=postgres: run through the integration-postgres project (set TEST_DATABASE_URL)");
  }
  return createPglite(setup?.dumpFile);
}

/**
 * Runs `body` in a transaction that is always rolled back, so that a test's rows never reach the
 * next test; whatever `body` throws is thrown again once the transaction is gone.
 */
export async function inRolledBackTransaction(database: Database, body: (tx: Db) => Promise<void>): Promise<void> {
  let failure: unknown;
  await database.db
    .transaction(async (tx) => {
      try {
        await body(tx as unknown as Db);
      } catch (err) {
        failure = err ?? new Error("test failed");
      }
      tx.rollback();
    })
    .catch((err: unknown) => {
      if (!(err instanceof TransactionRollbackError)) throw err;
    });
  if (failure) throw failure;
}

/**
 * One test database for a whole test file, created before its first test and closed after its
 * last; the returned function gives it to the tests.
 */
export function fileTestDatabase(): () => Database {
  let database: Database | undefined;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database?.close();
  });
  return () => {
    if (!database) throw new Error("fileTestDatabase: the database is opened before the first test");
    return database;
  };
}
