import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { alertPreferencesOf, notificationCounts, notificationsOf, staffHasEmail } from "@/db/queries/alerts";
import { alertPreferences, auditLog, notifications, staffAccounts } from "@/db/schema";
import { isDomainError } from "@/lib/errors";
import { createAgencyTree } from "@/tests/helpers/fixtures";
import { createTestDatabase } from "@/tests/helpers/test-db";
import { markAllRead, markRead, saveAlertPreferences } from "./preferences";

let database: Database;
let mine: number;
let theirs: number;

beforeAll(async () => {
  database = await createTestDatabase();
  const tree = await createAgencyTree(database.db, [{ code: "P", level: "province" }]);
  const [a, b] = await database.db
    .insert(staffAccounts)
    .values([
      { username: "a", name: "A", passwordHash: "x", role: "leader", agencyId: tree.P!.id, email: "a@example.gov.vn" },
      { username: "b", name: "B", passwordHash: "x", role: "leader", agencyId: tree.P!.id },
    ])
    .returning({ id: staffAccounts.id });
  mine = a!.id;
  theirs = b!.id;
  const at = (h: number) => new Date(Date.UTC(2026, 5, 10, h));
  await database.db.insert(notifications).values([
    { staffId: mine, kind: "alert", title: "Cũ", link: "/dashboard", dedupeKey: "1", createdAt: at(1) },
    { staffId: mine, kind: "alert", title: "Mới", link: "/dashboard", dedupeKey: "2", createdAt: at(5) },
    { staffId: mine, kind: "case_assigned", title: "Giữa", link: "/cases/1", dedupeKey: "3", createdAt: at(3) },
    { staffId: theirs, kind: "alert", title: "Của người khác", link: "/dashboard", dedupeKey: "4", createdAt: at(4) },
  ]);
});

afterAll(() => database.close());

describe("the in-app list", () => {
  it("lists one's own notifications newest first, with unread counts", async () => {
    const list = await notificationsOf(database.db, { staffId: mine, page: 1 });
    expect(list.map((n) => n.title)).toEqual(["Mới", "Giữa", "Cũ"]);
    expect(await notificationCounts(database.db, { staffId: mine })).toEqual({ total: 3, unread: 3 });
    expect(await notificationsOf(database.db, { staffId: mine, page: 2 })).toEqual([]);
  });

  it("marks read only one's own, once; mark all read leaves others' alone", async () => {
    const [other] = await database.db.select().from(notifications).where(eq(notifications.staffId, theirs));
    expect(await markRead(database.db, { id: mine }, other!.id)).toBe(false);
    const [first] = await notificationsOf(database.db, { staffId: mine, page: 1 });
    expect(await markRead(database.db, { id: mine }, first!.id)).toBe(true);
    expect(await markRead(database.db, { id: mine }, first!.id)).toBe(false);
    expect(await notificationCounts(database.db, { staffId: mine })).toEqual({ total: 3, unread: 2 });
    expect(await markAllRead(database.db, { id: mine })).toBe(2);
    expect(await notificationCounts(database.db, { staffId: mine })).toEqual({ total: 3, unread: 0 });
    expect(await notificationCounts(database.db, { staffId: theirs })).toEqual({ total: 1, unread: 1 });
    await expect(markRead(database.db, { id: mine }, -1)).rejects.toSatisfy(isDomainError);
  });
});

describe("alert preferences", () => {
  it("defaults to e-mail at once with the weekly digest, and stores one's choice with an audit row", async () => {
    expect(await alertPreferencesOf(database.db, { staffId: mine })).toEqual({ delivery: "immediate", weeklyDigest: true });
    await saveAlertPreferences(database.db, { id: mine }, { delivery: "daily", weeklyDigest: false });
    expect(await alertPreferencesOf(database.db, { staffId: mine })).toEqual({ delivery: "daily", weeklyDigest: false });
    await saveAlertPreferences(database.db, { id: mine }, { delivery: "none", weeklyDigest: true });
    expect(await alertPreferencesOf(database.db, { staffId: mine })).toEqual({ delivery: "none", weeklyDigest: true });
    expect(await database.db.select().from(alertPreferences)).toHaveLength(1);
    const audit = await database.db.select().from(auditLog).where(eq(auditLog.action, "alert_preferences.changed"));
    expect(audit).toHaveLength(2);
    expect(audit[0]).toMatchObject({ actorId: mine, entityId: String(mine) });
  });

  it("refuses an unknown choice and writes nothing", async () => {
    await expect(saveAlertPreferences(database.db, { id: theirs }, { delivery: "sms", weeklyDigest: true })).rejects.toSatisfy(isDomainError);
    expect(await alertPreferencesOf(database.db, { staffId: theirs })).toEqual({ delivery: "immediate", weeklyDigest: true });
  });

  it("knows who has an address for mail", async () => {
    expect(await staffHasEmail(database.db, { staffId: mine })).toBe(true);
    expect(await staffHasEmail(database.db, { staffId: theirs })).toBe(false);
  });
});
