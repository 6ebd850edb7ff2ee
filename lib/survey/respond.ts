import { eq, sql, type SQL } from "drizzle-orm";
import { rows, type Db } from "@/db/client";
import { getCurrentVersion, getVersion, type VersionWithQuestions } from "@/db/queries/questionnaires";
import {
  agencies,
  dossiers,
  invitations,
  procedures,
  responses,
  type Channel,
} from "@/db/schema";
import { caseOpeningCtes, isReferenceCollision, prepareCaseOpening, withNewReference, type CaseOpening, type FollowUp } from "@/lib/cases/opening";
import { isUniqueViolation } from "@/lib/errors";
import { kickDelivery } from "@/lib/notify/deliver";
import { windowStart, type RateLimit } from "@/lib/rate-limit";
import { SIPAS_QUESTIONNAIRE } from "@/lib/questionnaire/sipas-v1";
import { now as clockNow } from "@/lib/time/clock";
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
  { token, now = clockNow() }: { token: string; now?: Date },
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
  | { outcome: "saved"; responseId: number; followUp: FollowUp | null }
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

/** The row a stored sheet is about: where it was given, through what, and whether it is verified. */
export type SheetOrigin = {
  invitation_id: string | null;
  agency_id: number;
  dossier_id: number | null;
  procedure_id: number | null;
  officer_id: number | null;
  desk_id: number | null;
  channel: Channel;
  standing_code_id: number | null;
  verified: boolean;
};

/** True while the version is the one citizens may answer (not a draft, not retired). */
export function isPublishedVersion(versionId: number): SQL {
  return sql`exists (select 1 from questionnaire_versions qv where qv.id = ${versionId} and qv.status = 'published')`;
}

const iso = (d: Date) => sql`${d.toISOString()}::timestamptz`;

/**
 * One statement that stores an answer sheet: the response (with its dossier's timeliness, for the breakdown counters), one row per valid answer, the
 * expectations ticked, the contact details (a table of their own, so that answers stay
 * anonymous) and, when `opening` says so, the follow-up case with its first event, its audit row
 * and the citizen's acknowledgement mail (lib/cases/opening.ts). `origin` is a list of CTEs ending
 * in one named `origin` with the columns of {@link SheetOrigin}; when it yields no row nothing is
 * written and no id is returned.
 *
 * A single statement is a single round trip and its own transaction: the rollup counters
 * (decision 006) are locked only for the commit itself, so answers to one agency do not queue.
 */
export function storeSheet(
  origin: SQL,
  input: { versionId: number; parsed: ParsedAnswers; locale: "vi" | "en"; contact: ConsentedContact | null; now: Date; opening?: CaseOpening | null },
): SQL {
  const { scale, expectations, comment } = input.parsed;
  const contact = input.contact && (input.contact.phone || input.contact.email) ? input.contact : null;
  return sql`with ${origin},
    r as (
      insert into responses (invitation_id, version_id, agency_id, dossier_id, procedure_id, officer_id, desk_id, channel, standing_code_id, verified, timeliness, locale, comment, submitted_at)
      select o.invitation_id, ${input.versionId}, o.agency_id, o.dossier_id, o.procedure_id, o.officer_id, o.desk_id, o.channel, o.standing_code_id, o.verified,
             coalesce(hl_timeliness(d.due_at, d.completed_at), 0), ${input.locale}, ${comment}, ${iso(input.now)}
      from origin o left join dossiers d on d.id = o.dossier_id
      returning id
    ), a as (
      insert into answers (response_id, question_key, element, value)
      select r.id, t.k, t.e, t.v from r, unnest(${sql.param(scale.map((x) => x.key))}::text[], ${sql.param(scale.map((x) => x.element))}::text[],
                                                ${sql.param(scale.map((x) => x.value))}::int2[]) as t(k, e, v)
    ), x as (
      insert into response_expectations (response_id, option_key)
      select r.id, t.o from r, unnest(${sql.param(expectations)}::text[]) as t(o)
    ), c as (
      insert into contacts (response_id, phone, email, consent_text, consented_at, delete_after)
      select r.id, ${contact?.phone ?? null}, ${contact?.email ?? null}, ${contact?.consentText ?? ""}, ${iso(input.now)}, ${iso(contactDeleteAfter(input.now))}
      from r where ${contact !== null}
      returning id, email
    )${caseOpeningCtes(input.opening ?? null, input.now)}
    select r.id::int as id, ${input.opening ? sql`(select k.id::int from k)` : sql`null::int`} as case_id from r`;
}

/** A stored sheet, and the case it opened if any. */
export type StoredSheet = { responseId: number; followUp: FollowUp | null; mailQueued: boolean };

// Two references colliding twice in a row is already beyond belief; a third try is only insurance.
const REFERENCE_TRIES = 3;

/**
 * Runs a sheet's statement, opening its case if the rule says so. A collision of case references
 * (unique index) fails the whole statement, which rolls back as a whole (claim of the link
 * included), so running it again under a new reference is safe.
 */
export async function runSheetStatement(
  db: Db,
  origin: SQL,
  input: { versionId: number; parsed: ParsedAnswers; locale: "vi" | "en"; contact: ConsentedContact | null; now: Date },
): Promise<StoredSheet | null> {
  const contact = input.contact && (input.contact.phone || input.contact.email) ? input.contact : null;
  let opening = await prepareCaseOpening(db, { parsed: input.parsed, contact, locale: input.locale, now: input.now });
  for (let attempt = 1; ; attempt++) {
    try {
      const [stored] = await rows<{ id: number; case_id: number | null }>(db, storeSheet(origin, { ...input, opening }));
      if (!stored) return null;
      const caseId = stored.case_id === null || stored.case_id === undefined ? null : Number(stored.case_id);
      const followUp = caseId !== null && opening ? { caseId, reference: opening.reference, statusToken: opening.statusToken, replyDueOn: opening.replyDueOn } : null;
      const mailQueued = followUp !== null && Boolean(contact?.email);
      if (mailQueued) kickDelivery();
      return { responseId: Number(stored.id), followUp, mailQueued };
    } catch (err) {
      if (!opening || attempt >= REFERENCE_TRIES || !isReferenceCollision(err)) throw err;
      opening = withNewReference(opening);
    }
  }
}

/**
 * Claims the link and stores the sheet in one statement: the conditional update (`used_at IS
 * NULL`, not revoked, not expired, the version still published, the client not over `unlessLimited`)
 * uses up the token only together with the response it belongs to. Of many concurrent
 * submissions one stores; the others find the token used. Null when nothing was stored.
 */
export async function storeInvitationSheet(
  db: Db,
  input: {
    tokenHash: string;
    versionId: number;
    parsed: ParsedAnswers;
    locale: "vi" | "en";
    contact: ConsentedContact | null;
    now: Date;
    unlessLimited?: RateLimit;
  },
): Promise<StoredSheet | null> {
  const limit = input.unlessLimited;
  const notLimited = limit
    ? sql`and not exists (select 1 from rate_limits l where l.key = ${limit.key} and l.window_start = ${iso(windowStart(input.now, limit.windowSeconds))}
                          and l.count >= ${limit.limit})`
    : sql``;
  // Who and what is rated comes from the dossier on the server, never from the form.
  const origin = sql`claimed as (
      update invitations set used_at = ${iso(input.now)}
      where token_hash = ${input.tokenHash} and used_at is null and revoked_at is null and expires_at > ${iso(input.now)}
        and ${isPublishedVersion(input.versionId)} ${notLimited}
      returning id, agency_id, dossier_id, desk_id, channel
    ), origin as (
      select c.id as invitation_id, c.agency_id, c.dossier_id, d.procedure_id, d.officer_id, coalesce(d.desk_id, c.desk_id) as desk_id,
             c.channel, null::int as standing_code_id, c.dossier_id is not null as verified
      from claimed c left join dossiers d on d.id = c.dossier_id
    )`;
  return runSheetStatement(db, origin, input);
}

/**
 * Stores a citizen's answers exactly once (see {@link storeInvitationSheet}). When nothing was
 * stored, says why: the version changed, or the link is answered, revoked, expired or unknown.
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
  const now = input.now ?? clockNow();
  if (!isWellFormedToken(input.token)) return { outcome: "not_found" };
  const checked = await checkAnswers(db, input);
  if (!checked.ok) return checked.result;
  const tokenHash = hashToken(input.token);
  try {
    const stored = await storeInvitationSheet(db, {
      tokenHash,
      versionId: checked.version.id,
      parsed: checked.parsed,
      locale: input.locale,
      contact: input.contact ?? null,
      now,
    });
    if (stored !== null) return { outcome: "saved", responseId: stored.responseId, followUp: stored.followUp };
  } catch (err) {
    // The unique index on responses.invitation_id is the last line of defence.
    if (isUniqueViolation(err)) return { outcome: "answered" };
    throw err;
  }
  // Nothing stored: the link is unknown, answered, revoked or expired, or else (the link still
  // open) the version was withdrawn after the answers were checked.
  const state = await invitationState(db, { token: input.token, now });
  return { outcome: state === "open" ? "stale_version" : state };
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
export async function invitationState(db: Db, { token, now = clockNow() }: { token: string; now?: Date }): Promise<InvitationState> {
  if (!isWellFormedToken(token)) return "not_found";
  const [row] = await db
    .select({ usedAt: invitations.usedAt, revokedAt: invitations.revokedAt, expiresAt: invitations.expiresAt })
    .from(invitations)
    .where(eq(invitations.tokenHash, hashToken(token)));
  return row ? stateOf(row, now) : "not_found";
}
