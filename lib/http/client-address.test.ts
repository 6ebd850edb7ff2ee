import { describe, expect, it } from "vitest";
import { isValidTrustProxy, parseTrustProxy, requestClientAddress, resolveClient } from "./client-address";

describe("TRUST_PROXY", () => {
  it("parses none, a hop count and a list of addresses and ranges", () => {
    expect(parseTrustProxy(undefined).kind).toBe("none");
    expect(parseTrustProxy("0").kind).toBe("none");
    expect(parseTrustProxy("2")).toEqual({ kind: "hops", hops: 2 });
    expect(parseTrustProxy("10.0.0.0/8, ::1, 192.168.1.7").kind).toBe("list");
    for (const bad of ["abc", "10.0.0.0/33", "10.0.0.1/8/2", "::1/129", "99"]) expect(isValidTrustProxy(bad), bad).toBe(false);
  });
});

describe("resolveClient", () => {
  const none = parseTrustProxy(undefined);
  it("takes the socket address and ignores a forged X-Forwarded-For when no proxy is trusted", () => {
    expect(resolveClient("203.0.113.5", "198.51.100.1, 10.9.9.9", none)).toBe("203.0.113.5");
    expect(resolveClient("::ffff:203.0.113.5", undefined, none)).toBe("203.0.113.5");
  });

  it("with a hop count, trusts exactly that many proxies from the right", () => {
    const one = parseTrustProxy("1");
    // The client wrote 198.51.100.1 itself; the proxy appended what it saw.
    expect(resolveClient("127.0.0.1", "198.51.100.1, 203.0.113.8", one)).toBe("203.0.113.8");
    expect(resolveClient("127.0.0.1", undefined, one)).toBe("127.0.0.1");
    expect(resolveClient("127.0.0.1", "203.0.113.8", parseTrustProxy("3"))).toBe("203.0.113.8");
  });

  it("with a list, walks left while the hop is trusted", () => {
    const list = parseTrustProxy("127.0.0.1, 10.0.0.0/8");
    expect(resolveClient("127.0.0.1", "198.51.100.1, 203.0.113.8, 10.1.2.3", list)).toBe("203.0.113.8");
    // An untrusted peer's header means nothing.
    expect(resolveClient("203.0.113.9", "198.51.100.1", list)).toBe("203.0.113.9");
    expect(resolveClient("::ffff:127.0.0.1", "2001:db8::1", list)).toBe("2001:db8::1");
  });
});

describe("requestClientAddress", () => {
  it("reads the edge's header from a Headers or a plain object, never X-Forwarded-For", () => {
    expect(requestClientAddress(new Headers({ "x-hl-client": "203.0.113.5", "x-forwarded-for": "1.2.3.4" }))).toBe("203.0.113.5");
    expect(requestClientAddress({ "x-hl-client": "203.0.113.5" })).toBe("203.0.113.5");
    expect(requestClientAddress(new Headers({ "x-forwarded-for": "1.2.3.4" }))).toBeNull();
    expect(requestClientAddress(null)).toBeNull();
  });
});
