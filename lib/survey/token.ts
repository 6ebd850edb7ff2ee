import crypto from "node:crypto";

// 16 bytes = 128 bits (domain §6), base64url: 22 characters.
const TOKEN_BYTES = 16;
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{22}$/;

/**
 * The token of an invitation is derived from its random id with a server secret, so that the
 * desk can show the same QR again without the token ever being stored (only its hash is).
 * See docs/decisions/002-invitation-tokens.md.
 */
export function invitationToken(secret: string, invitationId: string): string {
  const key = crypto.createHmac("sha256", secret).update("hai-long/invitation-token/v1").digest();
  return crypto.createHmac("sha256", key).update(invitationId).digest().subarray(0, TOKEN_BYTES).toString("base64url");
}

/** A token with no invitation behind it yet (tests, demo data). */
export function randomToken(): string {
  return crypto.randomBytes(TOKEN_BYTES).toString("base64url");
}

/** Only this hash is stored. A fast hash suffices: the token itself has 128 bits of entropy. */
export function hashToken(token: string): string {
  return crypto.createHash("sha256").update(token).digest("base64url");
}

/** Shape check before any database work, so malformed links cost nothing. */
export function isWellFormedToken(token: string): boolean {
  return TOKEN_PATTERN.test(token);
}

export function surveyPath(token: string): string {
  return `/s/${token}`;
}
