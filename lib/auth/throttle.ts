import crypto from "node:crypto";
import { and, asc, eq, gt, inArray, lt, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { signInThrottle, type SignInThrottleRow } from "@/db/schema";
import { clientKey, requestClientAddress } from "@/lib/rate-limit";

/*
 * Two limits on password guessing, both kept in the database so that they hold across server
 * processes:
 *
 * - per account and client: 5 wrong passwords within 15 minutes and that client is refused for
 *   that account for 15 minutes, the right password included (a guesser learns nothing more);
 * - per account from every client: after 10 failures in a day, each further attempt from a client
 *   must come 2^(failures − 9) seconds (at most 15 minutes) after that client's previous one. The
 *   wait is counted per client on purpose: a stranger's failures slow every guesser down, but a
 *   client that has not failed (the administrator at their own desk) is let through at once, so
 *   no one can keep an account's owner out by failing on purpose.
 *
 * An attempt is counted as a failure before its password is checked and the counters go when it
 * succeeds: concurrent attempts from one client can never get more than 5 passwords checked.
 */
export const CLIENT_FAILURES = 5;
export const CLIENT_WINDOW_SECONDS = 15 * 60;
export const ACCOUNT_FREE_FAILURES = 10;
export const ACCOUNT_DELAY_CAP_SECONDS = 15 * 60;
// A day without failures and the account starts again from no delay.
const ACCOUNT_MEMORY_SECONDS = 24 * 3600;
// A client row outlives its window, its hold and the longest delay, then is of no use.
const CLIENT_MEMORY_SECONDS = CLIENT_WINDOW_SECONDS + ACCOUNT_DELAY_CAP_SECONDS;

const ANY_CLIENT = "*";

/** The keyed hash of a username as typed (trimmed, lower case): what the counters are kept under. */
export function signInSubject(username: string, secret: string): string {
  return crypto
    .createHmac("sha256", secret)
    .update(`hai-long/sign-in-subject/v1:${username.trim().toLowerCase()}`)
    .digest("base64url")
    .slice(0, 22);
}

/**
 * The keyed client hash of a sign-in request, from the headers next-auth hands to `authorize`
 * (a plain object of lower-case names) or a `Headers`: the client as the edge decided it, the
 * same way as for every other limit (lib/rate-limit.ts).
 */
export function signInClient(headers: unknown, secret: string): string {
  return clientKey(secret, requestClientAddress(headers));
}

/** The part of a client hash the audit log keeps: enough to tell attempts apart, never the whole key. */
export function clientTag(client: string): string {
  return client.slice(0, 6);
}

/** How long a client must wait after its previous attempt, given the account's failures so far. */
export function accountDelaySeconds(accountFailures: number): number {
  if (accountFailures < ACCOUNT_FREE_FAILURES) return 0;
  return Math.min(2 ** Math.min(accountFailures - ACCOUNT_FREE_FAILURES + 1, 30), ACCOUNT_DELAY_CAP_SECONDS);
}

export type AttemptGate =
  | { allowed: true; clientFailures: number; accountFailures: number }
  | { allowed: false; reason: "client_held" | "account_delay"; retryAfterSeconds: number; refusals: number };

const plus = (at: Date, seconds: number) => new Date(at.getTime() + seconds * 1000);
const secondsUntil = (at: Date, now: Date) => Math.max(1, Math.ceil((at.getTime() - now.getTime()) / 1000));

/**
 * Decides whether an attempt may have its password checked, and if so counts it as a failure
 * (undone by `clearSignInCounters` when the password is right). Runs in its own transaction with
 * both rows locked, so concurrent attempts are counted exactly.
 */
export async function beginSignInAttempt(db: Db, { subject, client, now }: { subject: string; client: string; now: Date }): Promise<AttemptGate> {
  return db.transaction(async (tx) => {
    await tx.delete(signInThrottle).where(lt(signInThrottle.expiresAt, now));
    await tx
      .insert(signInThrottle)
      .values([
        { subject, client: ANY_CLIENT, windowStart: now, expiresAt: plus(now, ACCOUNT_MEMORY_SECONDS) },
        { subject, client, windowStart: now, expiresAt: plus(now, CLIENT_MEMORY_SECONDS) },
      ])
      .onConflictDoNothing();
    const locked = await tx
      .select()
      .from(signInThrottle)
      .where(and(eq(signInThrottle.subject, subject), inArray(signInThrottle.client, [ANY_CLIENT, client])))
      .orderBy(asc(signInThrottle.client))
      .for("update");
    const account = locked.find((r) => r.client === ANY_CLIENT)!;
    const own = locked.find((r) => r.client === client)!;

    const refusal = await refusalFor(tx, own, account, now);
    if (refusal) return refusal;

    // A window or a hold that has ended starts the count afresh; the time of the last failure is
    // kept, it is what the account's delay is measured from.
    const fresh = own.windowStart.getTime() + CLIENT_WINDOW_SECONDS * 1000 <= now.getTime() || (own.heldUntil !== null && own.heldUntil <= now);
    const clientFailures = (fresh ? 0 : own.failures) + 1;
    await tx
      .update(signInThrottle)
      .set({
        failures: clientFailures,
        windowStart: fresh ? now : own.windowStart,
        lastFailureAt: now,
        heldUntil: clientFailures >= CLIENT_FAILURES ? plus(now, CLIENT_WINDOW_SECONDS) : null,
        refusals: 0,
        expiresAt: plus(now, CLIENT_MEMORY_SECONDS),
      })
      .where(and(eq(signInThrottle.subject, subject), eq(signInThrottle.client, client)));
    const accountFailures = accountFailuresAt(account, now) + 1;
    await tx
      .update(signInThrottle)
      .set({ failures: accountFailures, lastFailureAt: now, expiresAt: plus(now, ACCOUNT_MEMORY_SECONDS) })
      .where(and(eq(signInThrottle.subject, subject), eq(signInThrottle.client, ANY_CLIENT)));
    return { allowed: true, clientFailures, accountFailures };
  });
}

function accountFailuresAt(account: SignInThrottleRow, now: Date): number {
  const last = account.lastFailureAt;
  return last && last.getTime() + ACCOUNT_MEMORY_SECONDS * 1000 > now.getTime() ? account.failures : 0;
}

async function refusalFor(tx: Db, own: SignInThrottleRow, account: SignInThrottleRow, now: Date): Promise<AttemptGate | null> {
  let refused: { reason: "client_held" | "account_delay"; until: Date } | null = null;
  if (own.heldUntil && own.heldUntil > now) refused = { reason: "client_held", until: own.heldUntil };
  else if (own.lastFailureAt) {
    const wait = accountDelaySeconds(accountFailuresAt(account, now));
    const next = plus(own.lastFailureAt, wait);
    if (wait > 0 && next > now) refused = { reason: "account_delay", until: next };
  }
  if (!refused) return null;
  const refusals = own.refusals + 1;
  await tx
    .update(signInThrottle)
    .set({ refusals })
    .where(and(eq(signInThrottle.subject, own.subject), eq(signInThrottle.client, own.client)));
  return { allowed: false, reason: refused.reason, retryAfterSeconds: secondsUntil(refused.until, now), refusals };
}

/**
 * Whether a refusal is worth an audit row: the 1st, 2nd, 4th, 8th… of a hold, each carrying the
 * count, so that a client hammering a held account cannot flood the audit log.
 */
export function auditsRefusal(refusals: number): boolean {
  return refusals > 0 && (refusals & (refusals - 1)) === 0;
}

/**
 * After a successful sign-in: that client's counters and the account's go. Other clients' holds
 * stay (a guesser elsewhere is still held); their delay falls with the account's count.
 */
export async function clearSignInCounters(db: Db, { subject, client }: { subject: string; client: string }): Promise<void> {
  await db.delete(signInThrottle).where(and(eq(signInThrottle.subject, subject), inArray(signInThrottle.client, [ANY_CLIENT, client])));
}

/** Every counter of an account, every client's: the administrator's reset. Returns how many rows went. */
export async function clearAllSignInCounters(db: Db, { subject }: { subject: string }): Promise<number> {
  const removed = await db.delete(signInThrottle).where(eq(signInThrottle.subject, subject)).returning({ client: signInThrottle.client });
  return removed.length;
}

export type SignInCounters = {
  /** Failures from every client in the last day (what the delay grows with). */
  accountFailures: number;
  /** Clients refused for this account right now. */
  heldClients: number;
  lastFailureAt: Date | null;
};

/** What the administrator sees before clearing: counts only, never a client's key. */
export async function signInCounters(db: Db, { subject, now }: { subject: string; now: Date }): Promise<SignInCounters> {
  const [row] = await db
    .select({
      accountFailures: sql<number>`coalesce(max(${signInThrottle.failures}) filter (where ${signInThrottle.client} = ${ANY_CLIENT} and ${signInThrottle.lastFailureAt} > ${plus(now, -ACCOUNT_MEMORY_SECONDS).toISOString()}::timestamptz), 0)::int`,
      heldClients: sql<number>`(count(*) filter (where ${signInThrottle.client} <> ${ANY_CLIENT} and ${signInThrottle.heldUntil} > ${now.toISOString()}::timestamptz))::int`,
      lastFailureAt: sql<string | null>`max(${signInThrottle.lastFailureAt})`,
    })
    .from(signInThrottle)
    .where(and(eq(signInThrottle.subject, subject), gt(signInThrottle.expiresAt, now)));
  return {
    accountFailures: Number(row?.accountFailures ?? 0),
    heldClients: Number(row?.heldClients ?? 0),
    lastFailureAt: row?.lastFailureAt ? new Date(row.lastFailureAt) : null,
  };
}
