import { asc, desc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../client";
import { questionnaires, questionnaireVersions, questions, type Question } from "../schema";

export type VersionSummary = {
  id: number;
  version: number;
  status: "draft" | "published" | "retired";
  publishedAt: Date | null;
  createdAt: Date;
  responses: number;
  questions: Question[];
};

/** Every questionnaire with its versions (newest first), their questions and response counts. */
export async function questionnairesWithVersions(db: Db) {
  const list = await db.select().from(questionnaires).orderBy(asc(questionnaires.id));
  const versions = await db
    .select({
      id: questionnaireVersions.id,
      questionnaireId: questionnaireVersions.questionnaireId,
      version: questionnaireVersions.version,
      status: questionnaireVersions.status,
      publishedAt: questionnaireVersions.publishedAt,
      createdAt: questionnaireVersions.createdAt,
      // Aliased: inside a subquery Drizzle leaves column names unqualified.
      responses: sql<number>`(select count(*)::int from responses r where r.version_id = questionnaire_versions.id)`,
    })
    .from(questionnaireVersions)
    .orderBy(desc(questionnaireVersions.version));
  const ids = versions.map((v) => v.id);
  const qs = ids.length ? await db.select().from(questions).where(inArray(questions.versionId, ids)).orderBy(asc(questions.position)) : [];
  return list.map((q) => ({
    ...q,
    versions: versions
      .filter((v) => v.questionnaireId === q.id)
      .map((v): VersionSummary => ({ ...v, questions: qs.filter((x) => x.versionId === v.id) })),
  }));
}

export async function questionById(db: Db, { questionId }: { questionId: number }) {
  const [row] = await db
    .select({ question: questions, status: questionnaireVersions.status, version: questionnaireVersions.version })
    .from(questions)
    .innerJoin(questionnaireVersions, eq(questionnaireVersions.id, questions.versionId))
    .where(eq(questions.id, questionId));
  return row ?? null;
}
