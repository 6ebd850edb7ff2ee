import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { agencies } from "./agencies";
import { desks } from "./desks";
import { dossiers } from "./dossiers";
import { invitations, type Channel } from "./invitations";
import { procedures } from "./procedures";
import { questionnaireVersions } from "./questionnaires";
import { staffAccounts } from "./staff-accounts";
import { standingCodes } from "./standing-codes";

/**
 * A citizen's answer sheet. Agency, procedure, officer and desk are copied from the dossier on
 * the server, never taken from the client. No IP address or other identifier is kept here.
 */
export const responses = pgTable(
  "responses",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    invitationId: uuid().references(() => invitations.id, { onDelete: "restrict" }),
    versionId: integer()
      .notNull()
      .references(() => questionnaireVersions.id, { onDelete: "restrict" }),
    agencyId: integer()
      .notNull()
      .references(() => agencies.id, { onDelete: "restrict" }),
    dossierId: bigint({ mode: "number" }).references(() => dossiers.id, { onDelete: "restrict" }),
    procedureId: integer().references(() => procedures.id, { onDelete: "restrict" }),
    officerId: integer().references(() => staffAccounts.id, { onDelete: "set null" }),
    deskId: integer().references(() => desks.id, { onDelete: "set null" }),
    channel: text().$type<Channel>().notNull(),
    // The standing QR a response came through (unverified responses only).
    standingCodeId: integer().references(() => standingCodes.id, { onDelete: "set null" }),
    // Verified: tied to a completed dossier through a single-use invitation.
    verified: boolean().notNull(),
    // The dossier's timeliness when the answer was stored (TIMELINESS in ./rollups): the
    // breakdown counters' late-against-on-time dimension.
    timeliness: smallint().notNull().default(0),
    locale: text().notNull().default("vi"),
    comment: text(),
    submittedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // The database itself guarantees one response per invitation.
    uniqueIndex("responses_invitation_key").on(t.invitationId),
    index("responses_agency_submitted_idx").on(t.agencyId, t.submittedAt),
    index("responses_submitted_idx").on(t.submittedAt),
    // The comments page reads a subtree's newest commented sheets: only those are in it (a few
    // per cent), by agency, so that a commune's page reads its own and nothing else.
    index("responses_commented_idx")
      .on(t.agencyId, t.submittedAt, t.id)
      .where(sql`${t.comment} is not null and btrim(${t.comment}) <> ''`),
    check("responses_timeliness_check", sql`${t.timeliness} between 0 and 2`),
  ],
);

/**
 * One row per answered scale question. "Not applicable" and blanks have no row, so a count of
 * rows is the count of valid answers (domain §4). `element` is copied from the question so that
 * the indices are a single grouped scan.
 */
export const answers = pgTable(
  "answers",
  {
    responseId: bigint({ mode: "number" })
      .notNull()
      .references(() => responses.id, { onDelete: "cascade" }),
    questionKey: text().notNull(),
    element: text().notNull(),
    value: smallint().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.responseId, t.questionKey] }),
    // "Which sheets rated this element 3 or lower": the comments filter by a low rating, answered
    // from the index alone. Only the dissatisfied answers (about a tenth) are in it.
    index("answers_low_idx")
      .on(t.responseId, t.element, t.value)
      .where(sql`${t.value} <= 3`),
    check("answers_value_check", sql`${t.value} between 1 and 5`),
  ],
);

/** Expectation options ticked (multi-select). */
export const responseExpectations = pgTable(
  "response_expectations",
  {
    responseId: bigint({ mode: "number" })
      .notNull()
      .references(() => responses.id, { onDelete: "cascade" }),
    optionKey: text().notNull(),
  },
  (t) => [primaryKey({ columns: [t.responseId, t.optionKey] })],
);

export type Response = typeof responses.$inferSelect;
