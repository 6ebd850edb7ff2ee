import crypto from "node:crypto";
import { z } from "zod";
import type { Db } from "@/db/client";
import { caseStatusByTokenHash, type PublicCaseStatus } from "@/db/queries/cases";
import { hitRateLimit, isRateLimited, type RateLimit } from "@/lib/rate-limit";
import { now as clockNow } from "@/lib/time/clock";
import { hashStatusToken, isWellFormedStatusToken } from "./reference";

// As for survey links (lib/survey/submission.ts guessLimit): ten unknown links in ten minutes is
// more than a citizen mistyping one; a guesser of a 128-bit token is slowed to a crawl.
const GUESSES_PER_WINDOW = 10;
const GUESS_WINDOW_SECONDS = 600;

export function statusGuessLimit(client: string): RateLimit {
  return { key: `case-status:guess:${client}`, limit: GUESSES_PER_WINDOW, windowSeconds: GUESS_WINDOW_SECONDS };
}

export type StatusView = { state: "open" } | { state: "not_found" } | { state: "rate_limited" };
export type StatusOutcome = { status: number; view: StatusView; retryAfterSeconds?: number; found?: PublicCaseStatus };

/**
 * The citizen's status page, checked in order: the token's shape (404), the client's guessing
 * limit (429), the token itself (404, counted against the client). Only the case's state and the
 * reply are ever read: never the comment, the contact details or internal notes.
 */
export async function openCaseStatus(db: Db, input: { token: string; client: string; now?: Date }): Promise<StatusOutcome> {
  const now = input.now ?? clockNow();
  if (!isWellFormedStatusToken(input.token)) return { status: 404, view: { state: "not_found" } };
  const limit = statusGuessLimit(input.client);
  const blocked = await isRateLimited(db, limit, now);
  if (!blocked.allowed) return { status: 429, view: { state: "rate_limited" }, retryAfterSeconds: blocked.retryAfterSeconds };
  const found = await caseStatusByTokenHash(db, { tokenHash: hashStatusToken(input.token) });
  if (!found) {
    await hitRateLimit(db, limit, now);
    return { status: 404, view: { state: "not_found" } };
  }
  return { status: 200, view: { state: "open" }, found };
}

// The route handler of `/theo-doi/<token>` hands its decision to the page at `<path>/view` in this header.
export const STATUS_VIEW_HEADER = "x-case-status-view";

const viewSchema = z.object({ state: z.enum(["open", "not_found", "rate_limited"]) });

function signature(secret: string, payload: string): string {
  return crypto.createHmac("sha256", secret).update(`hai-long/case-status-view/v1:${payload}`).digest("base64url");
}

/** Signed like the survey's view (decision 005): a page given a view skips the guessing limit. */
export function encodeStatusView(secret: string, view: StatusView): string {
  const payload = Buffer.from(JSON.stringify(view), "utf8").toString("base64url");
  return `${payload}.${signature(secret, payload)}`;
}

export function decodeStatusView(secret: string, header: string | null | undefined): StatusView | null {
  if (!header || header.length > 1024) return null;
  const [payload = "", mac = ""] = header.split(".");
  const expected = signature(secret, payload);
  if (mac.length !== expected.length || !crypto.timingSafeEqual(Buffer.from(mac), Buffer.from(expected))) return null;
  try {
    const parsed = viewSchema.safeParse(JSON.parse(Buffer.from(payload, "base64url").toString("utf8")));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
