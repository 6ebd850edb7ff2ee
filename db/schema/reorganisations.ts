import { sql } from "drizzle-orm";
import { boolean, check, index, integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { agencies } from "./agencies";
import { desks } from "./desks";
import { procedures } from "./procedures";
import { staffAccounts } from "./staff-accounts";

export const REORGANISATION_KINDS = ["merge", "split"] as const;
export type ReorganisationKind = (typeof REORGANISATION_KINDS)[number];

/**
 * A change of structure on an effective date (decision 021): many predecessors into one
 * successor (merge), or one into many (split). Planned, it can be reversed until the date; on
 * the date a job carries it out: the predecessors end, their pending work moves.
 */
export const reorganisations = pgTable(
  "reorganisations",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    kind: text().$type<ReorganisationKind>().notNull(),
    effectiveAt: timestamp({ withTimezone: true }).notNull(),
    status: text().$type<"planned" | "done">().notNull().default("planned"),
    // The legal act it follows ("Nghị quyết 1234/NQ-UBTVQH15"), shown beside the break.
    basis: text().notNull(),
    createdById: integer().references(() => staffAccounts.id, { onDelete: "set null" }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    carriedOutAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index("reorganisations_due_idx").on(t.effectiveAt).where(sql`${t.status} = 'planned'`),
    check("reorganisations_kind_check", sql`${t.kind} in ('merge', 'split')`),
    check("reorganisations_status_check", sql`${t.status} in ('planned', 'done')`),
  ],
);

/**
 * Who succeeds whom. A merge has one row per predecessor, each `takesRest`. A split has one
 * `takesRest` row (the successor taking what no other row names) and one row per mapped desk,
 * procedure or staff account. Moved desks get a row when the reorganisation is carried out,
 * with the code they had, so that an old report naming that desk still finds it.
 */
export const reorganisationParts = pgTable(
  "reorganisation_parts",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    reorganisationId: integer()
      .notNull()
      .references(() => reorganisations.id, { onDelete: "cascade" }),
    predecessorId: integer()
      .notNull()
      .references(() => agencies.id, { onDelete: "restrict" }),
    successorId: integer()
      .notNull()
      .references(() => agencies.id, { onDelete: "restrict" }),
    takesRest: boolean().notNull().default(false),
    deskId: integer().references(() => desks.id, { onDelete: "restrict" }),
    deskCode: text(),
    procedureId: integer().references(() => procedures.id, { onDelete: "restrict" }),
    staffAccountId: integer().references(() => staffAccounts.id, { onDelete: "restrict" }),
  },
  (t) => [
    index("reorganisation_parts_reorganisation_idx").on(t.reorganisationId),
    index("reorganisation_parts_predecessor_idx").on(t.predecessorId),
    index("reorganisation_parts_successor_idx").on(t.successorId),
    check("reorganisation_parts_one_mapping_check", sql`num_nonnulls(${t.deskId}, ${t.procedureId}, ${t.staffAccountId}) <= 1`),
    check("reorganisation_parts_distinct_check", sql`${t.predecessorId} <> ${t.successorId}`),
  ],
);
