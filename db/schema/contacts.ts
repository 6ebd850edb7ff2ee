import { bigint, index, pgTable, text, timestamp, uniqueIndex, integer } from "drizzle-orm/pg-core";
import { responses } from "./responses";

/**
 * Contact details a citizen chose to leave for a follow-up, with the consent they gave. Kept
 * apart from the answers (personal data, Law 91/2025/QH15) and deleted once the follow-up closes.
 */
export const contacts = pgTable(
  "contacts",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    responseId: bigint({ mode: "number" })
      .notNull()
      .references(() => responses.id, { onDelete: "cascade" }),
    phone: text(),
    email: text(),
    consentText: text().notNull(),
    consentedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    followUpClosedAt: timestamp({ withTimezone: true }),
    deleteAfter: timestamp({ withTimezone: true }).notNull(),
    // When the handler of a still-open case was warned that the details go at deleteAfter.
    retentionWarnedAt: timestamp({ withTimezone: true }),
  },
  (t) => [uniqueIndex("contacts_response_key").on(t.responseId), index("contacts_delete_after_idx").on(t.deleteAfter)],
);
