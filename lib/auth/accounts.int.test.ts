import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { staffAccounts } from "@/db/schema";
import { createAgencyTree } from "@/tests/helpers/fixtures";
import { createTestDatabase } from "@/tests/helpers/test-db";
import { authenticateStaff, getStaffById } from "./accounts";
import { hashPassword } from "./password";

let database: Database;
let leaderId: number;

beforeAll(async () => {
  database = await createTestDatabase();
  const tree = await createAgencyTree(database.db, [
    { code: "P", level: "province", name: "Tỉnh" },
    { code: "D", level: "district", parent: "P", name: "Huyện" },
  ]);
  const [row] = await database.db
    .insert(staffAccounts)
    .values({ username: "lanhdao", name: "Lãnh đạo", passwordHash: await hashPassword("đúng"), role: "leader", agencyId: tree.D!.id })
    .returning({ id: staffAccounts.id });
  leaderId = row!.id;
});

afterAll(async () => {
  await database?.close();
});

describe("staff sign-in", () => {
  it("returns the account with the subtree it may see", async () => {
    const user = await authenticateStaff(database.db, { username: " LanhDao ", password: "đúng" });
    expect(user).toMatchObject({ id: leaderId, role: "leader", agencyName: "Huyện" });
    expect(user!.scopePath).toMatch(/^\/\d+\/\d+\/$/);
    const [row] = await database.db.select().from(staffAccounts).where(eq(staffAccounts.id, leaderId));
    expect(row!.lastSignInAt).not.toBeNull();
  });

  it("refuses a wrong password, an unknown user and a disabled account alike", async () => {
    expect(await authenticateStaff(database.db, { username: "lanhdao", password: "sai" })).toBeNull();
    expect(await authenticateStaff(database.db, { username: "khongco", password: "đúng" })).toBeNull();
    await database.db.update(staffAccounts).set({ active: false }).where(eq(staffAccounts.id, leaderId));
    expect(await authenticateStaff(database.db, { username: "lanhdao", password: "đúng" })).toBeNull();
    // A session of a disabled account loses access on its next request.
    expect(await getStaffById(database.db, { staffId: leaderId })).toBeNull();
    await database.db.update(staffAccounts).set({ active: true }).where(eq(staffAccounts.id, leaderId));
  });
});
