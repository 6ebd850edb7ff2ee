import { and, count, desc, eq, isNull, sql } from "drizzle-orm";
import { rows, type Db } from "../client";
import { agencies, alertPreferences, alerts, alertRuns, notifications, staffAccounts, type AlertDelivery, type Notification } from "../schema";
import { INDEX_ELEMENTS, type IndexElement } from "./figures";

/** A range of Vietnam days, [from, to). */
export type DayRange = { from: string; to: string };

export type RangeCounts = {
  responses: number;
  /** Answers 4 or 5, and all answers 1–5, per element. */
  elements: Record<IndexElement, { satisfied: number; valid: number }>;
};

export type AgencyRangeCounts<K extends string> = { agencyId: number; ranges: Record<K, RangeCounts> };

const ident = /^[a-z][a-z0-9_]*$/;

/**
 * Responses and satisfied / valid answers per element of every agency (its own answers, not its
 * subtree's) in each named range of days, summed over the stripes, in one statement over all
 * agencies, never one per agency. The ranges may overlap (a window and its baseline, two
 * windows); the days are cut into the disjoint segments their edges make, each rollup row is
 * summed once into its segment (a plain grouped sum: a FILTER per range and column on every row
 * costs several times the scan), and the ranges are FILTER sums over each agency's few segment
 * rows. Unverified (standing-QR) answers count only when the figures setting includes them.
 */
export async function agencyCountsByRange<K extends string>(
  db: Db,
  params: { ranges: Record<K, DayRange>; includeUnverified: boolean },
): Promise<AgencyRangeCounts<K>[]> {
  const names = Object.keys(params.ranges) as K[];
  if (names.length === 0) return [];
  for (const n of names) if (!ident.test(n)) throw new Error(`invalid range name ${JSON.stringify(n)}`);
  const edges = [...new Set(names.flatMap((n) => [params.ranges[n].from, params.ranges[n].to]))].sort();
  const from = edges[0]!;
  const to = edges.at(-1)!;
  // Segment i is [edges[i], edges[i + 1]): the number of edges at or before the day, minus one.
  const segment = sql.join(
    edges.slice(1, -1).map((e) => sql`(f.day >= ${e}::date)::int`),
    sql` + `,
  );
  const segmentOf = edges.length > 2 ? segment : sql`0`;
  const valueSums = sql.raw(
    INDEX_ELEMENTS.flatMap((e) => [`sum(f.${e}4 + f.${e}5)::int as ${e}_s`, `sum(f.${e}1 + f.${e}2 + f.${e}3 + f.${e}4 + f.${e}5)::int as ${e}_v`]).join(", "),
  );
  const columns = names.flatMap((n) => {
    const r = params.ranges[n];
    const segments = edges.slice(0, -1).flatMap((e, i) => (e >= r.from && e < r.to ? [i] : []));
    const within = sql`g.segment = any(${`{${segments.join(",")}}`}::int[])`;
    return [
      sql`coalesce(sum(g.responses) filter (where ${within}), 0)::int as ${sql.raw(`${n}_responses`)}`,
      ...INDEX_ELEMENTS.flatMap((e) => [
        sql`coalesce(sum(${sql.raw(`g.${e}_s`)}) filter (where ${within}), 0)::int as ${sql.raw(`${n}_${e}_s`)}`,
        sql`coalesce(sum(${sql.raw(`g.${e}_v`)}) filter (where ${within}), 0)::int as ${sql.raw(`${n}_${e}_v`)}`,
      ]),
    ];
  });
  const result = await rows<Record<string, number | string>>(
    db,
    sql`select g.agency_id, ${sql.join(columns, sql`, `)}
        from (
          select f.agency_id, ${segmentOf} as segment, sum(f.responses)::int as responses, ${valueSums}
          from agency_day_answers f
          where f.day >= ${from}::date and f.day < ${to}::date ${params.includeUnverified ? sql`` : sql`and f.verified`}
          group by 1, 2
        ) g
        group by g.agency_id`,
  );
  return result.map((r) => {
    const ranges = {} as Record<K, RangeCounts>;
    for (const n of names) {
      const elements = {} as RangeCounts["elements"];
      for (const e of INDEX_ELEMENTS) elements[e] = { satisfied: Number(r[`${n}_${e}_s`]), valid: Number(r[`${n}_${e}_v`]) };
      ranges[n] = { responses: Number(r[`${n}_responses`]), elements };
    }
    return { agencyId: Number(r.agency_id), ranges };
  });
}

/**
 * For the rest of the caller's transaction: agencyCountsByRange's inner grouping (agency ×
 * segment of days) is estimated at one group per agency and day, ~400 000 for a province, and
 * would be sorted on disk; it yields ~14 000 rows, which this memory budget lets the planner hash
 * in memory (bench/alerts: about half the time).
 */
export async function allowCountsInMemory(tx: Db): Promise<void> {
  await tx.execute(sql`set local work_mem = '32MB'`);
}

/**
 * Claims the evaluation of one day: true for the first caller, false when the day was (or is
 * being) evaluated. The primary key serialises concurrent runs: a second one waits for the first
 * transaction and then finds the row.
 */
export async function claimAlertRun(db: Db, { day }: { day: string }): Promise<boolean> {
  const claimed = await db
    .insert(alertRuns)
    .values({ day, agenciesTested: 0, testsRun: 0, opened: 0, closed: 0 })
    .onConflictDoNothing()
    .returning({ day: alertRuns.day });
  return claimed.length > 0;
}

export async function finishAlertRun(db: Db, params: { day: string; agenciesTested: number; testsRun: number; opened: number; closed: number }): Promise<void> {
  await db
    .update(alertRuns)
    .set({ agenciesTested: params.agenciesTested, testsRun: params.testsRun, opened: params.opened, closed: params.closed, finishedAt: sql`now()` })
    .where(eq(alertRuns.day, params.day));
}

export type OpenAlert = { id: number; agencyId: number; element: string; windowDays: number; openedOn: string };

export async function openAlerts(db: Db): Promise<OpenAlert[]> {
  return db
    .select({ id: alerts.id, agencyId: alerts.agencyId, element: alerts.element, windowDays: alerts.windowDays, openedOn: alerts.openedOn })
    .from(alerts)
    .where(isNull(alerts.closedOn));
}

export type NewAlert = {
  agencyId: number;
  element: string;
  windowDays: number;
  openedOn: string;
  windowSatisfied: number;
  windowValid: number;
  baselineSatisfied: number;
  baselineValid: number;
  pValue: number;
};

/**
 * Opens episodes in one statement; those already open for their agency, element and window are
 * left out of the answer (the partial unique index decides, also against a concurrent run).
 */
export async function openAlertEpisodes(db: Db, list: NewAlert[]): Promise<OpenAlert[]> {
  if (list.length === 0) return [];
  return db
    .insert(alerts)
    .values(list)
    .onConflictDoNothing({ target: [alerts.agencyId, alerts.element, alerts.windowDays], where: sql`closed_on is null` })
    .returning({ id: alerts.id, agencyId: alerts.agencyId, element: alerts.element, windowDays: alerts.windowDays, openedOn: alerts.openedOn });
}

/** Closes an open episode (conditional: an episode closed by a concurrent run stays as it was). */
export async function closeAlert(db: Db, { id, closedOn }: { id: number; closedOn: string }): Promise<boolean> {
  const closed = await db
    .update(alerts)
    .set({ closedOn })
    .where(and(eq(alerts.id, id), isNull(alerts.closedOn)))
    .returning({ id: alerts.id });
  return closed.length > 0;
}

export type AgencyName = { id: number; name: string; parentId: number | null };

export async function agencyNames(db: Db, { ids }: { ids: number[] }): Promise<AgencyName[]> {
  if (ids.length === 0) return [];
  return db
    .select({ id: agencies.id, name: agencies.name, parentId: agencies.parentId })
    .from(agencies)
    .where(sql`${agencies.id} = any(${`{${ids.map((i) => Math.trunc(i)).join(",")}}`}::int[])`);
}

// ---------------------------------------------------------------------------------------------
// The signed-in staff member's in-app notifications. Every query names the staff member in its
// WHERE clause: nobody reads or marks another person's list.

export const NOTIFICATIONS_PAGE_SIZE = 50;

export async function notificationsOf(db: Db, { staffId, page }: { staffId: number; page: number }): Promise<Notification[]> {
  return db
    .select()
    .from(notifications)
    .where(eq(notifications.staffId, staffId))
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(NOTIFICATIONS_PAGE_SIZE)
    .offset((Math.max(1, page) - 1) * NOTIFICATIONS_PAGE_SIZE);
}

export async function notificationCounts(db: Db, { staffId }: { staffId: number }): Promise<{ total: number; unread: number }> {
  const [row] = await db
    .select({ total: count(), unread: sql<number>`(count(*) filter (where ${notifications.readAt} is null))::int` })
    .from(notifications)
    .where(eq(notifications.staffId, staffId));
  return { total: Number(row?.total ?? 0), unread: Number(row?.unread ?? 0) };
}

/** Marks one of the staff member's own notifications read; false when none was unread. */
export async function markNotificationRead(db: Db, { staffId, id }: { staffId: number; id: number }): Promise<boolean> {
  const updated = await db
    .update(notifications)
    .set({ readAt: sql`now()` })
    .where(and(eq(notifications.id, id), eq(notifications.staffId, staffId), isNull(notifications.readAt)))
    .returning({ id: notifications.id });
  return updated.length > 0;
}

export async function markAllNotificationsRead(db: Db, { staffId }: { staffId: number }): Promise<number> {
  const updated = await db
    .update(notifications)
    .set({ readAt: sql`now()` })
    .where(and(eq(notifications.staffId, staffId), isNull(notifications.readAt)))
    .returning({ id: notifications.id });
  return updated.length;
}

export type AlertPreferences = { delivery: AlertDelivery; weeklyDigest: boolean };

/** The staff member's choice, or the defaults of the table when they never chose. */
export async function alertPreferencesOf(db: Db, { staffId }: { staffId: number }): Promise<AlertPreferences> {
  const [row] = await db
    .select({ delivery: alertPreferences.delivery, weeklyDigest: alertPreferences.weeklyDigest })
    .from(alertPreferences)
    .where(eq(alertPreferences.staffId, staffId));
  return row ?? { delivery: "immediate", weeklyDigest: true };
}

export async function storeAlertPreferences(db: Db, { staffId, delivery, weeklyDigest }: { staffId: number } & AlertPreferences): Promise<void> {
  await db
    .insert(alertPreferences)
    .values({ staffId, delivery, weeklyDigest })
    .onConflictDoUpdate({ target: alertPreferences.staffId, set: { delivery, weeklyDigest, updatedAt: sql`now()` } });
}

export type DigestLine = { staffId: number; title: string; link: string };

/**
 * The unread notifications created in [from, to) of every active account that chose the daily
 * digest and has an e-mail address, oldest first within each account.
 */
export async function dailyDigestLines(db: Db, { from, to }: { from: Date; to: Date }): Promise<DigestLine[]> {
  return db
    .select({ staffId: notifications.staffId, title: notifications.title, link: notifications.link })
    .from(notifications)
    .innerJoin(alertPreferences, eq(alertPreferences.staffId, notifications.staffId))
    .innerJoin(staffAccounts, eq(staffAccounts.id, notifications.staffId))
    .where(
      and(
        eq(alertPreferences.delivery, "daily"),
        sql`${staffAccounts.email} is not null and ${staffAccounts.email} <> ''`,
        eq(staffAccounts.active, true),
        isNull(notifications.readAt),
        sql`${notifications.createdAt} >= ${from.toISOString()}::timestamptz and ${notifications.createdAt} < ${to.toISOString()}::timestamptz`,
      ),
    )
    .orderBy(notifications.staffId, notifications.createdAt, notifications.id);
}

/** Whether the account has an address for staff mail (the address itself is not needed here). */
export async function staffHasEmail(db: Db, { staffId }: { staffId: number }): Promise<boolean> {
  const [row] = await db
    .select({ has: sql<boolean>`(${staffAccounts.email} is not null and ${staffAccounts.email} <> '')` })
    .from(staffAccounts)
    .where(eq(staffAccounts.id, staffId));
  return Boolean(row?.has);
}
