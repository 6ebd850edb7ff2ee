import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { staffAccounts } from "@/db/schema";
import { createAgencyTree } from "@/tests/helpers/fixtures";
import { createTestDatabase } from "@/tests/helpers/test-db";
import { getStaffById, signInStaff } from "./accounts";
import { hashPassword } from "./password";

let database: Database;
const secret = "accounts-test-secret-0123456789";
let n = 0;
// A client of its own per sign-in: these tests are about the password check, not the limits.
const attempt = (username: string, password: string) => signInStaff(database.db, { username, password, secret, client: `client-${++n}` });
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
    const result = await attempt(" LanhDao ", "đúng");
    expect(result.outcome).toBe("signed_in");
    const user = result.outcome === "signed_in" ? result.user : null;
    expect(user).toMatchObject({ id: leaderId, role: "leader", agencyName: "Huyện" });
    expect(user!.scopePath).toMatch(/^\/\d+\/\d+\/$/);
    const [row] = await database.db.select().from(staffAccounts).where(eq(staffAccounts.id, leaderId));
    expect(row!.lastSignInAt).not.toBeNull();
  });

  it("refuses a wrong password, an unknown user and a disabled account alike", async () => {
    expect(await attempt("lanhdao", "sai")).toEqual({ outcome: "failed" });
    expect(await attempt("khongco", "đúng")).toEqual({ outcome: "failed" });
    await database.db.update(staffAccounts).set({ active: false }).where(eq(staffAccounts.id, leaderId));
    expect(await attempt("lanhdao", "đúng")).toEqual({ outcome: "failed" });
    // A session of a disabled account loses access on its next request.
    expect(await getStaffById(database.db, { staffId: leaderId })).toBeNull();
    await database.db.update(staffAccounts).set({ active: true }).where(eq(staffAccounts.id, leaderId));
  });
});
