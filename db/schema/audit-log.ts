import { sql } from "drizzle-orm";
import { bigint, check, index, integer, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { staffAccounts } from "./staff-accounts";

/** Who did what, written in the same transaction as the change it records. */
export const auditLog = pgTable(
  "audit_log",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
    actorKind: text().$type<"staff" | "api" | "citizen" | "system">().notNull(),
    actorId: integer().references(() => staffAccounts.id, { onDelete: "set null" }),
    action: text().notNull(),
    entity: text().notNull(),
    entityId: text(),
    data: jsonb().$type<Record<string, unknown>>(),
  },
  (t) => [
    index("audit_log_at_idx").on(t.at),
    index("audit_log_entity_idx").on(t.entity, t.entityId),
    check("audit_log_actor_kind_check", sql`${t.actorKind} in ('staff', 'api', 'citizen', 'system')`),
  ],
);
