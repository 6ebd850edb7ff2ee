import crypto from "node:crypto";

// 16 random bytes = 128 bits from the CSPRNG (domain §6), base64url: 22 characters.
const TOKEN_BYTES = 16;
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{22}$/;

export function generateToken(): string {
  return crypto.randomBytes(TOKEN_BYTES).toString("base64url");
}

/** Only this hash is stored. A fast hash suffices: the token has 128 bits of entropy. */
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
