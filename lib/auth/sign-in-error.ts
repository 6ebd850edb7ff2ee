/**
 * The codes a refused sign-in sends back through next-auth's `error`. next-auth passes the message
 * of an error thrown by `authorize` to the browser as it is, so only these codes are ever thrown
 * there, never an internal message. Shared by the server (lib/auth/options.ts) and the login form
 * in the browser: this file imports nothing.
 */
export const SIGN_IN_THROTTLED = "SignInThrottled";
export const SIGN_IN_UNAVAILABLE = "SignInUnavailable";

/** `SignInThrottled:<minutes>`, rounded up: how long the form tells the person to wait. */
export function throttledCode(retryAfterSeconds: number): string {
  return `${SIGN_IN_THROTTLED}:${Math.max(1, Math.ceil(retryAfterSeconds / 60))}`;
}

export type SignInError = { kind: "throttled"; minutes: number } | { kind: "unavailable" } | { kind: "failed" };

/** What went wrong, from next-auth's answer to the form (`error` and HTTP status). */
export function readSignInError(result: { error?: string | null; status?: number } | undefined): SignInError {
  const error = result?.error ?? "";
  const throttled = /^SignInThrottled:(\d{1,4})$/.exec(error);
  if (throttled) return { kind: "throttled", minutes: Number(throttled[1]) };
  if (error === SIGN_IN_UNAVAILABLE) return { kind: "unavailable" };
  // 401 with any other code is next-auth's "CredentialsSignin"; no answer at all is an outage.
  return result?.status === 401 || error ? { kind: "failed" } : { kind: "unavailable" };
}
