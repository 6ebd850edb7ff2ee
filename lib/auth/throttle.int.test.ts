import { and, eq, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { Database } from "@/db/client";
import { auditLog, signInThrottle, staffAccounts } from "@/db/schema";
import { clearSignInCounters, readSignInCounters } from "@/lib/admin/accounts";
import { isDomainError } from "@/lib/errors";
import { CLIENT_HEADER } from "@/lib/http/client-address";
import { setClockForTests } from "@/lib/time/clock";
import { createAgencyTree } from "@/tests/helpers/fixtures";
import { createTestDatabase } from "@/tests/helpers/test-db";
import { getStaffById, signInStaff, type StaffUser } from "./accounts";
import { authOptions, authorizeCredentials } from "./options";
import { hashPassword } from "./password";
import { accountDelaySeconds, ACCOUNT_DELAY_CAP_SECONDS, signInClient, signInSubject } from "./throttle";

const SECRET = "throttle-test-secret-0123456789abcdef";
// authOptions() reads the secret from the environment; never the data folder's file in a test.
vi.stubEnv("NEXTAUTH_SECRET", SECRET);

const PASSWORD = "mật-khẩu-đúng-1";
const T0 = new Date("2026-12-02T02:00:00.000Z");

let database: Database;
let tree: Awaited<ReturnType<typeof createAgencyTree>>;
let admin: StaffUser;
let otherAdmin: StaffUser;
let passwordHash: string;

// next-auth 4 hands authorize the request's headers as a plain object of lower-case names; the
// edge (scripts/server.ts) has put the client it decided in CLIENT_HEADER.
const from = (address: string) => ({ headers: { [CLIENT_HEADER]: address, "x-forwarded-for": "203.0.113.250" } });

async function account(username: string): Promise<number> {
  const [row] = await database.db
    .insert(staffAccounts)
    .values({ username, name: username, passwordHash, role: "leader", agencyId: tree.D1!.id })
    .returning({ id: staffAccounts.id });
  return row!.id;
}

/** authorize's answer: the user id, "null" for a refused password, or the code it threw. */
async function signIn(username: string, password: string, address: string): Promise<string> {
  try {
    const user = await authorizeCredentials(database.db, { username, password, csrfToken: "x" }, from(address), SECRET);
    return user ? `user:${user.id}` : "null";
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

const at = (seconds: number) => setClockForTests(new Date(T0.getTime() + seconds * 1000));

async function auditOf(accountId: number | null, action: string) {
  return database.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, action), accountId == null ? sql`${auditLog.entityId} is null` : eq(auditLog.entityId, String(accountId))))
    .orderBy(auditLog.id);
}

beforeAll(async () => {
  database = await createTestDatabase();
  passwordHash = await hashPassword(PASSWORD);
  tree = await createAgencyTree(database.db, [
    { code: "P", level: "province" },
    { code: "D1", level: "district", parent: "P" },
    { code: "D2", level: "district", parent: "P" },
  ]);
  const staffAt = async (username: string, agencyId: number) => {
    const [row] = await database.db.insert(staffAccounts).values({ username, name: username, passwordHash, role: "admin", agencyId }).returning({ id: staffAccounts.id });
    return (await getStaffById(database.db, { staffId: row!.id }))!;
  };
  admin = await staffAt("quantri", tree.P!.id);
  otherAdmin = await staffAt("quantri-d2", tree.D2!.id);
});

afterEach(() => setClockForTests(null));

afterAll(async () => {
  await database?.close();
});

describe("sign-in limits per account and client", () => {
  it("refuses the right password from a client after 5 wrong ones, while another client signs in at once", async () => {
    const id = await account("lanhdao1");
    at(0);
    for (let i = 0; i < 5; i++) expect(await signIn("lanhdao1", `sai-${i}`, "203.0.113.7")).toBe("null");
    at(60);
    // Held for 15 minutes from the 5th failure: 14 minutes are left.
    expect(await signIn("lanhdao1", PASSWORD, "203.0.113.7")).toBe("SignInThrottled:14");
    expect(await signIn("LanhDao1 ", PASSWORD, "203.0.113.7")).toBe("SignInThrottled:14");
    // A forged X-Forwarded-For is not a new client: only the edge's decision counts.
    const forged = { headers: { [CLIENT_HEADER]: "203.0.113.7", "x-forwarded-for": "192.0.2.77" } };
    await expect(authorizeCredentials(database.db, { username: "lanhdao1", password: PASSWORD }, forged, SECRET)).rejects.toThrow(/^SignInThrottled:/);
    expect(await signIn("lanhdao1", PASSWORD, "198.51.100.9")).toBe(`user:${id}`);
    // The other client's success does not lift the hold on the guessing one.
    expect(await signIn("lanhdao1", PASSWORD, "203.0.113.7")).toMatch(/^SignInThrottled:/);

    const failed = await auditOf(id, "sign_in.failed");
    expect(failed).toHaveLength(5);
    expect(failed.map((r) => r.data?.reason)).toEqual(Array(5).fill("wrong_password"));
    expect(failed.map((r) => r.data?.clientFailures)).toEqual([1, 2, 3, 4, 5]);
    expect(failed.every((r) => r.actorKind === "system" && r.actorId === null)).toBe(true);
    const refused = await auditOf(id, "sign_in.refused");
    // Four refusals, three audit rows: the 1st, 2nd, 4th, 8th… of a hold, so that a hammering
    // client cannot flood the log.
    expect(refused.map((r) => [r.data?.reason, r.data?.refusals])).toEqual([
      ["client_held", 1],
      ["client_held", 2],
      ["client_held", 4],
    ]);
    const key = signInClient(from("203.0.113.7").headers, SECRET);
    const text = JSON.stringify([...failed, ...refused]);
    expect(text).not.toContain(key);
    expect(text).not.toContain("203.0.113.7");
    expect(text).not.toContain("sai-");
    expect(text).not.toContain(PASSWORD);
    expect(failed[0]!.data?.client).toBe(key.slice(0, 6));
  });

  it("lets a held client in again once its window has passed, and forgets its counters then", async () => {
    const id = await account("lanhdao2");
    at(0);
    for (let i = 0; i < 5; i++) await signIn("lanhdao2", "sai", "203.0.113.8");
    at(15 * 60 - 1);
    expect(await signIn("lanhdao2", PASSWORD, "203.0.113.8")).toBe("SignInThrottled:1");
    at(15 * 60);
    expect(await signIn("lanhdao2", PASSWORD, "203.0.113.8")).toBe(`user:${id}`);
    const left = await database.db.select().from(signInThrottle).where(eq(signInThrottle.subject, signInSubject("lanhdao2", SECRET)));
    expect(left).toEqual([]);
    // Counting starts afresh: four more wrong passwords do not hold the client again.
    for (let i = 0; i < 4; i++) expect(await signIn("lanhdao2", "sai", "203.0.113.8")).toBe("null");
    expect(await signIn("lanhdao2", PASSWORD, "203.0.113.8")).toBe(`user:${id}`);
  });

  it("holds a client that forgets the window and comes back within it", async () => {
    await account("lanhdao3");
    at(0);
    for (let i = 0; i < 4; i++) await signIn("lanhdao3", "sai", "203.0.113.9");
    // A fifth failure after the 15-minute window is the first of a new window.
    at(15 * 60 + 1);
    expect(await signIn("lanhdao3", "sai", "203.0.113.9")).toBe("null");
    expect(await signIn("lanhdao3", "sai", "203.0.113.9")).toBe("null");
  });

  it("limits an unknown username exactly like a real one, and audits it without the name", async () => {
    at(0);
    for (let i = 0; i < 5; i++) expect(await signIn("khong-co-ai", "sai", "203.0.113.10")).toBe("null");
    expect(await signIn("khong-co-ai", "sai", "203.0.113.10")).toBe("SignInThrottled:15");
    const rows = await database.db.select().from(auditLog).where(sql`${auditLog.action} like 'sign_in.%' and ${auditLog.entityId} is null`);
    expect(rows.length).toBeGreaterThanOrEqual(6);
    expect(rows.map((r) => r.data?.reason)).toContain("unknown_account");
    expect(JSON.stringify(rows)).not.toContain("khong-co-ai");
  });

  it("checks at most 5 passwords of a client that sends 20 at once", async () => {
    const id = await account("lanhdao4");
    at(0);
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => signIn("lanhdao4", `sai-${i}`, "203.0.113.11")));
    expect(answers.filter((a) => a === "null")).toHaveLength(5);
    expect(answers.filter((a) => a.startsWith("SignInThrottled:"))).toHaveLength(15);
    expect(await auditOf(id, "sign_in.failed")).toHaveLength(5);
  });
});

describe("growing delays per account", () => {
  it("makes each further attempt wait 2^k seconds after 10 failures, and never keeps a fresh client out", async () => {
    const id = await account("lanhdao5");
    at(0);
    // Ten failures from two clients; neither has to wait yet (both are now held).
    for (let i = 0; i < 5; i++) await signIn("lanhdao5", "sai", "203.0.113.20");
    for (let i = 0; i < 5; i++) await signIn("lanhdao5", "sai", "203.0.113.21");
    const client = signInClient(from("203.0.113.22").headers, SECRET);
    const attempt = (password: string) => signInStaff(database.db, { username: "lanhdao5", password, client, secret: SECRET });

    // A third client's first attempt is checked at once: the 11th failure.
    expect(await attempt("sai")).toEqual({ outcome: "failed" });
    at(1);
    expect(await attempt(PASSWORD)).toEqual({ outcome: "throttled", retryAfterSeconds: 3 });
    at(4);
    expect(await attempt("sai")).toEqual({ outcome: "failed" });
    at(4 + 7);
    expect(await attempt(PASSWORD)).toEqual({ outcome: "throttled", retryAfterSeconds: 1 });
    expect((await auditOf(id, "sign_in.refused")).map((r) => r.data?.reason)).toContain("account_delay");

    // The owner at another desk is let in at once, whatever the strangers did.
    expect(await signIn("lanhdao5", PASSWORD, "192.0.2.50")).toBe(`user:${id}`);
    // Their success clears the account's count: the third client no longer waits…
    expect(await attempt(PASSWORD)).toMatchObject({ outcome: "signed_in" });
    // …but the two clients that guessed five times are still held.
    expect(await signIn("lanhdao5", PASSWORD, "203.0.113.20")).toMatch(/^SignInThrottled:/);
  });

  it("doubles the wait up to a cap of 15 minutes", () => {
    expect([9, 10, 11, 12, 18].map(accountDelaySeconds)).toEqual([0, 2, 4, 8, 512]);
    expect(accountDelaySeconds(19)).toBe(ACCOUNT_DELAY_CAP_SECONDS);
    expect(accountDelaySeconds(10_000)).toBe(ACCOUNT_DELAY_CAP_SECONDS);
  });
});

describe("clearing and retention", () => {
  it("lets an administrator of the account's subtree clear its counters, audited", async () => {
    const id = await account("lanhdao6");
    at(0);
    for (let i = 0; i < 5; i++) await signIn("lanhdao6", "sai", "203.0.113.30");
    for (let i = 0; i < 5; i++) await signIn("lanhdao6", "sai", "203.0.113.31");
    expect(await readSignInCounters(database.db, admin, { accountId: id, secret: SECRET })).toMatchObject({ accountFailures: 10, heldClients: 2 });

    // An administrator of another district does not even see the account.
    const outside = await clearSignInCounters(database.db, otherAdmin, { accountId: id, secret: SECRET }).catch((err: unknown) => err);
    expect(isDomainError(outside) && outside.kind).toBe("not_found");
    expect(await signIn("lanhdao6", PASSWORD, "203.0.113.30")).toMatch(/^SignInThrottled:/);

    expect(await clearSignInCounters(database.db, admin, { accountId: id, secret: SECRET })).toEqual({ cleared: 3 });
    expect(await readSignInCounters(database.db, admin, { accountId: id, secret: SECRET })).toEqual({ accountFailures: 0, heldClients: 0, lastFailureAt: null });
    expect(await signIn("lanhdao6", PASSWORD, "203.0.113.30")).toBe(`user:${id}`);
    const [row] = await auditOf(id, "account.sign_in_cleared");
    expect(row).toMatchObject({ actorKind: "staff", actorId: admin.id, data: { username: "lanhdao6", cleared: 3 } });
  });

  it("removes counters once they are of no use", async () => {
    await account("lanhdao7");
    at(0);
    await signIn("lanhdao7", "sai", "203.0.113.40");
    const subject = signInSubject("lanhdao7", SECRET);
    const count = async () => (await database.db.select().from(signInThrottle).where(eq(signInThrottle.subject, subject))).length;
    expect(await count()).toBe(2);
    // Half an hour later the client's row has gone, the account's count stays for the day.
    at(31 * 60);
    await signIn("someone-else", "sai", "203.0.113.41");
    expect(await count()).toBe(1);
    at(24 * 3600 + 1);
    await signIn("someone-else", "sai", "203.0.113.41");
    expect(await count()).toBe(0);
  });
});

describe("next-auth wiring", () => {
  it("runs the throttled check from the provider's authorize with the request's headers", async () => {
    const id = await account("lanhdao8");
    const holder = globalThis as unknown as { __haiLongDb?: Promise<Database> };
    const before = holder.__haiLongDb;
    holder.__haiLongDb = Promise.resolve(database);
    try {
      const provider = authOptions().providers[0] as unknown as { options: { authorize: (raw: unknown, req: unknown) => Promise<unknown> } };
      at(0);
      for (let i = 0; i < 5; i++) expect(await provider.options.authorize({ username: "lanhdao8", password: "sai" }, from("203.0.113.50"))).toBeNull();
      await expect(provider.options.authorize({ username: "lanhdao8", password: PASSWORD }, from("203.0.113.50"))).rejects.toThrow(/^SignInThrottled:15$/);
      expect(await provider.options.authorize({ username: "lanhdao8", password: PASSWORD }, from("203.0.113.51"))).toEqual({ id: String(id), name: "lanhdao8" });
    } finally {
      holder.__haiLongDb = before;
    }
  });
});
