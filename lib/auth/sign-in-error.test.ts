import { describe, expect, it } from "vitest";
import { readSignInError, throttledCode } from "./sign-in-error";

describe("sign-in error codes", () => {
  it("carries the wait in whole minutes, rounded up", () => {
    expect(throttledCode(900)).toBe("SignInThrottled:15");
    expect(throttledCode(61)).toBe("SignInThrottled:2");
    expect(throttledCode(1)).toBe("SignInThrottled:1");
    expect(readSignInError({ error: throttledCode(899), status: 401 })).toEqual({ kind: "throttled", minutes: 15 });
  });

  it("tells a wrong password from an outage", () => {
    expect(readSignInError({ error: "CredentialsSignin", status: 401 })).toEqual({ kind: "failed" });
    expect(readSignInError({ error: "SignInUnavailable", status: 401 })).toEqual({ kind: "unavailable" });
    expect(readSignInError({ error: null, status: 500 })).toEqual({ kind: "unavailable" });
    expect(readSignInError(undefined)).toEqual({ kind: "unavailable" });
    // Anything else that looks like a code is not trusted to carry a number.
    expect(readSignInError({ error: "SignInThrottled:abc", status: 401 })).toEqual({ kind: "failed" });
  });
});
