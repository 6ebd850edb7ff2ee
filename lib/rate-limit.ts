import crypto from "node:crypto";
import { sql } from "drizzle-orm";
import { rows, type Db } from "@/db/client";
import { now as clockNow } from "@/lib/time/clock";

export type RateLimit = {
  /** What is limited and for whom, e.g. `standing:client:<code>:<client>`. Never an address in clear. */
  key: string;
  /** Hits allowed per window. */
  limit: number;
  windowSeconds: number;
};

export type RateLimitResult = { allowed: boolean; count: number; retryAfterSeconds: number };

// Counters older than this are of no use to any limit we set (the longest window is one hour).
const KEEP_WINDOWS_MS = 24 * 3600 * 1000;

/** The start of the fixed window `now` falls in. */
export function windowStart(now: Date, windowSeconds: number): Date {
  const size = windowSeconds * 1000;
  return new Date(Math.floor(now.getTime() / size) * size);
}

function retryAfter(now: Date, start: Date, windowSeconds: number): number {
  return Math.max(1, Math.ceil((start.getTime() + windowSeconds * 1000 - now.getTime()) / 1000));
}

/**
 * Counts one hit in the current fixed window and says whether it is within the limit. The
 * counter lives in the database, so the limit holds across several server processes; one
 * upsert makes concurrent hits count exactly.
 */
export async function hitRateLimit(db: Db, limit: RateLimit, now = clockNow()): Promise<RateLimitResult> {
  const start = windowStart(now, limit.windowSeconds);
  const [row] = await rows<{ count: number }>(
    db,
    sql`insert into rate_limits (key, window_start, count) values (${limit.key}, ${start.toISOString()}::timestamptz, 1)
        on conflict (key, window_start) do update set count = rate_limits.count + 1
        returning count::int as count`,
  );
  const count = Number(row?.count ?? 1);
  // A new window row is the moment to sweep old ones: cheap (indexed on window_start) and it
  // happens at most once per key and window.
  if (count === 1) await sweepRateLimits(db, now);
  return { allowed: count <= limit.limit, count, retryAfterSeconds: retryAfter(now, start, limit.windowSeconds) };
}

/** Whether the limit is already used up, without counting a hit. */
export async function isRateLimited(db: Db, limit: RateLimit, now = clockNow()): Promise<RateLimitResult> {
  const start = windowStart(now, limit.windowSeconds);
  const [row] = await rows<{ count: number }>(
    db,
    sql`select count::int as count from rate_limits where key = ${limit.key} and window_start = ${start.toISOString()}::timestamptz`,
  );
  const count = Number(row?.count ?? 0);
  return { allowed: count < limit.limit, count, retryAfterSeconds: retryAfter(now, start, limit.windowSeconds) };
}

export async function sweepRateLimits(db: Db, now = clockNow()): Promise<void> {
  await db.execute(sql`delete from rate_limits where window_start < ${new Date(now.getTime() - KEEP_WINDOWS_MS).toISOString()}::timestamptz`);
}

/**
 * A stable, keyed hash of the client's address: enough to count a client's attempts, useless to
 * recover the address (personal data, Law 91/2025/QH15), and never stored with the answers.
 */
export function clientKey(secret: string, address: string | null | undefined): string {
  return crypto.createHmac("sha256", clientKeySecret(secret)).update(address?.trim() || "unknown").digest("base64url").slice(0, 22);
}

// Derived once per secret rather than on every request.
let derived: { secret: string; key: Buffer } | undefined;
function clientKeySecret(secret: string): Buffer {
  if (derived?.secret !== secret) derived = { secret, key: crypto.createHmac("sha256", secret).update("hai-long/client-key/v1").digest() };
  return derived.key;
}

/**
 * The client's address as decided by the edge (scripts/server.ts per TRUST_PROXY), read from
 * the one header it sets: pass `await headers()` or a request's headers. Never X-Forwarded-For,
 * which a client can write itself.
 */
export { requestClientAddress } from "@/lib/http/client-address";

/**
 * The last entry of an X-Forwarded-For value. The edge rewrites that header to the decided
 * client alone, so behind it this agrees with requestClientAddress; new code reads that instead.
 */
export function clientAddress(forwardedFor: string | null | undefined): string | null {
  if (!forwardedFor) return null;
  const parts = forwardedFor.split(",").map((p) => p.trim()).filter(Boolean);
  return parts.at(-1) ?? null;
}
