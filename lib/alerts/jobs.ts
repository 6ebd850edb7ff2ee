import {
  agencyCountsByRange,
  allowCountsInMemory,
  agencyNames,
  claimAlertRun,
  closeAlert,
  dailyDigestLines,
  finishAlertRun,
  openAlertEpisodes,
  openAlerts,
  type DigestLine,
} from "@/db/queries/alerts";
import { auditLog, outbox } from "@/db/schema";
import { fill } from "@/lib/i18n";
import { alertsVi } from "@/lib/i18n/messages/sections/alerts.vi";
import { vi } from "@/lib/i18n/messages/vi";
import type { JobHandler } from "@/lib/jobs/types";
import { absoluteLink, leadersByAgency, notifyStaffAll } from "@/lib/notify/staff";
import { getSetting } from "@/lib/settings";
import { addCalendarDays, formatDay, startOfVietnamDay, vietnamDayOf, type Day } from "@/lib/time/vietnam";
import { ALERT_METHOD, alertRanges, alertTests, decideAlerts, POOLED, type AlertTest } from "./method";

const HOUR_MS = 60 * 60 * 1000;

function percent(share: number): string {
  return (share * 100).toFixed(2).replace(".", ",");
}

/** The alert's sentence: who, which element, which window, the figure and its baseline. */
export function alertTitle(t: AlertTest, agencyName: string, day: Day): string {
  const element = t.element === POOLED ? alertsVi.pooled : fill(alertsVi.elementQuoted, { element: vi.elements[t.element] });
  return fill(alertsVi.alertTitle, {
    agency: agencyName,
    element,
    window: t.windowDays,
    day: formatDay(day),
    share: percent(t.window.satisfied / t.window.valid),
    baselineDays: ALERT_METHOD.baselineDays,
    baseline: percent(t.baseline.satisfied / t.baseline.valid),
  });
}

/**
 * The leaders' overview of the agency over the alert's window, which shows the element's figure
 * and its 1–5 distribution; the fragment names the element's row (the pool is the table as a whole).
 */
export function alertLink(t: Pick<AlertTest, "agencyId" | "element" | "windowDays">, day: Day): string {
  const period = `range:${addCalendarDays(day, 1 - t.windowDays)}..${day}`;
  const row = t.element === POOLED ? "" : `#element-${t.element}`;
  return `/dashboard?agency=${t.agencyId}&period=${encodeURIComponent(period)}${row}`;
}

/**
 * The daily evaluation (decision 012) for the Vietnam day before `now`'s. One transaction: the
 * day is claimed in `alert_runs` first, so a second run for that day (a retry, another process)
 * waits for the first and then does nothing; episodes open and close, and their leaders are
 * notified, with the run's audit row.
 */
export const evaluateDailyAlerts: JobHandler = async (db, { now }) => {
  const day = addCalendarDays(vietnamDayOf(now), -1);
  // Unverified (standing-QR) answers are not in the counters read unless the figures count them:
  // an alert never rests on them alone.
  const includeUnverified = await getSetting(db, "figures.includeUnverified");
  return db.transaction(async (tx) => {
    if (!(await claimAlertRun(tx, { day }))) return { skipped: 1 };
    await allowCountsInMemory(tx);
    const counts = await agencyCountsByRange(tx, { ranges: alertRanges(day), includeUnverified });
    const tests = alertTests(counts);
    const decisions = decideAlerts(tests, await openAlerts(tx));

    let closed = 0;
    for (const e of decisions.close) if (await closeAlert(tx, { id: e.id, closedOn: day })) closed++;

    const opened = await openAlertEpisodes(
      tx,
      decisions.open.map((t) => ({
        agencyId: t.agencyId,
        element: t.element,
        windowDays: t.windowDays,
        openedOn: day,
        windowSatisfied: t.window.satisfied,
        windowValid: t.window.valid,
        baselineSatisfied: t.baseline.satisfied,
        baselineValid: t.baseline.valid,
        pValue: t.test!.pValue,
      })),
    );
    const testOf = new Map(decisions.open.map((t) => [`${t.agencyId}:${t.element}:${t.windowDays}`, t]));
    const names = new Map((await agencyNames(tx, { ids: [...new Set(opened.map((a) => a.agencyId))] })).map((a) => [a.id, a]));
    // The agency's own leaders and its parent's; at the root, its own.
    const leaders = await leadersByAgency(tx, [...names.values()].flatMap((a) => (a.parentId == null ? [a.id] : [a.id, a.parentId])));
    const notices = opened.flatMap((episode) => {
      const t = testOf.get(`${episode.agencyId}:${episode.element}:${episode.windowDays}`);
      const agency = names.get(episode.agencyId);
      if (!t || !agency) return [];
      const recipients = [...(leaders.get(agency.id) ?? []), ...(agency.parentId == null ? [] : (leaders.get(agency.parentId) ?? []))];
      return [{ recipients, agencyId: agency.id, kind: "alert" as const, title: alertTitle(t, agency.name, day), link: alertLink(t, day), dedupeKey: `alert:${episode.id}` }];
    });
    await notifyStaffAll(tx, notices);

    const result = { agenciesTested: decisions.agenciesTested, testsRun: decisions.testsRun, opened: opened.length, closed };
    await finishAlertRun(tx, { day, ...result });
    await tx.insert(auditLog).values({ actorKind: "system", action: "alerts.evaluated", entity: "alert_run", entityId: day, data: { ...result, alertIds: opened.map((a) => a.id), includeUnverified } });
    return result;
  });
};

/**
 * The digest covers the 24 hours up to the latest 07:00 Vietnam time: after the dawn evaluation
 * (so the morning's alerts are in it) and before the working day. Fixed boundaries make every
 * run for one boundary list the same notifications and a late run miss none.
 */
export const DIGEST_HOUR = 7;

export function digestWindow(now: Date): { day: Day; from: Date; to: Date } {
  const at = (day: Day) => new Date(startOfVietnamDay(day).getTime() + DIGEST_HOUR * HOUR_MS);
  let day = vietnamDayOf(now);
  if (now.getTime() < at(day).getTime()) day = addCalendarDays(day, -1);
  const to = at(day);
  return { day, from: new Date(to.getTime() - 24 * HOUR_MS), to };
}

function digestBody(lines: readonly DigestLine[], day: Day): string {
  const items = lines.map((l) => `- ${l.title}\n  ${absoluteLink(l.link)}`);
  return `${fill(alertsVi.digest.intro, { day: formatDay(day), hour: String(DIGEST_HOUR).padStart(2, "0") })}\n\n${items.join("\n\n")}\n\n${alertsVi.digest.footer} ${absoluteLink("/notifications")}\n`;
}

/**
 * One e-mail per account that chose the daily digest, listing the titles and links of its
 * notifications of the digest window that are still unread; nothing when there are none. Keyed
 * by account and day, so a second run queues nothing new.
 */
export const sendDailyDigests: JobHandler = async (db, { now }) => {
  const { day, from, to } = digestWindow(now);
  return db.transaction(async (tx) => {
    const lines = await dailyDigestLines(tx, { from, to });
    const byStaff = new Map<number, DigestLine[]>();
    for (const l of lines) byStaff.set(l.staffId, [...(byStaff.get(l.staffId) ?? []), l]);
    if (byStaff.size === 0) return { accounts: 0, queued: 0 };
    const subject = fill(alertsVi.digest.subject, { day: formatDay(day), hour: String(DIGEST_HOUR).padStart(2, "0") });
    const queued = await tx
      .insert(outbox)
      .values(
        [...byStaff].map(([staffId, own]) => ({
          channel: "email" as const,
          staffId,
          kind: "digest_daily",
          subject,
          body: digestBody(own, day),
          dedupeKey: `digest:daily:${staffId}:${day}`,
          createdAt: now,
          nextAttemptAt: now,
        })),
      )
      .onConflictDoNothing({ target: outbox.dedupeKey })
      .returning({ id: outbox.id, staffId: outbox.staffId });
    if (queued.length > 0) {
      await tx.insert(auditLog).values({ actorKind: "system", action: "digest.daily.queued", entity: "digest", entityId: day, data: { staffIds: queued.map((q) => q.staffId), messages: queued.length } });
    }
    return { accounts: byStaff.size, queued: queued.length };
  });
};
