import { and, asc, desc, eq } from "drizzle-orm";
import type { Db } from "../client";
import { questionnaires, questionnaireVersions, questions, type Question, type QuestionOption } from "../schema";

export type QuestionInput = {
  key: string;
  element: string;
  kind: "scale" | "multi" | "text";
  textVi: string;
  textEn: string;
  scale?: number;
  allowNotApplicable?: boolean;
  required?: boolean;
  options?: QuestionOption[];
  maxLength?: number;
};

/** Creates a questionnaire (if new) and a published version with its questions. */
export async function createPublishedVersion(
  db: Db,
  input: { code: string; name: string; nameEn: string; questions: QuestionInput[] },
): Promise<{ questionnaireId: number; versionId: number; version: number }> {
  return db.transaction(async (tx) => {
    await tx
      .insert(questionnaires)
      .values({ code: input.code, name: input.name, nameEn: input.nameEn })
      .onConflictDoNothing({ target: questionnaires.code });
    const [q] = await tx.select().from(questionnaires).where(eq(questionnaires.code, input.code));
    const [last] = await tx
      .select({ version: questionnaireVersions.version })
      .from(questionnaireVersions)
      .where(eq(questionnaireVersions.questionnaireId, q!.id))
      .orderBy(desc(questionnaireVersions.version))
      .limit(1);
    const version = (last?.version ?? 0) + 1;
    const [v] = await tx
      .insert(questionnaireVersions)
      .values({ questionnaireId: q!.id, version, status: "published", publishedAt: new Date() })
      .returning();
    await tx.insert(questions).values(
      input.questions.map((question, i) => ({
        versionId: v!.id,
        key: question.key,
        position: i + 1,
        element: question.element,
        kind: question.kind,
        textVi: question.textVi,
        textEn: question.textEn,
        scale: question.scale ?? null,
        allowNotApplicable: question.allowNotApplicable ?? false,
        required: question.required ?? false,
        options: question.options ?? null,
        maxLength: question.maxLength ?? null,
      })),
    );
    return { questionnaireId: q!.id, versionId: v!.id, version };
  });
}

export type VersionWithQuestions = {
  id: number;
  version: number;
  questionnaireCode: string;
  questions: Question[];
};

/** The newest published version of a questionnaire, with its questions in order. */
export async function getCurrentVersion(db: Db, { code }: { code: string }): Promise<VersionWithQuestions | null> {
  const [v] = await db
    .select({ id: questionnaireVersions.id, version: questionnaireVersions.version })
    .from(questionnaireVersions)
    .innerJoin(questionnaires, eq(questionnaires.id, questionnaireVersions.questionnaireId))
    .where(and(eq(questionnaires.code, code), eq(questionnaireVersions.status, "published")))
    .orderBy(desc(questionnaireVersions.version))
    .limit(1);
  if (!v) return null;
  const list = await db.select().from(questions).where(eq(questions.versionId, v.id)).orderBy(asc(questions.position));
  return { ...v, questionnaireCode: code, questions: list };
}

// Published and retired versions never change (only drafts are edited, and a trigger freezes
// any version with responses), and every submission checks its answers against one: keep them
// per database instead of reading them twice per answer sheet.
const frozenVersions = new WeakMap<object, Map<number, VersionWithQuestions>>();

export async function getVersion(db: Db, { versionId }: { versionId: number }): Promise<VersionWithQuestions | null> {
  const cached = frozenVersions.get(db)?.get(versionId);
  if (cached) return cached;
  const [v] = await db
    .select({ id: questionnaireVersions.id, version: questionnaireVersions.version, code: questionnaires.code, status: questionnaireVersions.status })
    .from(questionnaireVersions)
    .innerJoin(questionnaires, eq(questionnaires.id, questionnaireVersions.questionnaireId))
    .where(eq(questionnaireVersions.id, versionId));
  if (!v) return null;
  const list = await db.select().from(questions).where(eq(questions.versionId, v.id)).orderBy(asc(questions.position));
  const version = { id: v.id, version: v.version, questionnaireCode: v.code, questions: list };
  if (v.status !== "draft") {
    const byId = frozenVersions.get(db) ?? new Map<number, VersionWithQuestions>();
    byId.set(versionId, version);
    frozenVersions.set(db, byId);
  }
  return version;
}
