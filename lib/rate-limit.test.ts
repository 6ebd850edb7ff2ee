import { describe, expect, it } from "vitest";
import { clientAddress, clientKey } from "./rate-limit";

describe("client keys", () => {
  it("take the address the nearest hop saw", () => {
    expect(clientAddress("203.0.113.9")).toBe("203.0.113.9");
    expect(clientAddress("198.51.100.1, 10.0.0.2")).toBe("10.0.0.2");
    expect(clientAddress(" , ")).toBeNull();
    expect(clientAddress(null)).toBeNull();
  });

  it("are keyed hashes: stable, distinct per address and per secret, never the address", () => {
    const a = clientKey("secret-one-secret-one", "203.0.113.9");
    expect(a).toBe(clientKey("secret-one-secret-one", "203.0.113.9"));
    expect(a).not.toBe(clientKey("secret-one-secret-one", "203.0.113.10"));
    expect(a).not.toBe(clientKey("secret-two-secret-two", "203.0.113.9"));
    expect(a).not.toContain("203");
    expect(a).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });
});
