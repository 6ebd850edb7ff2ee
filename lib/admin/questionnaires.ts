import { and, asc, desc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { questionnaires, questionnaireVersions, questions, responses, type QuestionOption } from "@/db/schema";
import { notFound } from "@/lib/errors";
import { audit, authorizeGlobal, parseInput, positiveId, refused, type AdminActor } from "./common";

// Bounds that keep a question readable on a 360 px phone and an option list short enough to scan.
const TEXT_MAX = 600;
const OPTIONS_MAX = 20;
const OPTION_TEXT_MAX = 120;
const COMMENT_MAX = 4000;

const optionSchema = z.object({
  key: z
    .string()
    .trim()
    .min(1)
    .max(40)
    .regex(/^[a-z0-9_-]+$/),
  vi: z.string().trim().min(1).max(OPTION_TEXT_MAX),
  en: z.string().trim().min(1).max(OPTION_TEXT_MAX),
});

const checkbox = z
  .union([z.boolean(), z.string().max(10), z.null()])
  .optional()
  .transform((v) => v === true || v === "on" || v === "true");

const questionEditSchema = z.object({
  questionId: z.coerce.number().int().positive(),
  textVi: z.string().trim().min(1).max(TEXT_MAX),
  textEn: z.string().trim().min(1).max(TEXT_MAX),
  required: checkbox,
  allowNotApplicable: checkbox,
  // One option per line, "key | Tiếng Việt | English": readable and editable without a script.
  options: z.string().max(20_000).optional(),
  maxLength: z
    .union([z.literal(""), z.coerce.number().int().min(1).max(COMMENT_MAX)])
    .optional()
    .transform((v) => (v === "" || v === undefined ? null : v)),
});

/** Reads "key | vi | en" lines into options; the error names the first bad line. */
export function parseOptionLines(text: string): QuestionOption[] {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  if (lines.length === 0) throw refused("invalid", "options_empty", "options");
  if (lines.length > OPTIONS_MAX) throw refused("invalid", "options_too_many", "options");
  const out: QuestionOption[] = [];
  for (const line of lines) {
    const [key, vi, en] = line.split("|").map((p) => p.trim());
    const parsed = optionSchema.safeParse({ key, vi, en });
    if (!parsed.success) throw refused("invalid", "options_line", "options");
    if (out.some((o) => o.key === parsed.data.key)) throw refused("invalid", "options_duplicate", "options");
    out.push(parsed.data);
  }
  return out;
}

export function formatOptionLines(options: QuestionOption[] | null): string {
  return (options ?? []).map((o) => `${o.key} | ${o.vi} | ${o.en}`).join("\n");
}

async function hasResponses(tx: Db, versionId: number): Promise<boolean> {
  const [row] = await tx.select({ id: responses.id }).from(responses).where(eq(responses.versionId, versionId)).limit(1);
  return Boolean(row);
}

/**
 * Starts a new version as a draft copy of the published one (or of the newest, if none is
 * published). One draft at a time: two would race to become "the next version".
 */
export async function createDraftVersion(db: Db, actor: AdminActor, input: { questionnaireId: unknown }): Promise<{ versionId: number; version: number }> {
  authorizeGlobal(actor, "manage:questionnaires");
  const questionnaireId = positiveId(input.questionnaireId);
  return db.transaction(async (tx) => {
    const [questionnaire] = await tx.select({ id: questionnaires.id }).from(questionnaires).where(eq(questionnaires.id, questionnaireId)).for("update");
    if (!questionnaire) throw notFound("questionnaire not found");
    const versions = await tx
      .select()
      .from(questionnaireVersions)
      .where(eq(questionnaireVersions.questionnaireId, questionnaireId))
      .orderBy(desc(questionnaireVersions.version));
    if (versions.some((v) => v.status === "draft")) throw refused("conflict", "draft_exists");
    const source = versions.find((v) => v.status === "published") ?? versions[0];
    const number = (versions[0]?.version ?? 0) + 1;
    const [created] = await tx.insert(questionnaireVersions).values({ questionnaireId, version: number, status: "draft" }).returning();
    if (source) {
      const list = await tx.select().from(questions).where(eq(questions.versionId, source.id)).orderBy(asc(questions.position));
      if (list.length > 0) {
        await tx.insert(questions).values(
          list.map((q) => ({
            versionId: created!.id,
            key: q.key,
            position: q.position,
            element: q.element,
            kind: q.kind,
            textVi: q.textVi,
            textEn: q.textEn,
            scale: q.scale,
            allowNotApplicable: q.allowNotApplicable,
            required: q.required,
            options: q.options,
            maxLength: q.maxLength,
          })),
        );
      }
    }
    await audit(tx, actor, { action: "questionnaire.draft_created", entity: "questionnaire_version", entityId: created!.id, data: { questionnaireId, version: number, copiedFrom: source?.version ?? null } });
    return { versionId: created!.id, version: number };
  });
}

/**
 * Edits one question of a draft. Published and retired versions are read-only here, and a
 * version with responses is frozen by the database as well (a trigger), so a stored answer
 * never changes meaning.
 */
export async function updateDraftQuestion(db: Db, actor: AdminActor, input: z.input<typeof questionEditSchema>): Promise<void> {
  authorizeGlobal(actor, "manage:questionnaires");
  const data = parseInput(questionEditSchema, input);
  await db.transaction(async (tx) => {
    const [row] = await tx
      .select({ question: questions, status: questionnaireVersions.status })
      .from(questions)
      .innerJoin(questionnaireVersions, eq(questionnaireVersions.id, questions.versionId))
      .where(eq(questions.id, data.questionId))
      .for("update", { of: questionnaireVersions });
    if (!row) throw notFound("question not found");
    if (row.status !== "draft" || (await hasResponses(tx, row.question.versionId))) throw refused("conflict", "version_frozen");
    const q = row.question;
    const options = q.kind === "multi" ? parseOptionLines(data.options ?? "") : q.options;
    const maxLength = q.kind === "text" ? data.maxLength : q.maxLength;
    // "Not applicable" only means something on a rating scale.
    const allowNotApplicable = q.kind === "scale" ? data.allowNotApplicable : false;
    await tx
      .update(questions)
      .set({ textVi: data.textVi, textEn: data.textEn, required: data.required, allowNotApplicable, options, maxLength })
      .where(eq(questions.id, q.id));
    await audit(tx, actor, {
      action: "questionnaire.question_changed",
      entity: "questionnaire_version",
      entityId: q.versionId,
      data: {
        key: q.key,
        before: { textVi: q.textVi, textEn: q.textEn, required: q.required, allowNotApplicable: q.allowNotApplicable, options: q.options, maxLength: q.maxLength },
        after: { textVi: data.textVi, textEn: data.textEn, required: data.required, allowNotApplicable, options, maxLength },
      },
    });
  });
}

/**
 * Publishes a draft: the published version of the same questionnaire is retired in the same
 * transaction, so citizens always get exactly one current version. Conditional updates make a
 * second click a clean conflict.
 */
export async function publishVersion(db: Db, actor: AdminActor, input: { versionId: unknown }): Promise<void> {
  authorizeGlobal(actor, "manage:questionnaires");
  const versionId = positiveId(input.versionId);
  await db.transaction(async (tx) => {
    const [draft] = await tx.select().from(questionnaireVersions).where(eq(questionnaireVersions.id, versionId)).for("update");
    if (!draft) throw notFound("version not found");
    // Serialises publications of one questionnaire.
    await tx.select({ id: questionnaires.id }).from(questionnaires).where(eq(questionnaires.id, draft.questionnaireId)).for("update");
    const [count] = await tx.select({ n: sql<number>`count(*)::int` }).from(questions).where(eq(questions.versionId, versionId));
    if (!count || count.n === 0) throw refused("invalid", "version_empty");
    const retired = await tx
      .update(questionnaireVersions)
      .set({ status: "retired" })
      .where(and(eq(questionnaireVersions.questionnaireId, draft.questionnaireId), eq(questionnaireVersions.status, "published")))
      .returning({ version: questionnaireVersions.version });
    const published = await tx
      .update(questionnaireVersions)
      .set({ status: "published", publishedAt: sql`now()` })
      .where(and(eq(questionnaireVersions.id, versionId), eq(questionnaireVersions.status, "draft")))
      .returning({ id: questionnaireVersions.id });
    if (published.length === 0) throw refused("conflict", "not_a_draft");
    await audit(tx, actor, {
      action: "questionnaire.published",
      entity: "questionnaire_version",
      entityId: versionId,
      data: { questionnaireId: draft.questionnaireId, version: draft.version, retired: retired.map((r) => r.version) },
    });
  });
}

/** Throws a draft away (it has no responses: drafts never receive any). */
export async function discardDraft(db: Db, actor: AdminActor, input: { versionId: unknown }): Promise<void> {
  authorizeGlobal(actor, "manage:questionnaires");
  const versionId = positiveId(input.versionId);
  await db.transaction(async (tx) => {
    const [draft] = await tx
      .select()
      .from(questionnaireVersions)
      .where(and(eq(questionnaireVersions.id, versionId), eq(questionnaireVersions.status, "draft")))
      .for("update");
    if (!draft) throw refused("conflict", "not_a_draft");
    await tx.delete(questions).where(eq(questions.versionId, versionId));
    await tx.delete(questionnaireVersions).where(eq(questionnaireVersions.id, versionId));
    await audit(tx, actor, { action: "questionnaire.draft_discarded", entity: "questionnaire_version", entityId: versionId, data: { version: draft.version } });
  });
}
