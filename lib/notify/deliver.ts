import crypto from "node:crypto";
import { inArray, sql } from "drizzle-orm";
import nodemailer from "nodemailer";
import { rows, type Db } from "@/db/client";
import { contacts, staffAccounts, webhookEndpoints } from "@/db/schema";
import { getEnv, mailFrom } from "@/lib/env";
import { kickJob } from "@/lib/jobs/kick";
import type { JobHandler } from "@/lib/jobs/types";

export const DELIVER_JOB = "deliver-outbox";

/** After the 10th failed attempt a message is "failed": visible to administrators, retried only by hand. */
export const MAX_ATTEMPTS = 10;
// 1, 2, 4 … minutes: a short outage costs minutes, a long one is not hammered; 10 attempts span ~8.5 h.
const FIRST_RETRY_MINUTES = 1;
const MAX_RETRY_MINUTES = 6 * 60;
// A message is claimed by moving its next attempt to the retry time before it is sent, so a
// process that dies mid-send leaves it to be retried, never lost. Every send must end (deadline)
// well before the shortest retry delay, so that no other process reclaims a message still in flight.
const SEND_DEADLINE_MS = 30_000;
const WEBHOOK_TIMEOUT_MS = 10_000;
// Small batches sent together: one batch ends within SEND_DEADLINE_MS whatever its size.
const BATCH = 5;
// One run stops claiming after this long and leaves the rest to the next run (the job's expiry is longer).
const RUN_BUDGET_MS = 4 * 60_000;

export type MailConfig = { smtpUrl?: string; mailFrom: string };

/** Minutes before the next try after the `attempt`-th failure (1-based). */
export function retryDelayMinutes(attempt: number): number {
  return Math.min(FIRST_RETRY_MINUTES * 2 ** Math.max(0, attempt - 1), MAX_RETRY_MINUTES);
}

type Claimed = {
  id: number;
  channel: "email" | "webhook";
  staff_id: number | null;
  contact_id: number | null;
  webhook_id: number | null;
  subject: string;
  body: string;
  attempts: number;
};

type Outcome = { ok: true } | { ok: false; code: string; permanent?: boolean };

class SendError extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}

function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new SendError("timeout")), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

/** A short reason for the administrators' page: the SMTP reply code or the kind of failure, never text from the message. */
function mailErrorCode(err: unknown): string {
  if (err instanceof SendError) return err.code;
  const e = (err ?? {}) as { responseCode?: unknown; code?: unknown };
  if (typeof e.responseCode === "number") return `smtp ${e.responseCode}`;
  if (e.code === "ETIMEDOUT") return "timeout";
  if (e.code === "ECONNECTION" || e.code === "ECONNREFUSED" || e.code === "ESOCKET" || e.code === "EDNS") return "connection";
  if (e.code === "EAUTH") return "smtp auth";
  if (e.code === "EENVELOPE") return "smtp envelope";
  return "smtp error";
}

/** The value of X-HaiLong-Signature for a body: `sha256=` and the hex HMAC-SHA256 of the raw body under the endpoint's secret. */
export function webhookSignature(secret: string, body: string): string {
  return `sha256=${crypto.createHmac("sha256", secret).update(body, "utf8").digest("hex")}`;
}

/** For receivers and tests: whether a signature header matches the raw body, in constant time. */
export function verifyWebhookSignature(secret: string, body: string | Buffer, header: string | null | undefined): boolean {
  if (typeof header !== "string" || !/^sha256=[0-9a-f]{64}$/.test(header.trim())) return false;
  const expected = Buffer.from(webhookSignature(secret, Buffer.isBuffer(body) ? body.toString("utf8") : body), "utf8");
  const given = Buffer.from(header.trim(), "utf8");
  return expected.length === given.length && crypto.timingSafeEqual(expected, given);
}

async function postWebhook(endpoint: { url: string; secret: string }, message: Claimed, at: Date): Promise<Outcome> {
  try {
    const response = await fetch(endpoint.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "user-agent": "HaiLong-Webhook/1",
        "x-hailong-signature": webhookSignature(endpoint.secret, message.body),
        "x-hailong-timestamp": String(Math.floor(at.getTime() / 1000)),
        // Delivery is at least once: the same id twice is the same message.
        "x-hailong-delivery": String(message.id),
      },
      body: message.body,
      // A redirect would send the signed body somewhere nobody registered.
      redirect: "manual",
      signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
    });
    await response.body?.cancel().catch(() => {});
    return response.status >= 200 && response.status < 300 ? { ok: true } : { ok: false, code: `http ${response.status}` };
  } catch (err) {
    const name = (err as { name?: string })?.name;
    return { ok: false, code: name === "TimeoutError" || name === "AbortError" ? "timeout" : "connection" };
  }
}

async function claim(db: Db, at: Date, mailOn: boolean): Promise<Claimed[]> {
  return rows<Claimed>(
    db,
    sql`update outbox o
        set attempts = o.attempts + 1,
            next_attempt_at = ${at.toISOString()}::timestamptz
              + least(${FIRST_RETRY_MINUTES} * power(2, o.attempts), ${MAX_RETRY_MINUTES}) * interval '1 minute'
        where o.id in (
          select id from outbox
          where state = 'pending' and next_attempt_at <= ${at.toISOString()}::timestamptz
            and (channel = 'webhook' or ${mailOn}::boolean)
          order by next_attempt_at, id
          limit ${BATCH}
          for update skip locked)
        returning o.id, o.channel, o.staff_id, o.contact_id, o.webhook_id, o.subject, o.body, o.attempts`,
  );
}

async function record(db: Db, message: Claimed, outcome: Outcome, at: Date): Promise<"sent" | "retried" | "failed"> {
  if (outcome.ok) {
    await db.execute(sql`update outbox set state = 'sent', sent_at = ${at.toISOString()}::timestamptz, last_error = null
                         where id = ${message.id} and state = 'pending'`);
    return "sent";
  }
  const failed = outcome.permanent || message.attempts >= MAX_ATTEMPTS;
  await db.execute(sql`update outbox set last_error = ${outcome.code.slice(0, 40)}, state = ${failed ? "failed" : "pending"}
                       where id = ${message.id} and state = 'pending'`);
  return failed ? "failed" : "retried";
}

/**
 * Delivers due outbox messages (at least once: a crash after the send and before the update
 * sends again; receivers dedupe by X-HaiLong-Delivery). E-mail waits in the queue, untried, while
 * no SMTP server is configured. A citizen's address is read from the contact row at send time:
 * once the details are deleted, the message is gone with them.
 */
export function makeDeliverOutbox(config: () => MailConfig): JobHandler {
  return async (db, ctx) => {
    const { smtpUrl, mailFrom: from } = config();
    const counts = { sent: 0, retried: 0, failed: 0, held: 0 };
    const started = Date.now();
    const current = () => new Date(ctx.now.getTime() + (Date.now() - started));
    const transport = smtpUrl
      ? nodemailer.createTransport({ url: smtpUrl, pool: true, maxConnections: BATCH, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 })
      : undefined;
    try {
      while (Date.now() - started < RUN_BUDGET_MS) {
        const at = current();
        const batch = await claim(db, at, Boolean(transport));
        if (!batch.length) break;
        const staffIds = batch.flatMap((m) => (m.staff_id ? [m.staff_id] : []));
        const contactIds = batch.flatMap((m) => (m.contact_id ? [m.contact_id] : []));
        const webhookIds = batch.flatMap((m) => (m.webhook_id ? [m.webhook_id] : []));
        const [staffRows, contactRows, endpointRows] = await Promise.all([
          staffIds.length ? db.select({ id: staffAccounts.id, email: staffAccounts.email, active: staffAccounts.active }).from(staffAccounts).where(inArray(staffAccounts.id, staffIds)) : [],
          contactIds.length ? db.select({ id: contacts.id, email: contacts.email }).from(contacts).where(inArray(contacts.id, contactIds)) : [],
          webhookIds.length ? db.select({ id: webhookEndpoints.id, url: webhookEndpoints.url, secret: webhookEndpoints.secret, active: webhookEndpoints.active }).from(webhookEndpoints).where(inArray(webhookEndpoints.id, webhookIds)) : [],
        ]);
        const staffById = new Map(staffRows.map((r) => [r.id, r]));
        const contactById = new Map(contactRows.map((r) => [r.id, r]));
        const endpointById = new Map(endpointRows.map((r) => [r.id, r]));

        const outcomes = await Promise.all(
          batch.map(async (message): Promise<Outcome> => {
            if (message.channel === "webhook") {
              const endpoint = endpointById.get(message.webhook_id ?? -1);
              if (!endpoint?.active) return { ok: false, code: "endpoint off", permanent: true };
              return postWebhook(endpoint, message, at);
            }
            let to: string | null | undefined;
            if (message.staff_id) {
              const person = staffById.get(message.staff_id);
              to = person?.active ? person.email : null;
            } else {
              to = contactById.get(message.contact_id ?? -1)?.email;
            }
            if (!to) return { ok: false, code: "no address", permanent: true };
            try {
              await withDeadline(
                transport!.sendMail({ from, to, subject: message.subject, text: message.body, headers: { "Auto-Submitted": "auto-generated" } }),
                SEND_DEADLINE_MS,
              );
              return { ok: true };
            } catch (err) {
              return { ok: false, code: mailErrorCode(err) };
            }
          }),
        );
        const done = current();
        for (const [i, message] of batch.entries()) counts[await record(db, message, outcomes[i]!, done)]++;
      }
      if (!transport) {
        const [held] = await rows<{ n: number }>(db, sql`select count(*)::int as n from outbox where state = 'pending' and channel = 'email'`);
        counts.held = held?.n ?? 0;
      }
    } finally {
      transport?.close();
    }
    return counts;
  };
}

/** The delivery job over the configured SMTP server (SMTP_URL, MAIL_FROM). */
export const deliverOutbox: JobHandler = makeDeliverOutbox(() => ({ smtpUrl: getEnv().SMTP_URL, mailFrom: mailFrom() }));

/** Makes delivery run soon (after the caller's commit). Safe anywhere; never throws. */
export function kickDelivery(): void {
  kickJob(DELIVER_JOB);
}
