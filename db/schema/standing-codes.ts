import { boolean, index, integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { agencies } from "./agencies";
import { desks } from "./desks";
import { staffAccounts } from "./staff-accounts";

/**
 * A standing QR on a poster or a desk (`/q/<code>`), not tied to a dossier. Its responses are
 * unverified, rate-limited, and left out of official figures unless a setting includes them.
 */
export const standingCodes = pgTable(
  "standing_codes",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    code: text().notNull().unique(),
    agencyId: integer()
      .notNull()
      .references(() => agencies.id, { onDelete: "restrict" }),
    deskId: integer().references(() => desks.id, { onDelete: "set null" }),
    label: text().notNull(),
    active: boolean().notNull().default(true),
    createdById: integer().references(() => staffAccounts.id, { onDelete: "set null" }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("standing_codes_agency_idx").on(t.agencyId)],
);

export type StandingCode = typeof standingCodes.$inferSelect;
