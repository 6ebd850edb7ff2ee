import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterEach, describe, expect, inject, it } from "vitest";
import { migrationsFolder, rows, type Database } from "@/db/client";
import { agencies } from "@/db/schema";
import { createTestDatabase } from "./test-db";
import { withAdmin } from "./test-db-setup";

const opened: Database[] = [];

async function open(): Promise<Database> {
  const database = await createTestDatabase();
  opened.push(database);
  return database;
}

afterEach(async () => {
  await Promise.all(opened.splice(0).map((d) => d.close()));
});

async function agencyCodes(database: Database): Promise<string[]> {
  const found = await database.db.select({ code: agencies.code }).from(agencies).orderBy(agencies.code);
  return found.map((a) => a.code);
}

describe("createTestDatabase", () => {
  it("uses the driver the project asks for", async () => {
    const database = await open();
    expect(database.driver).toBe(process.env.TEST_DRIVER ?? "pglite");
  });

  it("applies every committed migration and nothing else", async () => {
    const database = await open();
    const journal = JSON.parse(fs.readFileSync(path.join(migrationsFolder(), "meta", "_journal.json"), "utf8")) as {
      entries: { tag: string }[];
    };
    const [applied] = await rows<{ count: number }>(
      database.db,
      sql`select count(*)::int as count from drizzle.__drizzle_migrations`,
    );
    expect(applied?.count).toBe(journal.entries.length);
    const tables = await rows<{ name: string }>(
      database.db,
      sql`select table_name as name from information_schema.tables where table_schema = 'public'`,
    );
    expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(["agencies", "invitations", "responses"]));
  });

  it("starts empty", async () => {
    const database = await open();
    expect(await agencyCodes(database)).toEqual([]);
  });

  it("gives each caller its own database: rows written in one are not seen in another", async () => {
    const [a, b] = await Promise.all([open(), open()]);
    await a!.db.insert(agencies).values({ code: "A-1", name: "Agency A", level: "province", tier: "province", kind: "administrative", path: "/1/" });
    await b!.db.insert(agencies).values({ code: "B-1", name: "Agency B", level: "province", tier: "province", kind: "administrative", path: "/1/" });
    expect(await agencyCodes(a!)).toEqual(["A-1"]);
    expect(await agencyCodes(b!)).toEqual(["B-1"]);

    // A later database is cloned from the pristine migrated state, not from an earlier test's.
    const c = await open();
    expect(await agencyCodes(c)).toEqual([]);
  });

  // Registered only where it applies, so that the PGlite run reports no skipped test.
  if (process.env.TEST_DRIVER !== "postgres") return;

  it("drops the PostgreSQL database on close", async () => {
    const setup = inject("testDatabase");
    if (setup.driver !== "postgres") throw new Error("expected the postgres setup");
    const database = await createTestDatabase();
    const name = new URL(database.url!).pathname.slice(1);
    const exists = () =>
      withAdmin(setup.adminUrl, async (admin) => (await admin`select 1 from pg_database where datname = ${name}`).length);
    expect(await exists()).toBe(1);
    await database.close();
    expect(await exists()).toBe(0);
  });
});
