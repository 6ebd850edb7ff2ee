import crypto from "node:crypto";
import { z } from "zod";
import type { Db } from "@/db/client";
import { isUniqueViolation } from "@/lib/errors";
import { hitRateLimit, isRateLimited, type RateLimit } from "@/lib/rate-limit";
import { now as clockNow } from "@/lib/time/clock";
import { en } from "@/lib/i18n/messages/en";
import { vi } from "@/lib/i18n/messages/vi";
import type { SurveyValues } from "./answers";
import { parseContact, type ContactInput } from "./contact";
import { checkAnswers, invitationState, storeInvitationSheet, submitResponse, type ConsentedContact, type StoredSheet, type SubmitResult } from "./respond";
import { loadStanding, submitStandingResponse, type StandingSubmitResult } from "./standing";
import { hashToken, isWellFormedToken } from "./token";

type Locale = "vi" | "en";

/** What the survey page shows after a post: the answers given so far and what is wrong with them. */
export type SurveyDraft = {
  status: "idle" | "invalid" | "stale";
  /** By question key; `contact` for the follow-up block, `form` for the form as a whole. */
  errors: Record<string, string>;
  values: SurveyValues;
  contact: ContactInput;
};

export type SurveyPageState = "not_found" | "expired" | "revoked" | "answered" | "rate_limited";

/** What the thank-you page right after a sheet that opened a case shows, and only that page. */
export type FollowUpView = { reference: string; statusToken: string; replyDueOn: string };

export type PostOutcome =
  | { kind: "thanks"; status: 303 }
  // The case's reference and status link are shown in the answer to this post only: rendered
  // from the signed view, never from a page a later visit (the survey link again) can reach.
  | { kind: "thanks"; status: 200; followUp: FollowUpView }
  | { kind: "form"; status: number; draft: SurveyDraft; switchTo?: Locale }
  | { kind: "state"; status: number; state: SurveyPageState; retryAfterSeconds?: number };

export const EMPTY_DRAFT: SurveyDraft = { status: "idle", errors: {}, values: {}, contact: { consent: false, phone: "", email: "" } };

// A whole questionnaire posts a few kilobytes (the comment is at most 2 000 characters, up to
// 4 bytes each once encoded); 32 KB is far above any real answer and bounds what we parse.
export const MAX_BODY_BYTES = 32 * 1024;
// Eight questions, eight expectation options and three contact fields: 64 leaves room.
const MAX_FIELDS = 64;
// No single answer, the comment included, comes near this once decoded.
const MAX_FIELD_CHARS = 8000;

const FIXED_FIELDS = new Set(["version", "intent", "contact.consent", "contact.phone", "contact.email"]);

// Ten wrong links in ten minutes is more than any citizen mistyping one; a guesser is slowed to
// a crawl (128-bit tokens make guessing hopeless anyway; this keeps the database quiet).
const GUESSES_PER_WINDOW = 10;
const GUESS_WINDOW_SECONDS = 600;

export function guessLimit(client: string): RateLimit {
  return { key: `survey:guess:${client}`, limit: GUESSES_PER_WINDOW, windowSeconds: GUESS_WINDOW_SECONDS };
}

type ReadForm =
  | { ok: true; intent: "submit" | { lang: Locale }; versionId: number; values: SurveyValues; contact: ContactInput }
  | { ok: false; error: "malformed" | "unexpected_field"; values: SurveyValues; contact: ContactInput };

/**
 * Reads a posted survey form. Only the fields the form has are accepted: anything else is a
 * forged or broken post and is refused as a whole, with the answers kept for the citizen.
 */
export function readSurveyForm(fields: Iterable<[string, string]>): ReadForm {
  const values: SurveyValues = {};
  const contact: ContactInput = { consent: false, phone: "", email: "" };
  let intent: "submit" | { lang: Locale } = "submit";
  let version = "";
  let count = 0;
  let error: "malformed" | "unexpected_field" | null = null;
  for (const [name, value] of fields) {
    if (++count > MAX_FIELDS || value.length > MAX_FIELD_CHARS) {
      error = "malformed";
      break;
    }
    if (name.startsWith("q.")) {
      const key = name.slice(2);
      const previous = values[key];
      if (previous === undefined) values[key] = value;
      else values[key] = Array.isArray(previous) ? [...previous, value] : [previous, value];
    } else if (!FIXED_FIELDS.has(name)) {
      error ??= "unexpected_field";
    } else if (name === "version") version = value;
    else if (name === "intent") {
      if (value === "lang:vi" || value === "lang:en") intent = { lang: value.slice(5) as Locale };
      else if (value !== "submit") error ??= "unexpected_field";
    } else if (name === "contact.consent") contact.consent = value === "yes";
    else if (name === "contact.phone") contact.phone = value;
    else if (name === "contact.email") contact.email = value;
  }
  if (error) return { ok: false, error, values, contact };
  const versionId = /^\d{1,9}$/.test(version) ? Number(version) : -1;
  return { ok: true, intent, versionId, values, contact };
}

export function consentText(locale: Locale): string {
  return (locale === "en" ? en : vi).survey.contact.consent;
}

/** The contact block checked, with the consent text the citizen agreed to in their language. */
function consentedContact(input: ContactInput, locale: Locale): { ok: true; contact: ConsentedContact | null } | { ok: false; error: string } {
  const parsed = parseContact(input);
  if (!parsed.ok) return { ok: false, error: parsed.error };
  return { ok: true, contact: parsed.value ? { ...parsed.value, consentText: consentText(locale) } : null };
}

function invalidForm(read: { values: SurveyValues; contact: ContactInput }, errors: Record<string, string>, status: number): PostOutcome {
  return { kind: "form", status, draft: { status: "invalid", errors, values: read.values, contact: read.contact } };
}

/** Contact details checked first, so that one round trip reports every problem on the sheet. */
async function contactOrErrors(
  db: Db,
  read: Extract<ReadForm, { ok: true }>,
  locale: Locale,
): Promise<{ ok: true; contact: ConsentedContact | null } | { ok: false; outcome: PostOutcome }> {
  const contact = consentedContact(read.contact, locale);
  if (contact.ok) return contact;
  const answers = await checkAnswers(db, read);
  const errors: Record<string, string> = { contact: contact.error };
  if (!answers.ok && answers.result.outcome === "invalid") Object.assign(errors, answers.result.errors);
  return { ok: false, outcome: invalidForm(read, errors, 422) };
}

/** The HTTP answer to a stored, refused or stale sheet (docs/decisions/005-survey-form-endpoint.md). */
function outcomeOf(result: SubmitResult | StandingSubmitResult, read: Extract<ReadForm, { ok: true }>): PostOutcome {
  switch (result.outcome) {
    case "saved":
      if (result.followUp) {
        const { reference, statusToken, replyDueOn } = result.followUp;
        return { kind: "thanks", status: 200, followUp: { reference, statusToken, replyDueOn } };
      }
      return { kind: "thanks", status: 303 };
    case "answered":
      // A repeat submission shows the same thank-you page and stores nothing (domain §6).
      return { kind: "thanks", status: 303 };
    case "invalid":
      return invalidForm(read, result.errors, 422);
    case "stale_version":
      // The questionnaire changed under the citizen: answers of the old version are not carried over.
      return { kind: "form", status: 409, draft: { ...EMPTY_DRAFT, status: "stale", contact: read.contact } };
    case "rate_limited":
      return { kind: "state", status: 429, state: "rate_limited", retryAfterSeconds: result.retryAfterSeconds };
    case "expired":
    case "revoked":
      return { kind: "state", status: 410, state: result.outcome };
    case "not_found":
      return { kind: "state", status: 404, state: "not_found" };
  }
}

/**
 * A post to a single-use survey link, checked in order: the link's shape, the client's guessing
 * limit, the link itself (unknown, answered, revoked, expired), the form, then the answers. Each
 * refusal has its own status and page; nothing is written unless the whole sheet is valid.
 */
export async function postInvitationSurvey(
  db: Db,
  input: { token: string; fields: Iterable<[string, string]>; locale: Locale; client: string; now?: Date },
): Promise<PostOutcome> {
  const now = input.now ?? clockNow();
  if (!isWellFormedToken(input.token)) return { kind: "state", status: 404, state: "not_found" };
  const limit = guessLimit(input.client);
  const read = readSurveyForm(input.fields);
  const atOnce = await storedAtOnce(db, { token: input.token, read, locale: input.locale }, limit, now);
  if (atOnce && read.ok) return outcomeOf({ outcome: "saved", responseId: atOnce.responseId, followUp: atOnce.followUp }, read);
  const blocked = await isRateLimited(db, limit, now);
  if (!blocked.allowed) return { kind: "state", status: 429, state: "rate_limited", retryAfterSeconds: blocked.retryAfterSeconds };
  const state = await invitationState(db, { token: input.token, now });
  if (state === "not_found") {
    await hitRateLimit(db, limit, now);
    return { kind: "state", status: 404, state: "not_found" };
  }
  if (state === "answered") return { kind: "thanks", status: 303 };
  if (state !== "open") return { kind: "state", status: 410, state };

  if (!read.ok) return invalidForm(read, { form: read.error }, 400);
  if (read.intent !== "submit") return { kind: "form", status: 200, draft: { ...EMPTY_DRAFT, values: read.values, contact: read.contact }, switchTo: read.intent.lang };
  const contact = await contactOrErrors(db, read, input.locale);
  if (!contact.ok) return contact.outcome;
  const result = await submitResponse(db, {
    token: input.token,
    versionId: read.versionId,
    values: read.values,
    locale: input.locale,
    contact: contact.contact,
    now,
  });
  return outcomeOf(result, read);
}

/**
 * The common case in one statement: a complete, valid sheet on an open link from a client within
 * its limit is stored by the same statement that checks all of that. Anything else (nothing
 * stored) goes through the checks one by one, in order, to say exactly what is wrong.
 */
async function storedAtOnce(
  db: Db,
  input: { token: string; read: ReadForm; locale: Locale },
  limit: RateLimit,
  now: Date,
): Promise<StoredSheet | null> {
  const read = input.read;
  if (!read.ok || read.intent !== "submit") return null;
  const contact = consentedContact(read.contact, input.locale);
  if (!contact.ok) return null;
  const answers = await checkAnswers(db, read);
  if (!answers.ok) return null;
  try {
    return await storeInvitationSheet(db, {
      tokenHash: hashToken(input.token),
      versionId: answers.version.id,
      parsed: answers.parsed,
      locale: input.locale,
      contact: contact.contact,
      now,
      unlessLimited: limit,
    });
  } catch (err) {
    // A concurrent duplicate of the same link: the checks below find it answered.
    if (isUniqueViolation(err)) return null;
    throw err;
  }
}

export type PageOutcome = { status: number; view: SurveyView; retryAfterSeconds?: number };

/**
 * Opening a survey link, checked in the same order as a post: the link's shape, the client's
 * guessing limit, then the link itself. Each refusal has its own status: 404 unknown, 410 gone
 * (expired or revoked), 429 too many attempts.
 */
export async function openInvitationSurvey(db: Db, input: { token: string; client: string; now?: Date }): Promise<PageOutcome> {
  const now = input.now ?? clockNow();
  if (!isWellFormedToken(input.token)) return { status: 404, view: { state: "not_found" } };
  const limit = guessLimit(input.client);
  const blocked = await isRateLimited(db, limit, now);
  if (!blocked.allowed) return { status: 429, view: { state: "rate_limited" }, retryAfterSeconds: blocked.retryAfterSeconds };
  const state = await invitationState(db, { token: input.token, now });
  switch (state) {
    case "open":
      return { status: 200, view: { draft: EMPTY_DRAFT } };
    case "not_found":
      await hitRateLimit(db, limit, now);
      return { status: 404, view: { state } };
    case "answered":
      return { status: 200, view: { state } };
    default:
      return { status: 410, view: { state } };
  }
}

/** Opening a standing QR: unknown and withdrawn codes are 404. */
export async function openStandingSurvey(db: Db, input: { code: string }): Promise<PageOutcome> {
  const standing = await loadStanding(db, { code: input.code });
  return standing.state === "open" ? { status: 200, view: { draft: EMPTY_DRAFT } } : { status: 404, view: { state: "not_found" } };
}

/** A post to a standing QR (no dossier): same form and checks, limited per client and per code. */
export async function postStandingSurvey(
  db: Db,
  input: { code: string; fields: Iterable<[string, string]>; locale: Locale; client: string; now?: Date },
): Promise<PostOutcome> {
  const read = readSurveyForm(input.fields);
  if (!read.ok) return invalidForm(read, { form: read.error }, 400);
  if (read.intent !== "submit") return { kind: "form", status: 200, draft: { ...EMPTY_DRAFT, values: read.values, contact: read.contact }, switchTo: read.intent.lang };
  const contact = await contactOrErrors(db, read, input.locale);
  if (!contact.ok) return contact.outcome;
  const result = await submitStandingResponse(db, {
    code: input.code,
    versionId: read.versionId,
    values: read.values,
    locale: input.locale,
    client: input.client,
    contact: contact.contact,
    now: input.now,
  });
  return outcomeOf(result, read);
}

const draftSchema = z.object({
  status: z.enum(["idle", "invalid", "stale"]),
  errors: z.record(z.string().max(40), z.string().max(40)),
  values: z.record(z.string().max(40), z.union([z.string().max(MAX_FIELD_CHARS), z.array(z.string().max(200)).max(MAX_FIELDS)])),
  contact: z.object({ consent: z.boolean(), phone: z.string().max(200), email: z.string().max(400) }),
});

const viewSchema = z.union([
  z.object({ draft: draftSchema }),
  z.object({
    thanks: z.object({
      reference: z.string().regex(/^PA-[0-9A-Z]{6}$/),
      statusToken: z.string().regex(/^[A-Za-z0-9_-]{22}$/),
      replyDueOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    }),
  }),
  z.object({ state: z.enum(["not_found", "expired", "revoked", "answered", "rate_limited"]) }),
]);

export type SurveyView = z.infer<typeof viewSchema>;

function signature(secret: string, payload: string): string {
  return crypto.createHmac("sha256", secret).update(`hai-long/survey-view/v1:${payload}`).digest("base64url");
}

/**
 * The view a post hands to the page that renders it (a header on an internal request). Signed,
 * because a page given a view skips the guessing limit: a visitor must not be able to forge one.
 */
export function encodeView(secret: string, view: SurveyView): string {
  const shown = "draft" in view ? { draft: displayableDraft(view.draft) } : view;
  let payload = Buffer.from(JSON.stringify(shown), "utf8").toString("base64url");
  if (payload.length > MAX_VIEW_CHARS && "draft" in shown) {
    // A sheet too large to carry back is shown empty, with the form's own error: the header
    // would otherwise exceed what Node accepts (16 KiB) and the citizen would get no page at all.
    const emptied: SurveyView = { draft: { ...shown.draft, status: "invalid", values: {}, contact: { ...shown.draft.contact, phone: "", email: "" }, errors: { form: "malformed" } } };
    payload = Buffer.from(JSON.stringify(emptied), "utf8").toString("base64url");
  }
  return `${payload}.${signature(secret, payload)}`;
}

// The view travels in a request header; Node refuses headers over 16 KiB in all.
const MAX_VIEW_CHARS = 10 * 1024;
const VIEW_KEY = /^[A-Za-z0-9_.]{1,40}$/;
// Newline and tab stay (a comment may have lines); other control characters are never typed.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

/**
 * What a page can show again of a refused sheet: keys the form has the shape of, texts cut to the
 * lengths its fields take, no control characters. A forged or broken post still gets its page.
 */
export function displayableDraft(draft: SurveyDraft): SurveyDraft {
  const clean = (text: string, max: number) => text.replace(CONTROL, "").slice(0, max);
  const values: SurveyValues = {};
  let dropped = false;
  for (const [key, value] of Object.entries(draft.values)) {
    if (!VIEW_KEY.test(key)) {
      dropped = true;
      continue;
    }
    values[key] = Array.isArray(value) ? value.slice(0, MAX_FIELDS).map((v) => clean(v, 200)) : clean(value, MAX_FIELD_CHARS);
  }
  const errors: Record<string, string> = {};
  for (const [key, code] of Object.entries(draft.errors)) if (VIEW_KEY.test(key) && code.length <= 40) errors[key] = code;
  if (dropped) errors.form ??= "unexpected_field";
  return {
    status: draft.status,
    errors,
    values,
    contact: { consent: draft.contact.consent, phone: clean(draft.contact.phone, 40), email: clean(draft.contact.email, 254) },
  };
}

/** Anything unsigned or unreadable is ignored. */
export function decodeView(secret: string, header: string | null | undefined): SurveyView | null {
  if (!header || header.length > 64 * 1024) return null;
  const [payload = "", mac = ""] = header.split(".");
  const expected = signature(secret, payload);
  if (mac.length !== expected.length || !crypto.timingSafeEqual(Buffer.from(mac), Buffer.from(expected))) return null;
  try {
    const parsed = viewSchema.safeParse(JSON.parse(Buffer.from(payload, "base64url").toString("utf8")));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
