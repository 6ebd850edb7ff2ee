import { sql } from "drizzle-orm";
import { boolean, check, index, integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { agencies } from "./agencies";
import { desks } from "./desks";

// Decision 009 says who does what; a role not listed here grants nothing.
export const roles = ["admin", "leader", "handler", "officer", "kiosk"] as const;
export type Role = (typeof roles)[number];

/**
 * Staff who sign in. `agencyId` is the root of the subtree they may see and act in; a kiosk
 * account is bound to one desk.
 */
export const staffAccounts = pgTable(
  "staff_accounts",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    username: text().notNull().unique(),
    name: text().notNull(),
    passwordHash: text().notNull(),
    // Where alerts, digests and case notices go; staff mail holds links only.
    email: text(),
    role: text().$type<Role>().notNull(),
    agencyId: integer()
      .notNull()
      .references(() => agencies.id, { onDelete: "restrict" }),
    deskId: integer().references(() => desks.id, { onDelete: "set null" }),
    active: boolean().notNull().default(true),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastSignInAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    check("staff_accounts_role_check", sql`${t.role} in ('admin', 'leader', 'handler', 'officer', 'kiosk')`),
    index("staff_accounts_agency_idx").on(t.agencyId),
  ],
);

export type StaffAccount = typeof staffAccounts.$inferSelect;
