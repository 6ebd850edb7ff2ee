import { sql } from "drizzle-orm";
import { z } from "zod";
import { rows, type Db } from "@/db/client";
import type { CaseEventKind, CaseStatus } from "@/db/schema";
import type { StaffUser } from "@/lib/auth/accounts";
import { requirePermission } from "@/lib/auth/permissions";
import { authSecret } from "@/lib/env";
import { conflict, forbidden, invalid, notFound } from "@/lib/errors";
import { casesEn } from "@/lib/i18n/messages/sections/cases.en";
import { casesVi } from "@/lib/i18n/messages/sections/cases.vi";
import { kickDelivery } from "@/lib/notify/deliver";
import { leadersOf, notifyStaff } from "@/lib/notify/staff";
import { now as clockNow } from "@/lib/time/clock";
import { caseStatusUrl, fillText } from "./opening";
import { caseStatusToken } from "./reference";

/** Who acts on a case: the signed-in account as the database has it. */
export type CaseActor = Pick<StaffUser, "id" | "role" | "scopePath">;

// A reply fits a printed page; a note or a call's note a few lines.
const MAX_REPLY = 4000;
const MAX_NOTE = 2000;

export const callOutcomes = ["reached", "no_answer", "refused"] as const;
export type CallOutcome = (typeof callOutcomes)[number];

const idSchema = z.coerce.number().int().positive().max(2 ** 31 - 1);

type LockedCase = {
  id: number;
  reference: string;
  status: CaseStatus;
  agency_id: number;
  owner_path: string;
  officer_id: number | null;
  response_id: number;
  locale: string;
};

/**
 * The case locked for the caller's transaction, if the actor may handle it: permission
 * `handle:cases`, the owning agency in the actor's subtree (a forwarder only reads), and never a
 * case about the actor's own dossier. Read from the database in the same transaction as the write.
 */
async function lockHandleable(tx: Db, actor: CaseActor, caseId: number): Promise<LockedCase> {
  requirePermission(actor, "handle:cases");
  const [row] = await rows<LockedCase>(
    tx,
    sql`select c.id::int as id, c.reference, c.status, c.agency_id, owner.path as owner_path, c.officer_id, c.response_id::int as response_id, r.locale
        from cases c join agencies owner on owner.id = c.agency_id join responses r on r.id = c.response_id
        where c.id = ${caseId} and owner.path like ${`${actor.scopePath}%`} and c.officer_id is distinct from ${actor.id}::int
        for update of c`,
  );
  if (row) return { ...row, id: Number(row.id), agency_id: Number(row.agency_id), response_id: Number(row.response_id), officer_id: row.officer_id === null ? null : Number(row.officer_id) };
  // A forwarder may read but not act; anyone else is told nothing exists.
  const [readable] = await rows<{ id: number }>(
    tx,
    sql`select c.id from cases c join case_forwards f on f.case_id = c.id join agencies fa on fa.id = f.from_agency_id
        where c.id = ${caseId} and fa.path like ${`${actor.scopePath}%`} and c.officer_id is distinct from ${actor.id}::int limit 1`,
  );
  throw readable ? forbidden("the case belongs to another agency now") : notFound("case");
}

async function record(
  tx: Db,
  actor: CaseActor | null,
  c: { id: number },
  kind: CaseEventKind,
  at: Date,
  extra: { note?: string | null; data?: Record<string, unknown> } = {},
): Promise<number> {
  const [event] = await rows<{ id: number }>(
    tx,
    sql`insert into case_events (case_id, at, kind, actor_id, note, data)
        values (${c.id}, ${at.toISOString()}::timestamptz, ${kind}, ${actor?.id ?? null}, ${extra.note ?? null}, ${extra.data ? JSON.stringify(extra.data) : null}::jsonb)
        returning id::int as id`,
  );
  // The audit row names the case and the step; notes, replies and contact details stay out of it.
  await tx.execute(
    sql`insert into audit_log (at, actor_kind, actor_id, action, entity, entity_id, data)
        values (${at.toISOString()}::timestamptz, ${actor ? "staff" : "system"}, ${actor?.id ?? null}, ${`case.${kind}`}, 'case', ${String(c.id)},
                ${JSON.stringify({ eventId: Number(event!.id), ...(extra.data ?? {}) })}::jsonb)`,
  );
  return Number(event!.id);
}

/** Runs a conditional update; no row means someone else changed the case first. */
async function updateOrConflict(tx: Db, query: ReturnType<typeof sql>): Promise<void> {
  const changed = await rows<{ id: number }>(tx, query);
  if (changed.length === 0) throw conflict("the case changed meanwhile");
}

function parseId(value: unknown, field: string): number {
  const parsed = idSchema.safeParse(value);
  if (!parsed.success) throw invalid(`bad ${field}`, { field });
  return parsed.data;
}

function text(value: unknown, max: number, field: string, required = true): string {
  const s = typeof value === "string" ? value.replace(/\r\n/g, "\n").trim() : "";
  if ((required && !s) || [...s].length > max) throw invalid(`bad ${field}`, { field });
  return s;
}

/** Assigns a case to a leader or handler of the owning agency's subtree (never to its officer) and tells them. */
export async function assignCase(db: Db, actor: CaseActor, input: { caseId: unknown; assigneeId: unknown }): Promise<void> {
  const caseId = parseId(input.caseId, "caseId");
  const assigneeId = parseId(input.assigneeId, "assigneeId");
  const at = clockNow();
  await db.transaction(async (tx) => {
    const c = await lockHandleable(tx, actor, caseId);
    const [person] = await rows<{ id: number }>(
      tx,
      sql`select s.id from staff_accounts s join agencies a on a.id = s.agency_id
          where s.id = ${assigneeId} and s.active and s.role in ('leader', 'handler') and a.path like ${`${c.owner_path}%`}
            and s.id is distinct from ${c.officer_id}::int`,
    );
    if (!person) throw invalid("not an eligible handler", { field: "assigneeId" });
    await updateOrConflict(
      tx,
      sql`update cases set assignee_id = ${assigneeId}, status = case when status = 'new' then 'in_progress' else status end, updated_at = ${at.toISOString()}::timestamptz
          where id = ${caseId} and status <> 'closed' returning id`,
    );
    const eventId = await record(tx, actor, c, "assigned", at, { data: { assigneeId } });
    if (assigneeId !== actor.id) {
      await notifyStaff(tx, {
        recipients: [assigneeId],
        agencyId: c.agency_id,
        kind: "case_assigned",
        title: fillText(casesVi.notice.assigned, { reference: c.reference }),
        link: `/cases/${caseId}`,
        dedupeKey: `case_assigned:${caseId}:${eventId}`,
      });
    }
  });
  kickDelivery();
}

// The statuses a handler sets by hand; replying, closing and reopening have their own actions.
const MANUAL_STATUS: Record<CaseStatus, readonly CaseStatus[]> = {
  new: ["in_progress"],
  in_progress: ["new"],
  replied: ["in_progress"],
  closed: [],
};

export async function setCaseStatus(db: Db, actor: CaseActor, input: { caseId: unknown; status: unknown }): Promise<void> {
  const caseId = parseId(input.caseId, "caseId");
  const to = input.status as CaseStatus;
  const at = clockNow();
  await db.transaction(async (tx) => {
    const c = await lockHandleable(tx, actor, caseId);
    if (!MANUAL_STATUS[c.status]?.includes(to)) throw invalid("status change not allowed", { field: "status" });
    await updateOrConflict(
      tx,
      sql`update cases set status = ${to}, updated_at = ${at.toISOString()}::timestamptz where id = ${caseId} and status = ${c.status} returning id`,
    );
    await record(tx, actor, c, "status", at, { data: { from: c.status, to } });
  });
}

/** An internal note: staff only, never on the citizen's page nor in any mail. */
export async function addCaseNote(db: Db, actor: CaseActor, input: { caseId: unknown; note: unknown }): Promise<void> {
  const caseId = parseId(input.caseId, "caseId");
  const note = text(input.note, MAX_NOTE, "note");
  const at = clockNow();
  await db.transaction(async (tx) => {
    const c = await lockHandleable(tx, actor, caseId);
    await updateOrConflict(tx, sql`update cases set updated_at = ${at.toISOString()}::timestamptz where id = ${caseId} returning id`);
    await record(tx, actor, c, "note", at, { note });
  });
}

/**
 * Forwards a case to the competent agency (Decree 20/2008 art. 9), which then owns it; the
 * forwarding agency keeps read access through case_forwards. The new owner's leaders are told.
 */
export async function forwardCase(db: Db, actor: CaseActor, input: { caseId: unknown; toAgencyId: unknown }): Promise<void> {
  const caseId = parseId(input.caseId, "caseId");
  const toAgencyId = parseId(input.toAgencyId, "toAgencyId");
  const at = clockNow();
  await db.transaction(async (tx) => {
    const c = await lockHandleable(tx, actor, caseId);
    if (c.status === "closed") throw conflict("closed");
    const root = `/${actor.scopePath.split("/")[1]}/%`;
    const [target] = await rows<{ id: number }>(tx, sql`select id from agencies where id = ${toAgencyId} and active and path like ${root}`);
    if (!target || toAgencyId === c.agency_id) throw invalid("not a forward target", { field: "toAgencyId" });
    await updateOrConflict(
      tx,
      sql`update cases set agency_id = ${toAgencyId}, assignee_id = null, forwarded_at = ${at.toISOString()}::timestamptz, updated_at = ${at.toISOString()}::timestamptz
          where id = ${caseId} and agency_id = ${c.agency_id} returning id`,
    );
    await tx.execute(
      sql`insert into case_forwards (case_id, from_agency_id, to_agency_id, actor_id, at) values (${caseId}, ${c.agency_id}, ${toAgencyId}, ${actor.id}, ${at.toISOString()}::timestamptz)`,
    );
    const eventId = await record(tx, actor, c, "forwarded", at, { data: { fromAgencyId: c.agency_id, toAgencyId } });
    const leaders = (await leadersOf(tx, [toAgencyId])).filter((id) => id !== c.officer_id);
    await notifyStaff(tx, {
      recipients: leaders,
      agencyId: toAgencyId,
      kind: "case_forwarded",
      title: fillText(casesVi.notice.forwarded, { reference: c.reference }),
      link: `/cases/${caseId}`,
      dedupeKey: `case_forwarded:${caseId}:${eventId}`,
    });
  });
  kickDelivery();
}

/**
 * Replies to the citizen: shown on their status page, and mailed when they left an address. The
 * mail holds the reference, the reply and the status link only, and goes with the contact row.
 */
export async function replyToCitizen(db: Db, actor: CaseActor, input: { caseId: unknown; reply: unknown }): Promise<{ mailQueued: boolean }> {
  const caseId = parseId(input.caseId, "caseId");
  const reply = text(input.reply, MAX_REPLY, "reply");
  const at = clockNow();
  const mailQueued = await db.transaction(async (tx) => {
    const c = await lockHandleable(tx, actor, caseId);
    await updateOrConflict(
      tx,
      sql`update cases set reply_text = ${reply}, replied_at = ${at.toISOString()}::timestamptz, status = 'replied', updated_at = ${at.toISOString()}::timestamptz
          where id = ${caseId} and status <> 'closed' returning id`,
    );
    const [{ n }] = (await rows<{ n: number }>(tx, sql`select count(*)::int as n from case_events where case_id = ${caseId} and kind = 'replied'`)) as [{ n: number }];
    await record(tx, actor, c, "replied", at, { data: { n: Number(n) + 1 } });
    const m = (c.locale === "en" ? casesEn : casesVi).mail;
    const url = caseStatusUrl(caseStatusToken(authSecret(), c.reference));
    const queued = await rows<{ id: number }>(
      tx,
      sql`insert into outbox (channel, contact_id, kind, subject, body, dedupe_key, created_at, next_attempt_at)
          select 'email', ct.id, 'case_reply', ${fillText(m.replySubject, { reference: c.reference })}, ${fillText(m.replyBody, { reference: c.reference, reply, url })},
                 ${`case_reply:${caseId}:${Number(n) + 1}`}, ${at.toISOString()}::timestamptz, ${at.toISOString()}::timestamptz
          from contacts ct where ct.response_id = ${c.response_id} and ct.email is not null
          on conflict (dedupe_key) do nothing
          returning id`,
    );
    return queued.length > 0;
  });
  if (mailQueued) kickDelivery();
  return { mailQueued };
}

export async function recordCall(db: Db, actor: CaseActor, input: { caseId: unknown; outcome: unknown; note: unknown }): Promise<void> {
  const caseId = parseId(input.caseId, "caseId");
  if (!(callOutcomes as readonly unknown[]).includes(input.outcome)) throw invalid("bad outcome", { field: "outcome" });
  const note = text(input.note, MAX_NOTE, "note", false);
  const at = clockNow();
  await db.transaction(async (tx) => {
    const c = await lockHandleable(tx, actor, caseId);
    await updateOrConflict(tx, sql`update cases set updated_at = ${at.toISOString()}::timestamptz where id = ${caseId} returning id`);
    await record(tx, actor, c, "call", at, { note: note || null, data: { outcome: input.outcome } });
  });
}

/**
 * Closes a case. The contact details go in the same transaction (the follow-up is over; Law
 * 91/2025/QH15), and with them any mail still queued to the citizen (ON DELETE CASCADE).
 */
export async function closeCase(db: Db, actor: CaseActor, input: { caseId: unknown }): Promise<void> {
  const caseId = parseId(input.caseId, "caseId");
  const at = clockNow();
  await db.transaction(async (tx) => {
    const c = await lockHandleable(tx, actor, caseId);
    await updateOrConflict(
      tx,
      sql`update cases set status = 'closed', closed_at = ${at.toISOString()}::timestamptz, updated_at = ${at.toISOString()}::timestamptz
          where id = ${caseId} and status <> 'closed' returning id`,
    );
    await record(tx, actor, c, "closed", at, { data: { from: c.status } });
    const deleted = await rows<{ id: number }>(tx, sql`delete from contacts where response_id = ${c.response_id} returning id`);
    if (deleted.length > 0) await record(tx, actor, c, "contact_deleted", at, { data: { reason: "closed" } });
  });
}

export async function reopenCase(db: Db, actor: CaseActor, input: { caseId: unknown }): Promise<void> {
  const caseId = parseId(input.caseId, "caseId");
  const at = clockNow();
  await db.transaction(async (tx) => {
    const c = await lockHandleable(tx, actor, caseId);
    await updateOrConflict(
      tx,
      sql`update cases set status = 'in_progress', closed_at = null, updated_at = ${at.toISOString()}::timestamptz where id = ${caseId} and status = 'closed' returning id`,
    );
    await record(tx, actor, c, "reopened", at);
  });
}

export type CaseContact = { phone: string | null; email: string | null; deleteAfter: Date };

/**
 * The citizen's contact details, for someone who handles the case, on demand only; every view is
 * recorded (event and audit row, neither holding the details).
 */
export async function viewCaseContact(db: Db, actor: CaseActor, input: { caseId: unknown }): Promise<CaseContact | null> {
  const caseId = parseId(input.caseId, "caseId");
  const at = clockNow();
  return db.transaction(async (tx) => {
    const c = await lockHandleable(tx, actor, caseId);
    const [contact] = await rows<{ phone: string | null; email: string | null; delete_after: string }>(
      tx,
      sql`select phone, email, delete_after from contacts where response_id = ${c.response_id}`,
    );
    if (!contact) return null;
    await record(tx, actor, c, "contact_viewed", at);
    return { phone: contact.phone, email: contact.email, deleteAfter: new Date(contact.delete_after) };
  });
}
