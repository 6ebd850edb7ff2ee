import { index, integer, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { agencies } from "./agencies";

/** Administrative procedures (thủ tục hành chính) by their national code, grouped by field. */
export const procedures = pgTable("procedures", {
  id: integer().primaryKey().generatedAlwaysAsIdentity(),
  code: text().notNull().unique(),
  name: text().notNull(),
  field: text().notNull(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/** Which agencies handle which procedures. */
export const agencyProcedures = pgTable(
  "agency_procedures",
  {
    agencyId: integer()
      .notNull()
      .references(() => agencies.id, { onDelete: "cascade" }),
    procedureId: integer()
      .notNull()
      .references(() => procedures.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.agencyId, t.procedureId] }), index("agency_procedures_procedure_idx").on(t.procedureId)],
);

export type Procedure = typeof procedures.$inferSelect;
