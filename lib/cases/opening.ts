import { sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { cachedWorkingCalendar } from "@/db/queries/calendar";
import { authSecret, publicUrl } from "@/lib/env";
import { casesEn } from "@/lib/i18n/messages/sections/cases.en";
import { casesVi } from "@/lib/i18n/messages/sections/cases.vi";
import { cachedSettings } from "@/lib/settings";
import type { ParsedAnswers } from "@/lib/survey/answers";
import { vietnamDayOf, type Day } from "@/lib/time/vietnam";
import { addWorkingDays } from "@/lib/time/working-days";
import { caseStatusPath, caseStatusToken, hashStatusToken, newCaseReference } from "./reference";
import { caseReasons } from "./rule";

/**
 * Everything the answer's statement needs to open a case, decided before it runs. Whether the
 * sheet is verified is known only inside the statement (the claimed invitation's dossier), so
 * both sets of reasons travel and the statement picks one.
 */
export type CaseOpening = {
  reasonsIfVerified: string[];
  reasonsIfUnverified: string[];
  forwardDueOn: Day;
  replyDueOn: Day;
  locale: "vi" | "en";
  /** Mail the acknowledgement: the citizen left an e-mail address. */
  acknowledge: boolean;
  reference: string;
  statusToken: string;
};

/** What the citizen is shown right after the answer; never stored anywhere in clear. */
export type FollowUp = { caseId: number; reference: string; statusToken: string; replyDueOn: Day };

/** The absolute address of a case's status page, as mailed and shown. */
export function caseStatusUrl(statusToken: string): string {
  return `${publicUrl()}${caseStatusPath(statusToken)}`;
}

/** Null when the sheet opens no case whatever its origin. */
export async function prepareCaseOpening(
  db: Db,
  input: { parsed: Pick<ParsedAnswers, "scale" | "comment">; contact: { phone: string | null; email: string | null } | null; locale: "vi" | "en"; now: Date },
): Promise<CaseOpening | null> {
  const [chosen, calendar] = await Promise.all([cachedSettings(db, ["cases.rule", "cases.forwardDays", "cases.replyDays"]), cachedWorkingCalendar(db)]);
  const rule = chosen["cases.rule"];
  const hasContact = Boolean(input.contact && (input.contact.phone || input.contact.email));
  const reasonsIfVerified = caseReasons(rule, { parsed: input.parsed, hasContact, verified: true });
  const reasonsIfUnverified = caseReasons(rule, { parsed: input.parsed, hasContact, verified: false });
  if (reasonsIfVerified.length === 0 && reasonsIfUnverified.length === 0) return null;
  const forwardDays = chosen["cases.forwardDays"];
  const replyDays = chosen["cases.replyDays"];
  // Counting starts on the first working day after the day of the answer (addWorkingDays).
  const day = vietnamDayOf(input.now);
  return withNewReference({
    reasonsIfVerified,
    reasonsIfUnverified,
    forwardDueOn: addWorkingDays(day, forwardDays, calendar),
    replyDueOn: addWorkingDays(day, replyDays, calendar),
    locale: input.locale,
    acknowledge: Boolean(input.contact?.email),
    reference: "",
    statusToken: "",
  });
}

/** The same opening under a fresh reference (after a collision on cases_reference_key). */
export function withNewReference(opening: CaseOpening): CaseOpening {
  const reference = newCaseReference();
  return { ...opening, reference, statusToken: caseStatusToken(authSecret(), reference) };
}

export function acknowledgementMail(locale: "vi" | "en", reference: string, statusToken: string): { subject: string; body: string } {
  const m = (locale === "en" ? casesEn : casesVi).mail;
  return {
    subject: fillText(m.ackSubject, { reference }),
    body: fillText(m.ackBody, { reference, url: caseStatusUrl(statusToken) }),
  };
}

export function fillText(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (m, key: string) => values[key] ?? m);
}

const iso = (d: Date) => sql`${d.toISOString()}::timestamptz`;

/**
 * The CTEs that open the case inside the answer's statement, after `origin`, `r` (the response)
 * and `c` (the contact, `returning id`). They write nothing when the opening is null or when the
 * reasons for the origin's verified flag are empty. The audit row names the case, never the text.
 */
export function caseOpeningCtes(opening: CaseOpening | null, now: Date): SQL {
  if (!opening) return sql``;
  const mail = acknowledgementMail(opening.locale, opening.reference, opening.statusToken);
  const reasons = sql`(case when o.verified then ${sql.param(opening.reasonsIfVerified)}::text[] else ${sql.param(opening.reasonsIfUnverified)}::text[] end)`;
  return sql`, k as (
      insert into cases (reference, response_id, agency_id, origin_agency_id, officer_id, status, reasons, verified, opened_at,
                         forward_due_on, reply_due_on, status_token_hash, updated_at)
      select ${opening.reference}, r.id, o.agency_id, o.agency_id, o.officer_id, 'new', ${reasons}, o.verified, ${iso(now)},
             ${opening.forwardDueOn}::date, ${opening.replyDueOn}::date, ${hashStatusToken(opening.statusToken)}, ${iso(now)}
      from r, origin o where cardinality(${reasons}) > 0
      returning id, reference, reasons
    ), ke as (
      -- One insert, in this order, so that the history reads "opened" before "acknowledged".
      insert into case_events (case_id, at, kind, data)
      select k.id, ${iso(now)}, t.kind, case when t.kind = 'opened' then jsonb_build_object('reasons', to_jsonb(k.reasons)) end
      from k, (values (1, 'opened'), (2, 'acknowledged')) as t(o, kind)
      where t.kind = 'opened' or (${opening.acknowledge} and exists (select 1 from c where c.email is not null))
      order by t.o
    ), ka as (
      insert into audit_log (at, actor_kind, action, entity, entity_id, data)
      select ${iso(now)}, 'citizen', 'case.opened', 'case', k.id::text, jsonb_build_object('reference', k.reference, 'responseId', r.id) from k, r
    ), km as (
      insert into outbox (channel, contact_id, kind, subject, body, dedupe_key, created_at, next_attempt_at)
      select 'email', c.id, 'case_ack', ${mail.subject}, ${mail.body}, 'case_ack:' || k.reference, ${iso(now)}, ${iso(now)}
      from k, c where ${opening.acknowledge} and c.email is not null
    )`;
}

/** True for the (rare) collision of two random references. */
export function isReferenceCollision(err: unknown): boolean {
  let e: unknown = err;
  for (let i = 0; i < 4 && e && typeof e === "object"; i++) {
    const x = e as { code?: unknown; constraint_name?: unknown; constraint?: unknown; cause?: unknown };
    if (x.code === "23505" && (x.constraint_name === "cases_reference_key" || x.constraint === "cases_reference_key")) return true;
    e = x.cause;
  }
  return false;
}
