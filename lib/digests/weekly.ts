import { sql } from "drizzle-orm";
import { rows, type Db } from "@/db/client";
import { auditLog, outbox } from "@/db/schema";
import { publicUrl } from "@/lib/env";
import { fill, messagesFor } from "@/lib/i18n";
import type { JobHandler } from "@/lib/jobs/types";
import { caseFiguresOverview, caseQueuePath } from "@/lib/metrics/case-figures";
import { agencyOverview, figureSettings, type FigureSettings } from "@/lib/metrics/figures";
import { formatNumber, formatPercent, pooledIndex } from "@/lib/metrics/formulas";
import { rangePeriod } from "@/lib/metrics/periods";
import { addCalendarDays, formatDay, parseDay, startOfVietnamDay, vietnamDayOf, weekday, type Day } from "@/lib/time/vietnam";

/**
 * The weekly digest (issue 9, item 5): one e-mail per leader and ISO week with the headline
 * figures of their agency for the last 7 days against the 7 before, the new and overdue cases and
 * the alerts opened. Counts and links only: a staff message never carries citizen text or personal
 * data, so nothing here reads a comment, a reply or a contact.
 */

// The in-app alert list and the page where a leader turns the digest off.
export const ALERTS_PATH = "/notifications";
export const ALERT_SETTINGS_PATH = "/notifications#preferences";

export const WEEKLY_DIGEST_KIND = "digest_weekly";

/** ISO 8601 week of a day: weeks start on Monday; week 1 holds the year's first Thursday. */
export function isoWeekOf(day: Day): { year: number; week: number } {
  const mondayBased = (weekday(day) + 6) % 7;
  const thursday = addCalendarDays(day, 3 - mondayBased);
  const [year, month, date] = parseDay(thursday);
  const dayOfYear = Math.round((Date.UTC(year, month - 1, date) - Date.UTC(year, 0, 1)) / 86_400_000) + 1;
  return { year, week: Math.floor((dayOfYear - 1) / 7) + 1 };
}

export function isoWeekKey(day: Day): string {
  const { year, week } = isoWeekOf(day);
  return `${year}-W${String(week).padStart(2, "0")}`;
}

export function weeklyDigestKey(staffId: number, weekKey: string): string {
  return `digest:weekly:${staffId}:${weekKey}`;
}

type Recipient = { id: number; name: string; agency_id: number; agency_path: string; agency_name: string };

/**
 * Active leaders with an e-mail who have not turned the digest off (no preference row: on), and
 * whose digest of this week is not queued yet: a second run costs one query and queues nothing.
 */
async function recipients(db: Db, weekKey: string): Promise<Recipient[]> {
  return rows<Recipient>(
    db,
    sql`select s.id, s.name, s.agency_id, a.path as agency_path, a.name as agency_name
        from staff_accounts s
        join agencies a on a.id = s.agency_id
        left join alert_preferences p on p.staff_id = s.id
        where s.role = 'leader' and s.active and s.email is not null and btrim(s.email) <> ''
          and coalesce(p.weekly_digest, true)
          and not exists (select 1 from outbox o where o.dedupe_key = 'digest:weekly:' || s.id || ':' || ${weekKey})
        order by s.id`,
  );
}

async function alertsOpened(db: Db, params: { scopePath: string; from: Day; to: Day }): Promise<number> {
  const [row] = await rows<{ n: number }>(
    db,
    sql`select count(*)::int as n from alerts al join agencies a on a.id = al.agency_id
        where a.path like ${`${params.scopePath}%`} and al.opened_on >= ${params.from}::date and al.opened_on < ${params.to}::date`,
  );
  return Number(row?.n ?? 0);
}

type AgencyDigest = { lines: string[]; links: string[] };

/** The figures part of the message, the same for every leader of one agency. */
async function agencyDigest(
  db: Db,
  params: { agencyId: number; agencyPath: string; agencyName: string; today: Day; at: Date; settings: FigureSettings; base: string },
): Promise<AgencyDigest | null> {
  const m = messagesFor("vi").caseFigures.digest;
  const first = addCalendarDays(params.today, -7);
  const last = addCalendarDays(params.today, -1);
  // The 7 whole Vietnam days before today; agencyOverview compares them with the 7 days before.
  const period = rangePeriod(startOfVietnamDay(first), startOfVietnamDay(last));
  const scope = { agencyId: params.agencyId, scopePath: params.agencyPath };
  const [overview, cases, alerts] = await Promise.all([
    agencyOverview(db, { ...scope, period, settings: params.settings }),
    caseFiguresOverview(db, { ...scope, period, at: params.at }),
    alertsOpened(db, { scopePath: params.agencyPath, from: first, to: params.today }),
  ]);
  if (!overview || !cases) return null;
  const pct = (v: number | null) => (v == null ? m.noData : formatPercent(v, "vi"));
  const num = (n: number) => formatNumber(n, "vi");
  const pooled = (f: typeof overview.agency) => pooledIndex(f.elements);
  const intro = fill(m.intro, {
    from: formatDay(first),
    to: formatDay(last),
    agency: params.agencyName,
    prevFrom: formatDay(addCalendarDays(first, -7)),
    prevTo: formatDay(addCalendarDays(first, -1)),
  });
  const link = (path: string) => `${params.base}${path}`;
  return {
    lines: [
      intro,
      "",
      `- ${fill(m.meanOfFive, { value: pct(overview.agency.meanOfElements), previous: pct(overview.previous.meanOfElements) })}`,
      `- ${fill(m.pooled, { value: pct(pooled(overview.agency)), previous: pct(pooled(overview.previous)) })}`,
      `- ${fill(m.responses, { value: num(overview.agency.responses), previous: num(overview.previous.responses) })}`,
      `- ${fill(m.newCases, { value: num(cases.agency.opened) })}`,
      `- ${fill(m.overdueCases, { value: num(cases.agency.overdueNow) })}`,
      `- ${fill(m.alerts, { value: num(alerts) })}`,
    ],
    links: [
      fill(m.dashboard, { link: link(`/dashboard?agency=${params.agencyId}&period=${encodeURIComponent(period.key)}`) }),
      fill(m.cases, { link: link(caseQueuePath({ agencyId: params.agencyId })) }),
      fill(m.overdue, { link: link(caseQueuePath({ agencyId: params.agencyId, overdue: true })) }),
      fill(m.alertsLink, { link: link(ALERTS_PATH) }),
    ],
  };
}

/**
 * Queues this ISO week's digest for every leader who wants one. Idempotent: the outbox's unique
 * dedupe key `digest:weekly:<staffId>:<isoYear>-W<week>` makes a second run (the same day, or a
 * retry after a crash) queue nothing, whenever in the week it runs.
 */
export const sendWeeklyDigests: JobHandler = async (db, { now }) => {
  const today = vietnamDayOf(now);
  const weekKey = isoWeekKey(today);
  const m = messagesFor("vi").caseFigures.digest;
  const list = await recipients(db, weekKey);
  if (list.length === 0) return { recipients: 0, queued: 0 };
  const settings = await figureSettings(db);
  const base = publicUrl();
  const byAgency = new Map<number, Promise<AgencyDigest | null>>();
  let queued = 0;
  for (const r of list) {
    const agencyId = Number(r.agency_id);
    let digest = byAgency.get(agencyId);
    if (!digest) {
      digest = agencyDigest(db, { agencyId, agencyPath: r.agency_path, agencyName: r.agency_name, today, at: now, settings, base });
      byAgency.set(agencyId, digest);
    }
    const parts = await digest;
    if (!parts) continue;
    const body = [
      fill(m.greeting, { name: r.name }),
      "",
      ...parts.lines,
      "",
      ...parts.links,
      "",
      fill(m.footer, { link: `${base}${ALERT_SETTINGS_PATH}` }),
      "",
    ].join("\n");
    const staffId = Number(r.id);
    const dedupeKey = weeklyDigestKey(staffId, weekKey);
    const inserted = await db.transaction(async (tx) => {
      const [row] = await tx
        .insert(outbox)
        .values({ channel: "email", staffId, kind: WEEKLY_DIGEST_KIND, subject: fill(m.subject, { week: weekKey, agency: r.agency_name }), body, dedupeKey, createdAt: now, nextAttemptAt: now })
        .onConflictDoNothing({ target: outbox.dedupeKey })
        .returning({ id: outbox.id });
      if (!row) return false;
      await tx.insert(auditLog).values({ actorKind: "system", action: "digest.weekly.queued", entity: "outbox", entityId: String(row.id), data: { staffId, week: weekKey } });
      return true;
    });
    if (inserted) queued++;
  }
  return { recipients: list.length, queued };
};
