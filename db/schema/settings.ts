import { jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/** Local decisions kept as data (classification bands, whether unverified responses count…). */
export const settings = pgTable("settings", {
  key: text().primaryKey(),
  value: jsonb().notNull(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});
