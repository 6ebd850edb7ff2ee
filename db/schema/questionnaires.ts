import { sql } from "drizzle-orm";
import { boolean, check, integer, jsonb, pgTable, smallint, text, timestamp, unique } from "drizzle-orm/pg-core";

/** A questionnaire kind: the SIPAS-style short form, later the one-stop 9-index evaluation. */
export const questionnaires = pgTable("questionnaires", {
  id: integer().primaryKey().generatedAlwaysAsIdentity(),
  code: text().notNull().unique(),
  name: text().notNull(),
  nameEn: text().notNull(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/**
 * A version is immutable once it has responses (enforced by a trigger as well as by the
 * services): every response records the version it answered, so figures stay explainable.
 */
export const questionnaireVersions = pgTable(
  "questionnaire_versions",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    questionnaireId: integer()
      .notNull()
      .references(() => questionnaires.id, { onDelete: "restrict" }),
    version: integer().notNull(),
    status: text().$type<"draft" | "published" | "retired">().notNull().default("draft"),
    publishedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("questionnaire_versions_number_key").on(t.questionnaireId, t.version),
    check("questionnaire_versions_status_check", sql`${t.status} in ('draft', 'published', 'retired')`),
  ],
);

export const questionKinds = ["scale", "multi", "text"] as const;
export type QuestionKind = (typeof questionKinds)[number];

export type QuestionOption = { key: string; vi: string; en: string };

/** The questions of a version, as data. `element` ties a question to the index it feeds. */
export const questions = pgTable(
  "questions",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    versionId: integer()
      .notNull()
      .references(() => questionnaireVersions.id, { onDelete: "restrict" }),
    key: text().notNull(),
    position: smallint().notNull(),
    element: text().notNull(),
    kind: text().$type<QuestionKind>().notNull(),
    textVi: text().notNull(),
    textEn: text().notNull(),
    // Number of scale points offered (5, or 3 for the desk variant mapped to 5/4/2).
    scale: smallint(),
    allowNotApplicable: boolean().notNull().default(false),
    required: boolean().notNull().default(false),
    options: jsonb().$type<QuestionOption[]>(),
    maxLength: integer(),
  },
  (t) => [
    unique("questions_version_key").on(t.versionId, t.key),
    check("questions_kind_check", sql`${t.kind} in ('scale', 'multi', 'text')`),
  ],
);

export type QuestionnaireVersion = typeof questionnaireVersions.$inferSelect;
export type Question = typeof questions.$inferSelect;
