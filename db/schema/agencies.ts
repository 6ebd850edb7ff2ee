import { sql } from "drizzle-orm";
import { boolean, check, index, integer, pgTable, text, timestamp, type AnyPgColumn } from "drizzle-orm/pg-core";

/** Cấp: where the unit sits in local government; xã, phường, thị trấn and đặc khu are one tier. */
export const AGENCY_TIERS = ["province", "district", "commune"] as const;
export type AgencyTier = (typeof AGENCY_TIERS)[number];
/** Đơn vị hành chính (the people's committee), cơ quan chuyên môn, trung tâm / bộ phận một cửa. */
export const AGENCY_KINDS = ["administrative", "department", "one_stop"] as const;
export type AgencyKind = (typeof AGENCY_KINDS)[number];

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
    // Tier and kind decide who is ranked with whom (peers): apart from the free label. Filled from
    // the label and the parent by a trigger when an insert leaves them out (migration 0007).
    tier: text().$type<AgencyTier>().notNull(),
    kind: text().$type<AgencyKind>().notNull(),
    parentId: integer().references((): AnyPgColumn => agencies.id, { onDelete: "restrict" }),
    path: text().notNull(),
    sortOrder: integer().notNull().default(0),
    active: boolean().notNull().default(true),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("agencies_parent_idx").on(t.parentId),
    index("agencies_path_idx").using("btree", sql`${t.path} text_pattern_ops`),
    check("agencies_tier_check", sql`${t.tier} in ('province', 'district', 'commune')`),
    check("agencies_kind_check", sql`${t.kind} in ('administrative', 'department', 'one_stop')`),
  ],
);

export type Agency = typeof agencies.$inferSelect;
