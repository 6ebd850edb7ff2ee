import { boolean, integer, pgTable, text, timestamp, unique } from "drizzle-orm/pg-core";
import { agencies } from "./agencies";

/** A counter (quầy) of an agency's one-stop desk. */
export const desks = pgTable(
  "desks",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    agencyId: integer()
      .notNull()
      .references(() => agencies.id, { onDelete: "restrict" }),
    code: text().notNull(),
    name: text().notNull(),
    active: boolean().notNull().default(true),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique("desks_agency_code_key").on(t.agencyId, t.code)],
);

export type Desk = typeof desks.$inferSelect;
