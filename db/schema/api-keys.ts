import { integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { agencies } from "./agencies";
import { staffAccounts } from "./staff-accounts";

/**
 * Keys of the one-stop case system for `/api/v1`, scoped to an agency subtree. Shown once when
 * created; only the SHA-256 of the key is kept, with a short prefix to recognise it in lists.
 */
export const apiKeys = pgTable(
  "api_keys",
  {
    id: uuid().primaryKey().defaultRandom(),
    name: text().notNull(),
    agencyId: integer()
      .notNull()
      .references(() => agencies.id, { onDelete: "restrict" }),
    prefix: text().notNull(),
    keyHash: text().notNull(),
    createdById: integer().references(() => staffAccounts.id, { onDelete: "set null" }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp({ withTimezone: true }),
    revokedAt: timestamp({ withTimezone: true }),
  },
  (t) => [uniqueIndex("api_keys_key_hash_key").on(t.keyHash)],
);

export type ApiKey = typeof apiKeys.$inferSelect;
