import { sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { fileTestDatabase } from "@/tests/helpers/test-db";
import { cachedSettings, forgetCachedSettings, getSetting, getSettings, setSetting } from "./settings";

const testDatabase = fileTestDatabase();

it("reads several settings in one go as one by one: stored, default when absent, default when no longer valid", async () => {
  const db = testDatabase().db;
  await setSetting(db, "cases.forwardDays", 7, { id: null });
  // A value an upgrade made invalid, written past the schema.
  await db.execute(sql`insert into settings (key, value) values ('cases.replyDays', '"ten"'::jsonb)`);
  const keys = ["cases.forwardDays", "cases.replyDays", "cases.retentionWarningDays"] as const;
  const together = await getSettings(db, keys);
  expect(together).toEqual({ "cases.forwardDays": 7, "cases.replyDays": 10, "cases.retentionWarningDays": 7 });
  for (const k of keys) expect(await getSetting(db, k)).toEqual(together[k]);
});

it("keeps the answer path's settings for a minute, and forgets them at once after a change in this process", async () => {
  const db = testDatabase().db;
  const keys = ["cases.forwardDays"] as const;
  await setSetting(db, "cases.forwardDays", 6, { id: null });
  expect(await cachedSettings(db, keys)).toEqual({ "cases.forwardDays": 6 });
  // Written past setSetting (as another server process would): this process still has its copy.
  await db.execute(sql`update settings set value = '8'::jsonb where key = 'cases.forwardDays'`);
  expect(await cachedSettings(db, keys)).toEqual({ "cases.forwardDays": 6 });
  expect(await getSettings(db, keys)).toEqual({ "cases.forwardDays": 8 });
  await setSetting(db, "cases.forwardDays", 9, { id: null });
  expect(await cachedSettings(db, keys)).toEqual({ "cases.forwardDays": 9 });
  forgetCachedSettings();
});
