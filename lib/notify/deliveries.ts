import { and, asc, eq, sql } from "drizzle-orm";
import { rows, type Db } from "@/db/client";
import { jobRuns, outbox } from "@/db/schema";
import { audit, authorizeGlobal, type AdminActor } from "@/lib/admin/common";
import { getEnv } from "@/lib/env";
import { conflict, notFound } from "@/lib/errors";
import { kickJob } from "@/lib/jobs/kick";
import { jobNamed, jobs as registeredJobs } from "@/lib/jobs/registry";
import { now } from "@/lib/time/clock";
import { kickDelivery } from "./deliver";

// The newest problems only: a long outage is read from the counts, not by scrolling.
const PROBLEM_LIMIT = 200;

export type DeliveryState = "pending" | "retrying" | "sent" | "failed";

/**
 * What administrators see of the outbox: counts by channel, kind and state, and the messages
 * being retried or failed with their attempts and the short error code. Never a subject, a body
 * or an address.
 */
export async function deliveryOverview(db: Db, actor: AdminActor) {
  authorizeGlobal(actor, "manage:deliveries");
  const [counts, problems, jobs] = await Promise.all([
    rows<{ channel: string; kind: string; state: DeliveryState; n: number }>(
      db,
      sql`select channel, kind,
                 case when state = 'pending' and attempts > 0 then 'retrying' else state end as state,
                 count(*)::int as n
          from outbox group by 1, 2, 3 order by 1, 2, 3`,
    ),
    db
      .select({
        id: outbox.id,
        channel: outbox.channel,
        kind: outbox.kind,
        state: outbox.state,
        attempts: outbox.attempts,
        lastError: outbox.lastError,
        nextAttemptAt: outbox.nextAttemptAt,
        createdAt: outbox.createdAt,
      })
      .from(outbox)
      .where(sql`${outbox.state} = 'failed' or (${outbox.state} = 'pending' and ${outbox.attempts} > 0)`)
      .orderBy(sql`${outbox.id} desc`)
      .limit(PROBLEM_LIMIT),
    db.select().from(jobRuns).orderBy(asc(jobRuns.name)),
  ]);
  // Every registered job, whether or not it has run yet, with its last run where there is one.
  const lastRuns = new Map(jobs.map((j) => [j.name, j]));
  return {
    counts,
    problems: problems.map((p) => ({ ...p, state: (p.state === "pending" ? "retrying" : p.state) as DeliveryState })),
    jobs: registeredJobs.map((j) => ({ name: j.name, cron: j.cron, lastFinishedAt: lastRuns.get(j.name)?.lastFinishedAt ?? null, lastOutcome: lastRuns.get(j.name)?.lastOutcome ?? null, lastError: lastRuns.get(j.name)?.lastError ?? null })),
    mailHeld: !getEnv().SMTP_URL,
  };
}

/** Queues a failed message again with a fresh series of attempts (after the cause was fixed), audited. */
export async function retryFailedMessage(db: Db, actor: AdminActor, input: { messageId: number }): Promise<void> {
  authorizeGlobal(actor, "manage:deliveries");
  await db.transaction(async (tx) => {
    const [row] = await tx
      .update(outbox)
      .set({ state: "pending", attempts: 0, nextAttemptAt: now() })
      .where(and(eq(outbox.id, input.messageId), eq(outbox.state, "failed")))
      .returning({ id: outbox.id, kind: outbox.kind, channel: outbox.channel });
    if (!row) {
      const [exists] = await tx.select({ id: outbox.id }).from(outbox).where(eq(outbox.id, input.messageId));
      throw exists ? conflict("message is not failed") : notFound("message not found");
    }
    await audit(tx, actor, { action: "outbox.retried", entity: "outbox", entityId: row.id, data: { kind: row.kind, channel: row.channel } });
  });
  kickDelivery();
}

/**
 * Runs a registered job soon, whatever its schedule (after a calendar change, or to send the
 * digests again once SMTP works). Jobs are idempotent, so an extra run does no harm. Audited.
 */
export async function runJobNow(db: Db, actor: AdminActor, input: { name: string }): Promise<void> {
  authorizeGlobal(actor, "manage:deliveries");
  const job = jobNamed(input.name);
  if (!job) throw notFound("no such job");
  await db.transaction(async (tx) => {
    await audit(tx, actor, { action: "job.run_requested", entity: "job", entityId: job.name });
  });
  kickJob(job.name);
}
