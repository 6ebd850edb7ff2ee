import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { auditLog, staffAccounts, webhookEndpoints } from "@/db/schema";
import { getStaffById, type StaffUser } from "@/lib/auth/accounts";
import { isDomainError } from "@/lib/errors";
import { createAgencyTree } from "@/tests/helpers/fixtures";
import { createTestDatabase } from "@/tests/helpers/test-db";
import { acceptableWebhookUrl, createWebhook, deactivateWebhook, listWebhooks } from "./webhooks";

let database: Database;
let tree: Awaited<ReturnType<typeof createAgencyTree>>;
let rootAdmin: StaffUser;
let districtAdmin: StaffUser;
let otherRootAdmin: StaffUser;

async function staffAt(agencyId: number, role: "admin" | "leader", username: string) {
  const [row] = await database.db.insert(staffAccounts).values({ username, name: username, passwordHash: "x", role, agencyId }).returning({ id: staffAccounts.id });
  return (await getStaffById(database.db, { staffId: row!.id }))!;
}

async function failure(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    if (isDomainError(err)) return `${err.kind}${typeof err.details?.reason === "string" && err.details.reason !== "invalid" ? `:${err.details.reason}` : ""}`;
    throw err;
  }
  throw new Error("expected a failure");
}

beforeAll(async () => {
  database = await createTestDatabase();
  tree = await createAgencyTree(database.db, [
    { code: "P", level: "province" },
    { code: "D", level: "district", parent: "P" },
    { code: "Q", level: "province" },
  ]);
  rootAdmin = await staffAt(tree.P!.id, "admin", "admin.p");
  districtAdmin = await staffAt(tree.D!.id, "admin", "admin.d");
  otherRootAdmin = await staffAt(tree.Q!.id, "admin", "admin.q");
});

afterAll(() => database?.close());

describe("webhook endpoints", () => {
  it("accepts https, and http only to this machine", () => {
    expect(acceptableWebhookUrl("https://sms.tinh.gov.vn/hook?token=1")).not.toBeNull();
    expect(acceptableWebhookUrl("http://127.0.0.1:8080/hook")).not.toBeNull();
    expect(acceptableWebhookUrl("http://localhost/hook")).not.toBeNull();
    expect(acceptableWebhookUrl("http://sms.tinh.gov.vn/hook")).toBeNull();
    expect(acceptableWebhookUrl("https://user:pw@sms.tinh.gov.vn/")).toBeNull();
    expect(acceptableWebhookUrl("ftp://x")).toBeNull();
    expect(acceptableWebhookUrl("not a url")).toBeNull();
  });

  it("adds an endpoint in scope, returns its secret once, lists it without the secret, and deactivates it; all audited", async () => {
    const created = await createWebhook(database.db, rootAdmin, { url: "https://sms.tinh.gov.vn/hook?token=abc", agencyId: tree.D!.id });
    expect(created.secret).toMatch(/^[0-9a-f]{64}$/);
    const [stored] = await database.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, created.id));
    expect(stored).toMatchObject({ agencyId: tree.D!.id, active: true, secret: created.secret });

    const listed = await listWebhooks(database.db, rootAdmin);
    expect(listed.map((w) => w.id)).toEqual([created.id]);
    expect(JSON.stringify(listed)).not.toContain(created.secret);
    expect(await listWebhooks(database.db, otherRootAdmin)).toEqual([]);

    await deactivateWebhook(database.db, rootAdmin, { webhookId: created.id });
    expect(await failure(deactivateWebhook(database.db, rootAdmin, { webhookId: created.id }))).toBe("conflict");
    expect(await failure(deactivateWebhook(database.db, otherRootAdmin, { webhookId: created.id }))).toBe("not_found");

    const audits = await database.db.select().from(auditLog).where(eq(auditLog.entity, "webhook_endpoint")).orderBy(auditLog.id);
    expect(audits.map((a) => a.action)).toEqual(["webhook.created", "webhook.deactivated"]);
    // The host only: the path may carry the gateway's token, the secret never goes in.
    expect(audits[0]!.data).toEqual({ agencyId: tree.D!.id, host: "sms.tinh.gov.vn" });
    expect(JSON.stringify(audits)).not.toContain(created.secret);
  });

  it("refuses a bad address, an agency out of scope and an administrator without a root scope", async () => {
    expect(await failure(createWebhook(database.db, rootAdmin, { url: "http://sms.tinh.gov.vn/hook", agencyId: tree.P!.id }))).toBe("invalid:url");
    expect(await failure(createWebhook(database.db, rootAdmin, { url: "https://x.vn/", agencyId: tree.Q!.id }))).toBe("invalid:agency");
    expect(await failure(createWebhook(database.db, districtAdmin, { url: "https://x.vn/", agencyId: tree.D!.id }))).toBe("forbidden");
  });
});
