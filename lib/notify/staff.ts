import { and, eq, inArray, sql } from "drizzle-orm";
import { rows, type Db } from "@/db/client";
import { alertPreferences, notifications, outbox, staffAccounts, type NotificationKind } from "@/db/schema";
import { publicUrl } from "@/lib/env";
import { notifyVi } from "@/lib/i18n/messages/sections/notify.vi";
import { now } from "@/lib/time/clock";

export type StaffNotice = {
  recipients: number[];
  agencyId: number;
  kind: NotificationKind;
  /** A product sentence (never citizen text: it goes into e-mail). */
  title: string;
  /** A path inside the product, e.g. `/cases/12`; mail and webhooks carry it as an absolute URL. */
  link: string;
  /** Stable for one event, so that a job that runs twice notifies once. */
  dedupeKey: string;
};

// Kinds a province may route to its SMS or chat gateway; the rest stay in the product.
const WEBHOOK_KINDS: ReadonlySet<NotificationKind> = new Set(["alert", "case_overdue"]);

/** The absolute address of a product path, as mail and webhooks carry it. */
export function absoluteLink(link: string): string {
  if (!link.startsWith("/") || link.startsWith("//")) throw new Error(`notice link must be a product path, got ${JSON.stringify(link)}`);
  return `${publicUrl()}${link}`;
}

/** Staff e-mail: a Vietnamese subject for the kind and a body holding the title and the link, nothing else. */
export function staffMail(kind: NotificationKind, title: string, link: string): { subject: string; body: string } {
  const subject = `${notifyVi.mail.prefix} ${notifyVi.mail.subjects[kind] ?? title}`;
  return { subject, body: `${title}\n\n${notifyVi.mail.openLink} ${absoluteLink(link)}\n` };
}

/**
 * Records a notice for staff inside the caller's transaction: the in-app row for each active
 * recipient, an e-mail for those who want alerts at once, and for alerts and overdue cases one
 * signed webhook per active endpoint whose subtree holds the agency. Everything is keyed by
 * `dedupeKey`, so running the caller twice queues nothing twice. Nothing is sent here: the
 * outbox is delivered after commit (kickDelivery) with retries.
 */
export function notifyStaff(tx: Db, notice: StaffNotice): Promise<void> {
  return notifyStaffAll(tx, [notice]);
}

/**
 * notifyStaff for many notices at once (the dawn alert run's episodes): the same rows, in a fixed
 * handful of statements whatever the number of notices.
 */
export async function notifyStaffAll(tx: Db, notices: readonly StaffNotice[]): Promise<void> {
  if (!notices.length) return;
  // Business time from the clock, not the database's: a job run for a given moment queues for it.
  const at = now();
  const ids = [...new Set(notices.flatMap((n) => n.recipients))];
  const found = ids.length
    ? await tx
        .select({ id: staffAccounts.id, email: staffAccounts.email, delivery: alertPreferences.delivery })
        .from(staffAccounts)
        .leftJoin(alertPreferences, eq(alertPreferences.staffId, staffAccounts.id))
        .where(and(inArray(staffAccounts.id, ids), eq(staffAccounts.active, true)))
    : [];
  const person = new Map(found.map((p) => [p.id, p]));
  const addressed = notices.map((notice) => ({
    notice,
    people: [...new Set(notice.recipients)].flatMap((id) => (person.has(id) ? [person.get(id)!] : [])),
  }));

  const inApp = addressed.flatMap(({ notice, people }) =>
    people.map((p) => ({ staffId: p.id, kind: notice.kind, title: notice.title, link: notice.link, dedupeKey: `${notice.dedupeKey}:${p.id}`, createdAt: at })),
  );
  if (inApp.length) await tx.insert(notifications).values(inApp).onConflictDoNothing({ target: notifications.dedupeKey });

  // No preference row means "at once"; "daily" is collected by the daily digest, "none" stays in-app.
  const mail = addressed.flatMap(({ notice, people }) => {
    const mailTo = people.filter((p) => (p.delivery ?? "immediate") === "immediate" && p.email);
    if (!mailTo.length) return [];
    const { subject, body } = staffMail(notice.kind, notice.title, notice.link);
    return mailTo.map((p) => ({ channel: "email" as const, staffId: p.id, kind: notice.kind, subject, body, dedupeKey: `${notice.dedupeKey}:${p.id}:email`, createdAt: at, nextAttemptAt: at }));
  });
  if (mail.length) await tx.insert(outbox).values(mail).onConflictDoNothing({ target: outbox.dedupeKey });

  const hooked = notices.filter((n) => WEBHOOK_KINDS.has(n.kind));
  if (!hooked.length) return;
  const targets = [...new Set(hooked.map((n) => n.agencyId))];
  const endpoints = await rows<{ id: number; target_id: number; agency_code: string }>(
    tx,
    sql`select w.id, target.id as target_id, target.code as agency_code
        from webhook_endpoints w
        join agencies owner on owner.id = w.agency_id
        join agencies target on target.id = any(${`{${targets.join(",")}}`}::int[])
        where w.active and left(target.path, length(owner.path)) = owner.path
        order by w.id`,
  );
  const calls = hooked.flatMap((notice) => {
    const mine = endpoints.filter((e) => Number(e.target_id) === notice.agencyId);
    if (!mine.length) return [];
    // The payload a gateway may forward to a phone: an event, an agency and a link, no personal data.
    const payload = JSON.stringify({
      event: notice.kind,
      agencyId: notice.agencyId,
      agencyCode: mine[0]!.agency_code,
      link: absoluteLink(notice.link),
      at: at.toISOString(),
    });
    return mine.map((e) => ({ channel: "webhook" as const, webhookId: Number(e.id), kind: notice.kind, subject: notice.kind, body: payload, dedupeKey: `${notice.dedupeKey}:webhook:${e.id}`, createdAt: at, nextAttemptAt: at }));
  });
  if (calls.length) await tx.insert(outbox).values(calls).onConflictDoNothing({ target: outbox.dedupeKey });
}

async function activeWithRole(tx: Db, agencyIds: number[], role: "leader" | "admin"): Promise<number[]> {
  if (!agencyIds.length) return [];
  const found = await tx
    .select({ id: staffAccounts.id })
    .from(staffAccounts)
    .where(and(inArray(staffAccounts.agencyId, [...new Set(agencyIds)]), eq(staffAccounts.role, role), eq(staffAccounts.active, true)))
    .orderBy(staffAccounts.id);
  return found.map((r) => r.id);
}

/** Active leaders placed at each of these agencies (not below them), by agency. */
export async function leadersByAgency(tx: Db, agencyIds: number[]): Promise<Map<number, number[]>> {
  const byAgency = new Map<number, number[]>(agencyIds.map((id) => [id, []]));
  if (!agencyIds.length) return byAgency;
  const found = await tx
    .select({ id: staffAccounts.id, agencyId: staffAccounts.agencyId })
    .from(staffAccounts)
    .where(and(inArray(staffAccounts.agencyId, [...new Set(agencyIds)]), eq(staffAccounts.role, "leader"), eq(staffAccounts.active, true)))
    .orderBy(staffAccounts.id);
  for (const r of found) if (r.agencyId != null) byAgency.get(r.agencyId)?.push(r.id);
  return byAgency;
}

/** Active leaders placed at exactly these agencies (not below them). */
export function leadersOf(tx: Db, agencyIds: number[]): Promise<number[]> {
  return activeWithRole(tx, agencyIds, "leader");
}

/** Active administrators placed at exactly these agencies. */
export function adminsOf(tx: Db, agencyIds: number[]): Promise<number[]> {
  return activeWithRole(tx, agencyIds, "admin");
}
