import { sql } from "drizzle-orm";
import { bigint, boolean, check, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { agencies } from "./agencies";
import { responses } from "./responses";
import { staffAccounts } from "./staff-accounts";

export const caseStatuses = ["new", "in_progress", "replied", "closed"] as const;
export type CaseStatus = (typeof caseStatuses)[number];

/**
 * A follow-up case (phiếu xử lý ý kiến) opened for a dissatisfied answer, in the transaction that
 * stores the answer. `agencyId` is the agency that owns it now (it changes when the case is
 * forwarded); `originAgencyId` is where the answer was given and never changes. `officerId` is
 * the officer of the rated dossier: that person never sees the case (the S3 rating is about them).
 * The citizen's text stays in `responses.comment`; their contact details in `contacts`.
 */
export const cases = pgTable(
  "cases",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    // Short, unambiguous, read out on the phone (e.g. "PA-7KQ4M9").
    reference: text().notNull(),
    responseId: bigint({ mode: "number" })
      .notNull()
      .references(() => responses.id, { onDelete: "restrict" }),
    agencyId: integer()
      .notNull()
      .references(() => agencies.id, { onDelete: "restrict" }),
    originAgencyId: integer()
      .notNull()
      .references(() => agencies.id, { onDelete: "restrict" }),
    officerId: integer().references(() => staffAccounts.id, { onDelete: "set null" }),
    status: text().$type<CaseStatus>().notNull().default("new"),
    assigneeId: integer().references(() => staffAccounts.id, { onDelete: "set null" }),
    // Why it was opened: rule keys such as "low:S3" or "comment_contact".
    reasons: text().array().notNull(),
    // Standing-QR answers are not tied to a dossier: such cases never alert on their own.
    verified: boolean().notNull(),
    openedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    // Working-day deadlines (Vietnam calendar days): forwarding (Decree 20/2008 art. 9) and reply.
    forwardDueOn: date({ mode: "string" }).notNull(),
    replyDueOn: date({ mode: "string" }).notNull(),
    forwardedAt: timestamp({ withTimezone: true }),
    repliedAt: timestamp({ withTimezone: true }),
    closedAt: timestamp({ withTimezone: true }),
    // Set once when the reply deadline passes unanswered; the case counts as late from then on.
    escalatedAt: timestamp({ withTimezone: true }),
    // The reply meant for the citizen (shown on their status page and mailed to them).
    replyText: text(),
    // SHA-256 of the citizen's status-page token; the token is derived from the server secret.
    statusTokenHash: text().notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("cases_reference_key").on(t.reference),
    uniqueIndex("cases_response_key").on(t.responseId),
    uniqueIndex("cases_status_token_key").on(t.statusTokenHash),
    index("cases_agency_status_idx").on(t.agencyId, t.status),
    index("cases_reply_due_idx").on(t.replyDueOn).where(sql`${t.repliedAt} is null and ${t.closedAt} is null`),
    index("cases_opened_idx").on(t.originAgencyId, t.openedAt),
    check("cases_status_check", sql`${t.status} in ('new', 'in_progress', 'replied', 'closed')`),
  ],
);

export const caseEventKinds = [
  "opened",
  "assigned",
  "status",
  "note",
  "forwarded",
  "replied",
  "call",
  "escalated",
  "reopened",
  "closed",
  "contact_viewed",
  "contact_deleted",
  "retention_warning",
  "acknowledged",
] as const;
export type CaseEventKind = (typeof caseEventKinds)[number];

/**
 * Every step of a case, in order. Notes are internal (staff only). `data` holds ids and codes,
 * never the citizen's contact details.
 */
export const caseEvents = pgTable(
  "case_events",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    caseId: bigint({ mode: "number" })
      .notNull()
      .references(() => cases.id, { onDelete: "cascade" }),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
    kind: text().$type<CaseEventKind>().notNull(),
    actorId: integer().references(() => staffAccounts.id, { onDelete: "set null" }),
    note: text(),
    data: jsonb().$type<Record<string, unknown>>(),
  },
  (t) => [index("case_events_case_idx").on(t.caseId, t.at)],
);

/**
 * Agencies a case passed through. A forwarding agency keeps read access (issue: forwarding),
 * so the scope of a case is its owner's subtree plus every agency listed here.
 */
export const caseForwards = pgTable(
  "case_forwards",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    caseId: bigint({ mode: "number" })
      .notNull()
      .references(() => cases.id, { onDelete: "cascade" }),
    fromAgencyId: integer()
      .notNull()
      .references(() => agencies.id, { onDelete: "restrict" }),
    toAgencyId: integer()
      .notNull()
      .references(() => agencies.id, { onDelete: "restrict" }),
    actorId: integer().references(() => staffAccounts.id, { onDelete: "set null" }),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("case_forwards_case_idx").on(t.caseId), index("case_forwards_from_idx").on(t.fromAgencyId)],
);

export type Case = typeof cases.$inferSelect;
export type CaseEvent = typeof caseEvents.$inferSelect;
