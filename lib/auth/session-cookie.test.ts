import { encode } from "next-auth/jwt";
import { describe, expect, it } from "vitest";
import { staffIdFromCookies } from "./session";

const secret = "a-test-secret-of-enough-length-0123456789";
const jar = (cookies: Record<string, string>) => ({
  get: (name: string) => (name in cookies ? { value: cookies[name]! } : undefined),
  getAll: () => Object.entries(cookies).map(([name, value]) => ({ name, value })),
});

describe("the session cookie", () => {
  it("gives the account id next-auth put in it, under the name for http or for https", async () => {
    const token = await encode({ token: { sub: "42" }, secret });
    expect(await staffIdFromCookies(jar({ "next-auth.session-token": token }), { secure: false, secret })).toBe(42);
    expect(await staffIdFromCookies(jar({ "__Secure-next-auth.session-token": token }), { secure: true, secret })).toBe(42);
    // Behind https only the Secure cookie counts.
    expect(await staffIdFromCookies(jar({ "next-auth.session-token": token }), { secure: true, secret })).toBeNull();
  });

  it("joins a token split into chunks in their order", async () => {
    const token = await encode({ token: { sub: "7" }, secret });
    const third = Math.ceil(token.length / 3);
    const parts = { "next-auth.session-token.2": token.slice(2 * third), "next-auth.session-token.0": token.slice(0, third), "next-auth.session-token.1": token.slice(third, 2 * third) };
    expect(await staffIdFromCookies(jar(parts), { secure: false, secret })).toBe(7);
  });

  it("is no session when expired, tampered with, sealed with another secret, or without an account id", async () => {
    const expired = await encode({ token: { sub: "42" }, secret, maxAge: -60 });
    expect(await staffIdFromCookies(jar({ "next-auth.session-token": expired }), { secure: false, secret })).toBeNull();
    const token = await encode({ token: { sub: "42" }, secret });
    const tampered = `${token.slice(0, -4)}${token.slice(-4) === "AAAA" ? "BBBB" : "AAAA"}`;
    expect(await staffIdFromCookies(jar({ "next-auth.session-token": tampered }), { secure: false, secret })).toBeNull();
    expect(await staffIdFromCookies(jar({ "next-auth.session-token": token }), { secure: false, secret: `${secret}-other` })).toBeNull();
    expect(await staffIdFromCookies(jar({ "next-auth.session-token": await encode({ token: { name: "x" }, secret }) }), { secure: false, secret })).toBeNull();
    expect(await staffIdFromCookies(jar({}), { secure: false, secret })).toBeNull();
  });
});
