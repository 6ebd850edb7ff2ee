import { sql } from "drizzle-orm";
import { bigint, check, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { agencies } from "./agencies";
import { desks } from "./desks";
import { dossiers } from "./dossiers";
import { staffAccounts } from "./staff-accounts";

/** How a survey reached the citizen: kept so that staff filling surveys can be noticed. */
export const channels = ["receipt_qr", "desk_screen", "kiosk", "standing_qr", "sms", "zalo", "api"] as const;
export type Channel = (typeof channels)[number];

/**
 * A single-use survey invitation. Only the SHA-256 of the token is stored: a database leak
 * must not let anyone answer on a citizen's behalf.
 */
export const invitations = pgTable(
  "invitations",
  {
    id: uuid().primaryKey().defaultRandom(),
    dossierId: bigint({ mode: "number" }).references(() => dossiers.id, { onDelete: "restrict" }),
    agencyId: integer()
      .notNull()
      .references(() => agencies.id, { onDelete: "restrict" }),
    deskId: integer().references(() => desks.id, { onDelete: "set null" }),
    channel: text().$type<Channel>().notNull(),
    tokenHash: text().notNull(),
    issuedById: integer().references(() => staffAccounts.id, { onDelete: "set null" }),
    issuedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    usedAt: timestamp({ withTimezone: true }),
    revokedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex("invitations_token_hash_key").on(t.tokenHash),
    // One live invitation per dossier; a revoked one may be replaced.
    uniqueIndex("invitations_dossier_live_key").on(t.dossierId).where(sql`${t.revokedAt} is null`),
    index("invitations_agency_issued_idx").on(t.agencyId, t.issuedAt),
    check(
      "invitations_channel_check",
      sql`${t.channel} in ('receipt_qr', 'desk_screen', 'kiosk', 'standing_qr', 'sms', 'zalo', 'api')`,
    ),
  ],
);

export type Invitation = typeof invitations.$inferSelect;
