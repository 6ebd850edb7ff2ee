import { sql } from "drizzle-orm";
import { boolean, check, index, integer, pgTable, text, timestamp, uniqueIndex, type AnyPgColumn } from "drizzle-orm/pg-core";

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
    // The current (or last) code; unique among agencies in force (migration 0009), every code with its validity in agency_codes.
    code: text().notNull(),
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
    // In force from validFrom (null: since before the product) until validTo (null: still). An
    // agency that ends (merged, split, dissolved) keeps its id, its path and everything recorded
    // under it; its successors are named by the reorganisation that ended it.
    validFrom: timestamp({ withTimezone: true }),
    validTo: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("agencies_parent_idx").on(t.parentId),
    index("agencies_path_idx").using("btree", sql`${t.path} text_pattern_ops`),
    uniqueIndex("agencies_code_in_force_key").on(t.code).where(sql`${t.validTo} is null`),
    check("agencies_tier_check", sql`${t.tier} in ('province', 'district', 'commune')`),
    check("agencies_kind_check", sql`${t.kind} in ('administrative', 'department', 'one_stop')`),
    check("agencies_validity_check", sql`${t.validTo} is null or ${t.validFrom} is null or ${t.validTo} > ${t.validFrom}`),
  ],
);

/**
 * An agency's official codes over time (mã định danh): `agencies.code` is the one it holds now
 * (or held last), this table every code with its validity, so that an old code still resolves
 * and a regenerated one can be given to another agency once the first holder's has ended. Two
 * holdings of one code never overlap (trigger in migration 0009).
 */
export const agencyCodes = pgTable(
  "agency_codes",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    agencyId: integer()
      .notNull()
      .references(() => agencies.id, { onDelete: "cascade" }),
    code: text().notNull(),
    validFrom: timestamp({ withTimezone: true }),
    validTo: timestamp({ withTimezone: true }),
  },
  (t) => [
    index("agency_codes_code_idx").on(t.code),
    index("agency_codes_agency_idx").on(t.agencyId),
    check("agency_codes_validity_check", sql`${t.validTo} is null or ${t.validFrom} is null or ${t.validTo} > ${t.validFrom}`),
  ],
);

export type Agency = typeof agencies.$inferSelect;
