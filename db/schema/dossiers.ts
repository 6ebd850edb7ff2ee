import { sql } from "drizzle-orm";
import { bigint, check, index, integer, pgTable, text, timestamp, unique } from "drizzle-orm/pg-core";
import { agencies } from "./agencies";
import { desks } from "./desks";
import { procedures } from "./procedures";
import { staffAccounts } from "./staff-accounts";

export const dossierSources = ["desk", "api", "import", "demo"] as const;

/** A filed procedure (hồ sơ). Completed when the result is handed over: that is when we ask. */
export const dossiers = pgTable(
  "dossiers",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    agencyId: integer()
      .notNull()
      .references(() => agencies.id, { onDelete: "restrict" }),
    procedureId: integer()
      .notNull()
      .references(() => procedures.id, { onDelete: "restrict" }),
    code: text().notNull(),
    deskId: integer().references(() => desks.id, { onDelete: "set null" }),
    officerId: integer().references(() => staffAccounts.id, { onDelete: "set null" }),
    receivedAt: timestamp({ withTimezone: true }),
    dueAt: timestamp({ withTimezone: true }),
    completedAt: timestamp({ withTimezone: true }),
    source: text().$type<(typeof dossierSources)[number]>().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("dossiers_agency_code_key").on(t.agencyId, t.code),
    index("dossiers_agency_completed_idx").on(t.agencyId, t.completedAt),
    check("dossiers_source_check", sql`${t.source} in ('desk', 'api', 'import', 'demo')`),
  ],
);

export type Dossier = typeof dossiers.$inferSelect;
