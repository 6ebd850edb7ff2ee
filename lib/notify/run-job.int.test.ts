import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { auditLog, staffAccounts } from "@/db/schema";
import { getStaffById, type StaffUser } from "@/lib/auth/accounts";
import { isDomainError } from "@/lib/errors";
import { startJobRunner } from "@/lib/jobs/runner";
import type { RunReport } from "@/lib/jobs/runner-types";
import { createAgencyTree } from "@/tests/helpers/fixtures";
import { createTestDatabase } from "@/tests/helpers/test-db";
import { deliveryOverview, runJobNow } from "./deliveries";

let database: Database;
let admin: StaffUser;
let districtAdmin: StaffUser;

async function staffAt(agencyId: number, username: string) {
  const [row] = await database.db.insert(staffAccounts).values({ username, name: username, passwordHash: "x", role: "admin", agencyId }).returning({ id: staffAccounts.id });
  return (await getStaffById(database.db, { staffId: row!.id }))!;
}

beforeAll(async () => {
  database = await createTestDatabase();
  const tree = await createAgencyTree(database.db, [
    { code: "P", level: "province" },
    { code: "D", level: "district", parent: "P" },
  ]);
  admin = await staffAt(tree.P!.id, "run-admin");
  districtAdmin = await staffAt(tree.D!.id, "run-district-admin");
});

afterAll(async () => {
  await database?.close();
});

describe("running a job now", () => {
  it("lists every registered job, runs the chosen one through the running runner, and audits the request", async () => {
    const before = await deliveryOverview(database.db, admin);
    expect(before.jobs.map((j) => j.name)).toEqual(expect.arrayContaining(["deliver-outbox", "escalate-overdue-cases", "contact-retention", "daily-alerts", "daily-digest", "weekly-digest"]));
    const reports: RunReport[] = [];
    const runner = await startJobRunner(database, { onRun: (r) => reports.push(r) });
    try {
      await runner.ready;
      await runJobNow(database.db, admin, { name: "escalate-overdue-cases" });
      // Waits for the event, not for a time: the deadline only bounds a broken run.
      const deadline = Date.now() + 180_000;
      while (!reports.some((r) => r.job === "escalate-overdue-cases") && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      expect(reports.find((r) => r.job === "escalate-overdue-cases")?.ok).toBe(true);
    } finally {
      await runner.stop();
    }
    const audited = await database.db
      .select({ entityId: auditLog.entityId })
      .from(auditLog)
      .where(and(eq(auditLog.action, "job.run_requested"), eq(auditLog.actorId, admin.id)));
    expect(audited.map((a) => a.entityId)).toEqual(["escalate-overdue-cases"]);
  });

  it("refuses an unknown job and an administrator below the root", async () => {
    const kinds: string[] = [];
    for (const attempt of [runJobNow(database.db, admin, { name: "drop-everything" }), runJobNow(database.db, districtAdmin, { name: "deliver-outbox" })]) {
      try {
        await attempt;
        kinds.push("ok");
      } catch (err) {
        kinds.push(isDomainError(err) ? err.kind : "other");
      }
    }
    expect(kinds).toEqual(["not_found", "forbidden"]);
  });
});
