import { describe, expect, it } from "vitest";
import { hashPassword, verifyPassword } from "./password";

describe("password hashing", () => {
  it("verifies the right password and rejects others", async () => {
    const hash = await hashPassword("mật khẩu đúng");
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(await verifyPassword("mật khẩu đúng", hash)).toBe(true);
    expect(await verifyPassword("mật khẩu sai", hash)).toBe(false);
  });

  it("salts every hash and treats composed and decomposed Vietnamese alike", async () => {
    const composed = "Hài Lòng";
    const decomposed = composed.normalize("NFD");
    const [a, b] = await Promise.all([hashPassword(composed), hashPassword(composed)]);
    expect(a).not.toBe(b);
    expect(await verifyPassword(decomposed, a)).toBe(true);
  });

  it("rejects malformed stored hashes instead of throwing", async () => {
    expect(await verifyPassword("x", "")).toBe(false);
    expect(await verifyPassword("x", "bcrypt$whatever")).toBe(false);
  });
});
