import { index, integer, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";

/**
 * Sign-in attempts counted in the database, so that the limits hold across server processes.
 * `subject` is a keyed hash of the username typed (known or not: refusing unknown names alike
 * keeps the form from telling which accounts exist, and a password typed into the username field
 * is never kept in clear); `client` is the keyed hash of the client's address (lib/rate-limit.ts),
 * or `*` for the row that counts the account's failures from every client. Rows live minutes to a
 * day (`expires_at`) and go at a successful sign-in.
 */
export const signInThrottle = pgTable(
  "sign_in_throttle",
  {
    subject: text().notNull(),
    client: text().notNull(),
    failures: integer().notNull().default(0),
    windowStart: timestamp({ withTimezone: true }).notNull(),
    lastFailureAt: timestamp({ withTimezone: true }),
    heldUntil: timestamp({ withTimezone: true }),
    // Attempts refused since the last counted one: the audit log records the 1st, 2nd, 4th…
    refusals: integer().notNull().default(0),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.subject, t.client] }), index("sign_in_throttle_expires_idx").on(t.expiresAt)],
);

export type SignInThrottleRow = typeof signInThrottle.$inferSelect;
