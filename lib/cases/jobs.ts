import { sql } from "drizzle-orm";
import { rows, type Db } from "@/db/client";
import { casesVi } from "@/lib/i18n/messages/sections/cases.vi";
import type { JobHandler } from "@/lib/jobs/types";
import { adminsOf, leadersOf, notifyStaff } from "@/lib/notify/staff";
import { getSetting } from "@/lib/settings";
import { vietnamDate, vietnamDayOf } from "@/lib/time/vietnam";
import { fillText } from "./opening";

const DAY_MS = 24 * 3600 * 1000;

async function systemEvent(tx: Db, caseId: number, kind: string, at: Date, data: Record<string, unknown>): Promise<void> {
  await tx.execute(
    sql`insert into case_events (case_id, at, kind, data) values (${caseId}, ${at.toISOString()}::timestamptz, ${kind}, ${JSON.stringify(data)}::jsonb)`,
  );
  await tx.execute(
    sql`insert into audit_log (at, actor_kind, action, entity, entity_id, data)
        values (${at.toISOString()}::timestamptz, 'system', ${`case.${kind}`}, 'case', ${String(caseId)}, ${JSON.stringify(data)}::jsonb)`,
  );
}

/**
 * A case whose reply day has passed unanswered escalates once: it is marked, and the leaders of
 * the owning agency's parent are told (for a root agency, its own administrators), never the
 * case's officer. One transaction per case; the conditional update makes a second run a no-op.
 */
export const escalateOverdueCases: JobHandler = async (db, { now }) => {
  const today = vietnamDayOf(now);
  const due = await rows<{ id: number }>(
    db,
    sql`select id::int as id from cases
        where replied_at is null and closed_at is null and escalated_at is null and reply_due_on < ${today}::date
        order by id`,
  );
  let escalated = 0;
  for (const { id } of due) {
    const done = await db.transaction(async (tx) => {
      const [c] = await rows<{ id: number; reference: string; agency_id: number; parent_id: number | null; officer_id: number | null; reply_due_on: string }>(
        tx,
        sql`update cases c set escalated_at = ${now.toISOString()}::timestamptz, updated_at = ${now.toISOString()}::timestamptz
            from agencies a
            where c.id = ${Number(id)} and a.id = c.agency_id and c.escalated_at is null and c.replied_at is null and c.closed_at is null
              and c.reply_due_on < ${today}::date
            returning c.id::int as id, c.reference, c.agency_id, a.parent_id, c.officer_id, to_char(c.reply_due_on, 'YYYY-MM-DD') as reply_due_on`,
      );
      if (!c) return false;
      const agencyId = Number(c.agency_id);
      const recipients = (c.parent_id !== null ? await leadersOf(tx, [Number(c.parent_id)]) : await adminsOf(tx, [agencyId])).filter(
        (staffId) => staffId !== (c.officer_id === null ? null : Number(c.officer_id)),
      );
      await systemEvent(tx, Number(c.id), "escalated", now, { replyDueOn: c.reply_due_on, notified: recipients.length });
      await notifyStaff(tx, {
        recipients,
        agencyId,
        kind: "case_overdue",
        title: fillText(casesVi.notice.overdue, { reference: c.reference }),
        link: `/cases/${Number(c.id)}`,
        dedupeKey: `case_overdue:${Number(c.id)}`,
      });
      return true;
    });
    if (done) escalated++;
  }
  return { escalated };
};

/**
 * Contact details go at the retention limit promised in the consent, whether or not a case is
 * still open (the consent wins), and so do those of answers that opened no case; queued mail to
 * the citizen goes with them (ON DELETE CASCADE). Before that, the handler of an open case is
 * warned once, `cases.retentionWarningDays` ahead.
 */
export const enforceContactRetention: JobHandler = async (db, { now }) => {
  const expired = await rows<{ id: number }>(db, sql`select id from contacts where delete_after <= ${now.toISOString()}::timestamptz order by id`);
  let deleted = 0;
  for (const { id } of expired) {
    const done = await db.transaction(async (tx) => {
      const [gone] = await rows<{ response_id: number }>(
        tx,
        sql`delete from contacts where id = ${Number(id)} and delete_after <= ${now.toISOString()}::timestamptz returning response_id::bigint as response_id`,
      );
      if (!gone) return false;
      const [c] = await rows<{ id: number }>(tx, sql`select id::int as id from cases where response_id = ${gone.response_id}`);
      if (c) await systemEvent(tx, Number(c.id), "contact_deleted", now, { reason: "retention" });
      else {
        await tx.execute(
          sql`insert into audit_log (at, actor_kind, action, entity, entity_id, data)
              values (${now.toISOString()}::timestamptz, 'system', 'contact.deleted', 'response', ${String(gone.response_id)}, ${JSON.stringify({ reason: "retention" })}::jsonb)`,
        );
      }
      return true;
    });
    if (done) deleted++;
  }

  const warningDays = await getSetting(db, "cases.retentionWarningDays");
  const horizon = new Date(now.getTime() + warningDays * DAY_MS);
  const soon = await rows<{ id: number }>(
    db,
    sql`select ct.id from contacts ct join cases c on c.response_id = ct.response_id
        where c.closed_at is null and ct.retention_warned_at is null and ct.delete_after > ${now.toISOString()}::timestamptz
          and ct.delete_after <= ${horizon.toISOString()}::timestamptz
        order by ct.id`,
  );
  let warned = 0;
  for (const { id } of soon) {
    const done = await db.transaction(async (tx) => {
      const [c] = await rows<{ case_id: number; reference: string; agency_id: number; assignee_id: number | null; officer_id: number | null; delete_after: string }>(
        tx,
        sql`update contacts ct set retention_warned_at = ${now.toISOString()}::timestamptz
            from cases c
            where ct.id = ${Number(id)} and c.response_id = ct.response_id and ct.retention_warned_at is null and c.closed_at is null
            returning c.id::int as case_id, c.reference, c.agency_id, c.assignee_id, c.officer_id, ct.delete_after`,
      );
      if (!c) return false;
      const officer = c.officer_id === null ? null : Number(c.officer_id);
      const assignee = c.assignee_id === null ? null : Number(c.assignee_id);
      const recipients = (assignee !== null && assignee !== officer ? [assignee] : await leadersOf(tx, [Number(c.agency_id)])).filter((s) => s !== officer);
      const deleteAfter = new Date(c.delete_after);
      await systemEvent(tx, Number(c.case_id), "retention_warning", now, { deleteAfter: deleteAfter.toISOString(), notified: recipients.length });
      await notifyStaff(tx, {
        recipients,
        agencyId: Number(c.agency_id),
        kind: "retention_warning",
        title: fillText(casesVi.notice.retention, { reference: c.reference, date: vietnamDate(deleteAfter) }),
        link: `/cases/${Number(c.case_id)}`,
        dedupeKey: `retention_warning:${Number(c.case_id)}`,
      });
      return true;
    });
    if (done) warned++;
  }
  return { deleted, warned };
};
