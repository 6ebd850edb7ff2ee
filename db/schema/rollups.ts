import { sql } from "drizzle-orm";
import { boolean, date, index, integer, pgTable, primaryKey, smallint, text, unique } from "drizzle-orm/pg-core";
import { agencies } from "./agencies";

/**
 * Each answer counter is kept in up to eight rows (stripes) per key, chosen by the writing
 * transaction's id, and readers sum them. Answers to one agency on one day then rarely wait for
 * each other's commit on a single row (decision 006). The default is evaluated on every insert,
 * so the triggers never name the column.
 */
export const ROLLUP_STRIPES = 8;
const stripe = () => smallint().notNull().default(sql.raw(`(txid_current() % ${ROLLUP_STRIPES})`));

// Counters per answer value of the six scale elements the figures read. Kept as columns, not as
// one row per (element, value): a province-year is then ~36 000 narrow rows instead of two
// million, which is what keeps the overview under its time budget (decision 006).
const valueColumns = () => ({
  access1: integer().notNull().default(0),
  access2: integer().notNull().default(0),
  access3: integer().notNull().default(0),
  access4: integer().notNull().default(0),
  access5: integer().notNull().default(0),
  procedure1: integer().notNull().default(0),
  procedure2: integer().notNull().default(0),
  procedure3: integer().notNull().default(0),
  procedure4: integer().notNull().default(0),
  procedure5: integer().notNull().default(0),
  officials1: integer().notNull().default(0),
  officials2: integer().notNull().default(0),
  officials3: integer().notNull().default(0),
  officials4: integer().notNull().default(0),
  officials5: integer().notNull().default(0),
  result1: integer().notNull().default(0),
  result2: integer().notNull().default(0),
  result3: integer().notNull().default(0),
  result4: integer().notNull().default(0),
  result5: integer().notNull().default(0),
  feedback1: integer().notNull().default(0),
  feedback2: integer().notNull().default(0),
  feedback3: integer().notNull().default(0),
  feedback4: integer().notNull().default(0),
  feedback5: integer().notNull().default(0),
  overall1: integer().notNull().default(0),
  overall2: integer().notNull().default(0),
  overall3: integer().notNull().default(0),
  overall4: integer().notNull().default(0),
  overall5: integer().notNull().default(0),
});

/**
 * Responses and answer counts per agency and Vietnam calendar day. Maintained by database
 * triggers in the same transaction as the response (migration 0004), so the figures never lag
 * and no service has to remember to update them. Every period starts at 00:00 Vietnam time, so
 * a day is the finest grain any figure needs.
 */
export const agencyDayAnswers = pgTable(
  "agency_day_answers",
  {
    agencyId: integer()
      .notNull()
      .references(() => agencies.id, { onDelete: "cascade" }),
    day: date({ mode: "string" }).notNull(),
    verified: boolean().notNull(),
    stripe: stripe(),
    responses: integer().notNull().default(0),
    ...valueColumns(),
  },
  (t) => [
    primaryKey({ columns: [t.agencyId, t.day, t.verified, t.stripe] }),
    // The daily alert evaluation reads the last 120 days of every agency (decision 012): a range
    // of days across all agencies, which the primary key (agency first) cannot serve.
    index("agency_day_answers_day_idx").on(t.day),
  ],
);

/**
 * The same counters per agency and Vietnam calendar month (`month` is its first day), kept by the
 * same triggers: a province-year is then 1 200 rows instead of 36 500, and every month-aligned
 * period (month, quarter, year, reporting year, the trend) reads only these.
 */
export const agencyMonthAnswers = pgTable(
  "agency_month_answers",
  {
    agencyId: integer()
      .notNull()
      .references(() => agencies.id, { onDelete: "cascade" }),
    month: date({ mode: "string" }).notNull(),
    verified: boolean().notNull(),
    stripe: stripe(),
    responses: integer().notNull().default(0),
    ...valueColumns(),
  },
  (t) => [primaryKey({ columns: [t.agencyId, t.month, t.verified, t.stripe] })],
);

/**
 * Timeliness of a completed dossier, copied onto its response when the answer is stored:
 * 0 no due date known (or no dossier), 1 completed on or before its due time, 2 completed late.
 */
export const TIMELINESS = { unknown: 0, onTime: 1, late: 2 } as const;
export type Timeliness = (typeof TIMELINESS)[keyof typeof TIMELINESS];

/**
 * Completed dossiers (with their timeliness) and issued invitations per agency and Vietnam day:
 * sample size, coverage and the share of dossiers completed on time. Written with the dossier
 * report, never with an answer.
 */
export const agencyDayCoverage = pgTable(
  "agency_day_coverage",
  {
    agencyId: integer()
      .notNull()
      .references(() => agencies.id, { onDelete: "cascade" }),
    day: date({ mode: "string" }).notNull(),
    completedDossiers: integer().notNull().default(0),
    completedOnTime: integer().notNull().default(0),
    completedLate: integer().notNull().default(0),
    completedWithoutDue: integer().notNull().default(0),
    invitations: integer().notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.agencyId, t.day] })],
);

/**
 * The breakdown counters (decision 006): the same counters per agency and Vietnam month, once per
 * dimension a page breaks down by (procedure, officer, desk, channel, dossier timeliness) and its
 * key there, so that a breakdown reads a few rows per agency-month whatever the others are. A
 * sheet counts once in each dimension. A missing procedure, officer or desk is a null key (unique
 * with NULLS NOT DISTINCT). Striped like the other answer counters.
 */
export const agencyMonthMarginals = pgTable(
  "agency_month_marginals",
  {
    agencyId: integer()
      .notNull()
      .references(() => agencies.id, { onDelete: "cascade" }),
    month: date({ mode: "string" }).notNull(),
    verified: boolean().notNull(),
    // 'procedure', 'officer', 'desk', 'channel' or 'timeliness'; the key is that column's value as
    // text. No foreign keys: derived data, following responses through their own triggers.
    dimension: text().notNull(),
    key: text(),
    stripe: stripe(),
    responses: integer().notNull().default(0),
    ...valueColumns(),
  },
  (t) => [unique("agency_month_marginals_key").on(t.agencyId, t.month, t.verified, t.dimension, t.key, t.stripe).nullsNotDistinct()],
);
