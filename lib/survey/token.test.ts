import { describe, expect, it } from "vitest";
import { hashToken, invitationToken, isWellFormedToken, randomToken } from "./token";

describe("invitation tokens", () => {
  const id = "6f1c7a52-3a7e-4b0c-9a55-1d2b3c4d5e6f";

  it("carry 128 bits in 22 URL-safe characters", () => {
    const token = invitationToken("secret", id);
    expect(token).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(Buffer.from(token, "base64url")).toHaveLength(16);
    expect(isWellFormedToken(token)).toBe(true);
    expect(isWellFormedToken(randomToken())).toBe(true);
  });

  it("are the same for the same invitation and secret, different otherwise", () => {
    expect(invitationToken("secret", id)).toBe(invitationToken("secret", id));
    expect(invitationToken("other secret", id)).not.toBe(invitationToken("secret", id));
    expect(invitationToken("secret", id.replace("6f", "7f"))).not.toBe(invitationToken("secret", id));
  });

  it("are stored as a hash that does not reveal them", () => {
    const token = invitationToken("secret", id);
    expect(hashToken(token)).not.toContain(token);
    expect(hashToken(token)).toBe(hashToken(token));
  });

  it("reject malformed input before any lookup", () => {
    for (const bad of ["", "short", "x".repeat(23), "../../../../etc/passwd", "a b c d e f g h i j k l", "ÀÀÀÀÀÀÀÀÀÀÀÀÀÀÀÀÀÀÀÀÀÀ"]) {
      expect(isWellFormedToken(bad)).toBe(false);
    }
  });
});
