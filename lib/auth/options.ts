import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import type { Db } from "@/db/client";
import { getDb } from "@/lib/db";
import { authSecret, publicUrl } from "@/lib/env";
import { signInStaff } from "./accounts";
import { SIGN_IN_UNAVAILABLE, throttledCode } from "./sign-in-error";
import { signInClient } from "./throttle";

const credentialsSchema = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
});

/**
 * The credentials check behind next-auth's `authorize`: the request's headers give the client
 * (next-auth 4 hands `authorize` a plain object of them). Resolves to the user or null (wrong
 * name or password, malformed input); rejects only with a code of lib/auth/sign-in-error.ts.
 */
export async function authorizeCredentials(
  db: Db,
  raw: unknown,
  req: { headers?: unknown } | undefined,
  secret: string = authSecret(),
): Promise<{ id: string; name: string } | null> {
  const parsed = credentialsSchema.safeParse(raw);
  if (!parsed.success) return null;
  let result;
  try {
    result = await signInStaff(db, { ...parsed.data, client: signInClient(req?.headers, secret), secret });
  } catch (err) {
    // An outage or a bug: logged for the operator; the form says "try again", not "wrong password".
    console.error("sign-in could not be checked:", err instanceof Error ? err.message : err);
    throw new Error(SIGN_IN_UNAVAILABLE);
  }
  if (result.outcome === "throttled") throw new Error(throttledCode(result.retryAfterSeconds));
  return result.outcome === "signed_in" ? { id: String(result.user.id), name: result.user.name } : null;
}

async function configuredDb(): Promise<Db> {
  try {
    return await getDb();
  } catch (err) {
    console.error("sign-in could not open the database:", err instanceof Error ? err.message : err);
    throw new Error(SIGN_IN_UNAVAILABLE);
  }
}

// A working day at the desk; a stolen session cookie is useless after it.
const SESSION_SECONDS = 12 * 60 * 60;

export function authOptions(): NextAuthOptions {
  return {
    secret: authSecret(),
    session: { strategy: "jwt", maxAge: SESSION_SECONDS },
    // Behind https the session cookie is Secure whatever NEXTAUTH_URL says (docs/decisions/014).
    useSecureCookies: publicUrl().startsWith("https://"),
    pages: { signIn: "/login", error: "/login" },
    providers: [
      CredentialsProvider({
        name: "credentials",
        credentials: { username: { type: "text" }, password: { type: "password" } },
        async authorize(raw, req) {
          return authorizeCredentials(await configuredDb(), raw, req);
        },
      }),
    ],
    callbacks: {
      // Only the account id travels in the token: role and scope are read from the database on
      // every request, so a change by an administrator applies at once.
      async jwt({ token, user }) {
        if (user) token.sub = user.id;
        return token;
      },
      async session({ session, token }) {
        return { ...session, staffId: token.sub ?? null };
      },
    },
  };
}
