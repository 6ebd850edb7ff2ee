import { sql } from "drizzle-orm";
import { boolean, index, integer, pgTable, text, timestamp, type AnyPgColumn } from "drizzle-orm/pg-core";

/**
 * Agencies form a tree of any depth (province → district → commune, departments, centres;
 * since 2025 province → commune). `path` is the materialised chain of ids ("/1/4/17/") so that a
 * subtree is one prefix match, whatever the depth.
 */
export const agencies = pgTable(
  "agencies",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    code: text().notNull().unique(),
    name: text().notNull(),
    nameEn: text(),
    // A label, not an enum: levels change with administrative reforms.
    level: text().notNull(),
    parentId: integer().references((): AnyPgColumn => agencies.id, { onDelete: "restrict" }),
    path: text().notNull(),
    sortOrder: integer().notNull().default(0),
    active: boolean().notNull().default(true),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("agencies_parent_idx").on(t.parentId),
    index("agencies_path_idx").using("btree", sql`${t.path} text_pattern_ops`),
  ],
);

export type Agency = typeof agencies.$inferSelect;
