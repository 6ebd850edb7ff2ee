import { and, eq, gt, isNull, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { getCurrentVersion, getVersion, type VersionWithQuestions } from "@/db/queries/questionnaires";
import {
  agencies,
  answers,
  contacts,
  dossiers,
  invitations,
  procedures,
  questionnaireVersions,
  responseExpectations,
  responses,
  type Channel,
} from "@/db/schema";
import { isUniqueViolation } from "@/lib/errors";
import { SIPAS_QUESTIONNAIRE } from "@/lib/questionnaire/sipas-v1";
import { parseAnswers, type AnswerError, type ParsedAnswers, type SurveyValues } from "./answers";
import { contactDeleteAfter } from "./contact";
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

/** Contact details the citizen consented to leave, already validated; `consentText` is what they agreed to. */
export type ConsentedContact = { phone: string | null; email: string | null; consentText: string };

/** The published version a citizen answered, with the answers checked against it. */
export async function checkAnswers(
  db: Db,
  input: { versionId: number; values: SurveyValues },
): Promise<{ ok: true; version: VersionWithQuestions; parsed: ParsedAnswers } | { ok: false; result: SubmitResult }> {
  const version = Number.isInteger(input.versionId) && input.versionId > 0 ? await getVersion(db, { versionId: input.versionId }) : null;
  if (!version || version.questionnaireCode !== SIPAS_QUESTIONNAIRE.code) return { ok: false, result: { outcome: "stale_version" } };
  const parsed = parseAnswers(version.questions, input.values);
  if (!parsed.ok) return { ok: false, result: { outcome: "invalid", errors: parsed.errors } };
  return { ok: true, version, parsed: parsed.value };
}

/**
 * Writes one answer sheet inside the caller's transaction: the response, one row per valid
 * answer, the expectations ticked, and the contact details (a table of their own, so that
 * answers stay anonymous). Each table gets one multi-row insert.
 */
export async function insertResponse(
  tx: Db,
  input: {
    versionId: number;
    parsed: ParsedAnswers;
    agencyId: number;
    invitationId: string | null;
    dossierId: number | null;
    procedureId: number | null;
    officerId: number | null;
    deskId: number | null;
    channel: Channel;
    standingCodeId: number | null;
    verified: boolean;
    locale: "vi" | "en";
    contact: ConsentedContact | null;
    now: Date;
  },
): Promise<number> {
  const [response] = await tx
    .insert(responses)
    .values({
      invitationId: input.invitationId,
      versionId: input.versionId,
      agencyId: input.agencyId,
      dossierId: input.dossierId,
      procedureId: input.procedureId,
      officerId: input.officerId,
      deskId: input.deskId,
      channel: input.channel,
      standingCodeId: input.standingCodeId,
      verified: input.verified,
      locale: input.locale,
      comment: input.parsed.comment,
      submittedAt: input.now,
    })
    .returning({ id: responses.id });
  const responseId = response!.id;
  if (input.parsed.scale.length > 0) {
    await tx
      .insert(answers)
      .values(input.parsed.scale.map((a) => ({ responseId, questionKey: a.key, element: a.element, value: a.value })));
  }
  if (input.parsed.expectations.length > 0) {
    await tx.insert(responseExpectations).values(input.parsed.expectations.map((optionKey) => ({ responseId, optionKey })));
  }
  if (input.contact && (input.contact.phone || input.contact.email)) {
    await tx.insert(contacts).values({
      responseId,
      phone: input.contact.phone,
      email: input.contact.email,
      consentText: input.contact.consentText,
      consentedAt: input.now,
      deleteAfter: contactDeleteAfter(input.now),
    });
  }
  return responseId;
}

/**
 * Stores a citizen's answers exactly once. Using up the token and writing the response are one
 * transaction, and the token is claimed by a conditional update (`used_at IS NULL`): of many
 * concurrent submissions one stores, the others see "answered".
 */
export async function submitResponse(
  db: Db,
  input: {
    token: string;
    versionId: number;
    values: SurveyValues;
    locale: "vi" | "en";
    contact?: ConsentedContact | null;
    now?: Date;
  },
): Promise<SubmitResult> {
  const now = input.now ?? new Date();
  if (!isWellFormedToken(input.token)) return { outcome: "not_found" };
  const checked = await checkAnswers(db, input);
  if (!checked.ok) return checked.result;
  const { version, parsed } = checked;
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
      const responseId = await insertResponse(tx as unknown as Db, {
        versionId: version.id,
        parsed,
        agencyId: claimed.agencyId,
        invitationId: claimed.id,
        dossierId: claimed.dossierId,
        procedureId: dossier?.procedureId ?? null,
        officerId: dossier?.officerId ?? null,
        deskId: dossier?.deskId ?? claimed.deskId,
        channel: claimed.channel,
        standingCodeId: null,
        verified: claimed.dossierId != null,
        locale: input.locale,
        contact: input.contact ?? null,
        now,
      });
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

/** The state of a link without loading its questionnaire: the first checks of a submission. */
export async function invitationState(db: Db, { token, now = new Date() }: { token: string; now?: Date }): Promise<InvitationState> {
  if (!isWellFormedToken(token)) return "not_found";
  const [row] = await db
    .select({ usedAt: invitations.usedAt, revokedAt: invitations.revokedAt, expiresAt: invitations.expiresAt })
    .from(invitations)
    .where(eq(invitations.tokenHash, hashToken(token)));
  return row ? stateOf(row, now) : "not_found";
}
