import crypto from "node:crypto";
import { hashToken } from "@/lib/survey/token";

// Read out on the phone: no 0/O, 1/I/L, nor U/V (misheard): 29 symbols.
const ALPHABET = "23456789ABCDEFGHJKMNPQRSTWXYZ";
const REFERENCE_LENGTH = 6;
const REFERENCE_PATTERN = new RegExp(`^PA-[${ALPHABET}]{${REFERENCE_LENGTH}}$`);

/**
 * A case's short reference, e.g. "PA-7KQ4M9": random, 29^6 ≈ 595 million values, so a collision
 * among a province's cases is rare and is retried by the writer (unique index). It identifies the
 * case when a citizen calls; it opens nothing by itself (the status page needs its own token).
 */
export function newCaseReference(random: (n: number) => Buffer = crypto.randomBytes): string {
  let out = "";
  while (out.length < REFERENCE_LENGTH) {
    for (const byte of random(REFERENCE_LENGTH * 2)) {
      // Rejection sampling keeps every symbol equally likely.
      if (byte < 256 - (256 % ALPHABET.length) && out.length < REFERENCE_LENGTH) out += ALPHABET[byte % ALPHABET.length];
    }
  }
  return `PA-${out}`;
}

export function isCaseReference(value: string): boolean {
  return REFERENCE_PATTERN.test(value);
}

/** A reference as typed by a person: case and spaces do not matter, the dash is optional. */
export function normaliseCaseReference(input: string): string | null {
  const compact = input.toUpperCase().replace(/[\s-]/g, "");
  const body = compact.startsWith("PA") ? compact.slice(2) : compact;
  const candidate = `PA-${body}`;
  return isCaseReference(candidate) ? candidate : null;
}

// 128 bits (domain §6), base64url.
const STATUS_TOKEN_BYTES = 16;
const STATUS_TOKEN_PATTERN = /^[A-Za-z0-9_-]{22}$/;

/**
 * The citizen's status-page token, derived from the server secret and the case reference under
 * its own label: independent of the survey token (knowing one tells nothing of the other), and
 * staff can derive it again to give the link once more. Only its hash is stored.
 */
export function caseStatusToken(secret: string, reference: string): string {
  const key = crypto.createHmac("sha256", secret).update("hai-long/case-status-token/v1").digest();
  return crypto.createHmac("sha256", key).update(reference).digest().subarray(0, STATUS_TOKEN_BYTES).toString("base64url");
}

export function isWellFormedStatusToken(token: string): boolean {
  return STATUS_TOKEN_PATTERN.test(token);
}

export const hashStatusToken = hashToken;

export function caseStatusPath(token: string): string {
  return `/theo-doi/${token}`;
}
