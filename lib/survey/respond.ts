import { and, eq, gt, isNull, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { getCurrentVersion, getVersion, type VersionWithQuestions } from "@/db/queries/questionnaires";
import {
  agencies,
  answers,
  dossiers,
  invitations,
  procedures,
  questionnaireVersions,
  responseExpectations,
  responses,
} from "@/db/schema";
import { isUniqueViolation } from "@/lib/errors";
import { SIPAS_QUESTIONNAIRE } from "@/lib/questionnaire/sipas-v1";
import { parseAnswers, type AnswerError, type SurveyValues } from "./answers";
import { hashToken, isWellFormedToken } from "./token";

export type InvitationState = "open" | "answered" | "expired" | "revoked" | "not_found";

export type SurveyContext = {
  invitationId: string;
  agencyName: string;
  procedureName: string | null;
  completedAt: Date | null;
  expiresAt: Date;
};

/** What a citizen's link leads to; no personal data is ever part of it. */
export async function loadSurvey(
  db: Db,
  { token, now = new Date() }: { token: string; now?: Date },
): Promise<{ state: InvitationState; context: SurveyContext | null; version: VersionWithQuestions | null }> {
  if (!isWellFormedToken(token)) return { state: "not_found", context: null, version: null };
  const [row] = await db
    .select({
      invitationId: invitations.id,
      usedAt: invitations.usedAt,
      revokedAt: invitations.revokedAt,
      expiresAt: invitations.expiresAt,
      agencyName: agencies.name,
      procedureName: procedures.name,
      completedAt: dossiers.completedAt,
    })
    .from(invitations)
    .innerJoin(agencies, eq(agencies.id, invitations.agencyId))
    .leftJoin(dossiers, eq(dossiers.id, invitations.dossierId))
    .leftJoin(procedures, eq(procedures.id, dossiers.procedureId))
    .where(eq(invitations.tokenHash, hashToken(token)));
  if (!row) return { state: "not_found", context: null, version: null };
  const context: SurveyContext = {
    invitationId: row.invitationId,
    agencyName: row.agencyName,
    procedureName: row.procedureName,
    completedAt: row.completedAt,
    expiresAt: row.expiresAt,
  };
  const state = stateOf(row, now);
  const version = state === "open" ? await getCurrentVersion(db, { code: SIPAS_QUESTIONNAIRE.code }) : null;
  return { state, context, version };
}

function stateOf(row: { usedAt: Date | null; revokedAt: Date | null; expiresAt: Date }, now: Date): InvitationState {
  // Answered wins over the others: a citizen who answered should hear so, not "expired".
  if (row.usedAt) return "answered";
  if (row.revokedAt) return "revoked";
  if (row.expiresAt.getTime() <= now.getTime()) return "expired";
  return "open";
}

export type SubmitResult =
  | { outcome: "saved"; responseId: number }
  | { outcome: "answered" | "expired" | "revoked" | "not_found" }
  | { outcome: "invalid"; errors: Record<string, AnswerError> }
  | { outcome: "stale_version" };

/**
 * Stores a citizen's answers exactly once. Using up the token and writing the response are one
 * transaction, and the token is claimed by a conditional update (`used_at IS NULL`): of many
 * concurrent submissions one stores, the others see "answered".
 */
export async function submitResponse(
  db: Db,
  input: { token: string; versionId: number; values: SurveyValues; locale: "vi" | "en"; now?: Date },
): Promise<SubmitResult> {
  const now = input.now ?? new Date();
  if (!isWellFormedToken(input.token)) return { outcome: "not_found" };
  const version = await getVersion(db, { versionId: input.versionId });
  if (!version || version.questionnaireCode !== SIPAS_QUESTIONNAIRE.code) return { outcome: "stale_version" };
  const parsed = parseAnswers(version.questions, input.values);
  if (!parsed.ok) return { outcome: "invalid", errors: parsed.errors };
  const tokenHash = hashToken(input.token);

  try {
    return await db.transaction(async (tx) => {
      const [published] = await tx
        .select({ id: questionnaireVersions.id })
        .from(questionnaireVersions)
        .where(and(eq(questionnaireVersions.id, version.id), eq(questionnaireVersions.status, "published")));
      if (!published) return { outcome: "stale_version" } as const;

      const [claimed] = await tx
        .update(invitations)
        .set({ usedAt: now })
        .where(
          and(
            eq(invitations.tokenHash, tokenHash),
            isNull(invitations.usedAt),
            isNull(invitations.revokedAt),
            gt(invitations.expiresAt, now),
          ),
        )
        .returning({
          id: invitations.id,
          agencyId: invitations.agencyId,
          dossierId: invitations.dossierId,
          deskId: invitations.deskId,
          channel: invitations.channel,
        });
      if (!claimed) {
        const [row] = await tx
          .select({ usedAt: invitations.usedAt, revokedAt: invitations.revokedAt, expiresAt: invitations.expiresAt })
          .from(invitations)
          .where(eq(invitations.tokenHash, tokenHash));
        return { outcome: row ? stateOf(row, now) : "not_found" } as { outcome: "answered" | "expired" | "revoked" | "not_found" };
      }

      // Who and what is rated comes from the dossier on the server, never from the form.
      const [dossier] = claimed.dossierId
        ? await tx
            .select({ procedureId: dossiers.procedureId, officerId: dossiers.officerId, deskId: dossiers.deskId })
            .from(dossiers)
            .where(eq(dossiers.id, claimed.dossierId))
        : [];
      const [response] = await tx
        .insert(responses)
        .values({
          invitationId: claimed.id,
          versionId: version.id,
          agencyId: claimed.agencyId,
          dossierId: claimed.dossierId,
          procedureId: dossier?.procedureId ?? null,
          officerId: dossier?.officerId ?? null,
          deskId: dossier?.deskId ?? claimed.deskId,
          channel: claimed.channel,
          verified: claimed.dossierId != null,
          locale: input.locale,
          comment: parsed.value.comment,
          submittedAt: now,
        })
        .returning({ id: responses.id });
      const responseId = response!.id;
      if (parsed.value.scale.length > 0) {
        await tx
          .insert(answers)
          .values(parsed.value.scale.map((a) => ({ responseId, questionKey: a.key, element: a.element, value: a.value })));
      }
      if (parsed.value.expectations.length > 0) {
        await tx
          .insert(responseExpectations)
          .values(parsed.value.expectations.map((optionKey) => ({ responseId, optionKey })));
      }
      return { outcome: "saved", responseId } as const;
    });
  } catch (err) {
    // The unique index on responses.invitation_id is the last line of defence.
    if (isUniqueViolation(err)) return { outcome: "answered" };
    throw err;
  }
}

/** Number of stored responses for an invitation: used by tests and the desk's status view. */
export async function responseCountForInvitation(db: Db, { invitationId }: { invitationId: string }) {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(responses)
    .where(eq(responses.invitationId, invitationId));
  return row?.n ?? 0;
}
