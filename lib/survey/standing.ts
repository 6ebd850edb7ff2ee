import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { getCurrentVersion, type VersionWithQuestions } from "@/db/queries/questionnaires";
import { agencies, desks, standingCodes } from "@/db/schema";
import { hitRateLimit, type RateLimit } from "@/lib/rate-limit";
import { now as clockNow } from "@/lib/time/clock";
import { SIPAS_QUESTIONNAIRE } from "@/lib/questionnaire/sipas-v1";
import type { SurveyValues } from "./answers";
import { checkAnswers, isPublishedVersion, runSheetStatement, type ConsentedContact, type SubmitResult } from "./respond";

// Printed on posters: short, unambiguous, and never a path or anything else.
const CODE_PATTERN = /^[A-Za-z0-9_-]{4,32}$/;

// One person rates one visit; a few more per hour allows a family sharing one phone.
const PER_CLIENT_PER_HOUR = 5;
// A busy one-stop desk hands over about a hundred results a day; more standing-QR answers than
// this in an hour from one desk are a burst to stop (domain §6: staff filling in for citizens).
const PER_CODE_PER_HOUR = 60;
const HOUR = 3600;

export function isWellFormedStandingCode(code: string): boolean {
  return CODE_PATTERN.test(code);
}

export type StandingContext = { id: number; agencyId: number; deskId: number | null; agencyName: string; deskName: string | null; label: string };

export type StandingState = "open" | "not_found";

/** A standing QR that can be answered: known and active. Inactive codes read as unknown. */
export async function loadStanding(
  db: Db,
  { code }: { code: string },
): Promise<{ state: StandingState; context: StandingContext | null; version: VersionWithQuestions | null }> {
  if (!isWellFormedStandingCode(code)) return { state: "not_found", context: null, version: null };
  const [row] = await db
    .select({
      id: standingCodes.id,
      agencyId: standingCodes.agencyId,
      deskId: standingCodes.deskId,
      label: standingCodes.label,
      agencyName: agencies.name,
      deskName: desks.name,
    })
    .from(standingCodes)
    .innerJoin(agencies, eq(agencies.id, standingCodes.agencyId))
    .leftJoin(desks, eq(desks.id, standingCodes.deskId))
    .where(and(eq(standingCodes.code, code), eq(standingCodes.active, true)));
  if (!row) return { state: "not_found", context: null, version: null };
  const version = await getCurrentVersion(db, { code: SIPAS_QUESTIONNAIRE.code });
  return { state: "open", context: row, version };
}

export function standingLimits(code: string, client: string): RateLimit[] {
  return [
    { key: `standing:client:${code}:${client}`, limit: PER_CLIENT_PER_HOUR, windowSeconds: HOUR },
    { key: `standing:code:${code}`, limit: PER_CODE_PER_HOUR, windowSeconds: HOUR },
  ];
}

export type StandingSubmitResult = Exclude<SubmitResult, { outcome: "answered" | "expired" | "revoked" }> | { outcome: "rate_limited"; retryAfterSeconds: number };

/**
 * Stores an answer sheet from a standing QR: no dossier and no single-use token, so it is marked
 * unverified and counted against limits per client and per code (so per desk). Agency and desk
 * come from the code on the server. Only a valid sheet is counted, so a citizen's typing
 * mistakes do not use up the limit.
 */
export async function submitStandingResponse(
  db: Db,
  input: {
    code: string;
    versionId: number;
    values: SurveyValues;
    locale: "vi" | "en";
    client: string;
    contact?: ConsentedContact | null;
    now?: Date;
  },
): Promise<StandingSubmitResult> {
  const now = input.now ?? clockNow();
  const standing = await loadStanding(db, { code: input.code });
  if (standing.state !== "open" || !standing.context) return { outcome: "not_found" };
  const checked = await checkAnswers(db, input);
  if (!checked.ok) return checked.result as StandingSubmitResult;
  for (const limit of standingLimits(input.code, input.client)) {
    const hit = await hitRateLimit(db, limit, now);
    if (!hit.allowed) return { outcome: "rate_limited", retryAfterSeconds: hit.retryAfterSeconds };
  }
  const context = standing.context;
  const origin = sql`origin as (
      select null::uuid as invitation_id, ${context.agencyId}::int as agency_id, null::bigint as dossier_id, null::int as procedure_id,
             null::int as officer_id, ${context.deskId}::int as desk_id, 'standing_qr' as channel, ${context.id}::int as standing_code_id,
             false as verified
      where ${isPublishedVersion(checked.version.id)}
    )`;
  // Unverified: the case rule opens a case here only with consented contact details.
  const stored = await runSheetStatement(db, origin, { versionId: checked.version.id, parsed: checked.parsed, locale: input.locale, contact: input.contact ?? null, now });
  // Only a version withdrawn since the check above leaves nothing stored.
  if (!stored) return { outcome: "stale_version" };
  return { outcome: "saved", responseId: stored.responseId, followUp: stored.followUp };
}
