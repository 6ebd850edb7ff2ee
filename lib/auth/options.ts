import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { getDb } from "@/lib/db";
import { authSecret } from "@/lib/env";
import { authenticateStaff } from "./accounts";

const credentialsSchema = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
});

// A working day at the desk; a stolen session cookie is useless after it.
const SESSION_SECONDS = 12 * 60 * 60;

export function authOptions(): NextAuthOptions {
  return {
    secret: authSecret(),
    session: { strategy: "jwt", maxAge: SESSION_SECONDS },
    pages: { signIn: "/login", error: "/login" },
    providers: [
      CredentialsProvider({
        name: "credentials",
        credentials: { username: { type: "text" }, password: { type: "password" } },
        async authorize(raw) {
          const parsed = credentialsSchema.safeParse(raw);
          if (!parsed.success) return null;
          const user = await authenticateStaff(await getDb(), parsed.data);
          return user ? { id: String(user.id), name: user.name } : null;
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
