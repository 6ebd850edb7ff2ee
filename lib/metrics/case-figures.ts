import type { Db } from "@/db/client";
import { cachedWorkingCalendar } from "@/db/queries/calendar";
import { caseFactsOfSubtree, type AgencyCaseFacts, type CaseFact } from "@/db/queries/case-figures";
import { listedInPeriod } from "@/db/queries/figures";
import { agencyPathInScope } from "@/db/queries/satisfaction";
import { now } from "@/lib/time/clock";
import { vietnamDayOf, type Day } from "@/lib/time/vietnam";
import { workingDaysBetween, type WorkingCalendar } from "@/lib/time/working-days";
import type { Period } from "./periods";

/**
 * How the dissatisfied answers of an agency were followed up (issue 9, leaders' pages). Every
 * figure pools counts over the subtree (Σ over the agency and everything below it), as the
 * satisfaction figures do; a share is never averaged, a median is taken over the pooled cases.
 *
 * - opened: cases opened in the period, counted at the agency whose answer opened them, even when
 *   forwarded since;
 * - replied: of those, the ones with a reply to the citizen (at any time up to now);
 * - answered on time (%) = cases replied on or before their reply deadline (Vietnam day of the
 *   reply ≤ reply_due_on) / cases replied; a case not yet replied is in neither count;
 * - median working days to reply: over the replied cases, the working days from the Vietnam day
 *   of opening to the Vietnam day of the reply (lib/time/working-days.ts);
 * - overdue now: cases opened at any time, neither replied nor closed, whose reply deadline is
 *   before today (Vietnam day of now()): the state of the queue, whatever the period;
 * - escalated: cases opened in the period that went past their deadline and were escalated.
 */
export type CaseCounts = {
  opened: number;
  replied: number;
  repliedOnTime: number;
  overdueNow: number;
  escalated: number;
  /** Working days each replied case took: medians do not pool, the lists they come from do. */
  replyWorkingDays: number[];
};

export type CaseFigures = {
  agencyId: number;
  code: string;
  name: string;
  nameEn: string | null;
  level: string;
  opened: number;
  replied: number;
  repliedOnTime: number;
  /** Percent, full precision; null without a replied case. */
  onTimeShare: number | null;
  /** Null without a replied case; a half day when the number of replied cases is even. */
  medianWorkingDays: number | null;
  overdueNow: number;
  escalated: number;
};

export type CaseOverview = {
  agency: CaseFigures;
  /** Each direct child, pooled over its own subtree. */
  children: CaseFigures[];
  /** The Vietnam day "overdue now" was judged on. */
  today: Day;
  period: Period;
};

export function zeroCaseCounts(): CaseCounts {
  return { opened: 0, replied: 0, repliedOnTime: 0, overdueNow: 0, escalated: 0, replyWorkingDays: [] };
}

/** The counts of one agency's own cases. */
export function countCases(facts: readonly CaseFact[], today: Day, calendar: WorkingCalendar): CaseCounts {
  const counts = zeroCaseCounts();
  for (const c of facts) {
    if (c.repliedAt == null && c.closedAt == null && c.replyDueOn < today) counts.overdueNow++;
    if (!c.inPeriod) continue;
    counts.opened++;
    if (c.escalatedAt != null) counts.escalated++;
    if (c.repliedAt == null) continue;
    counts.replied++;
    const repliedOn = vietnamDayOf(c.repliedAt);
    if (repliedOn <= c.replyDueOn) counts.repliedOnTime++;
    counts.replyWorkingDays.push(workingDaysBetween(vietnamDayOf(c.openedAt), repliedOn, calendar));
  }
  return counts;
}

export function addCaseCounts(sum: CaseCounts, part: CaseCounts): void {
  sum.opened += part.opened;
  sum.replied += part.replied;
  sum.repliedOnTime += part.repliedOnTime;
  sum.overdueNow += part.overdueNow;
  sum.escalated += part.escalated;
  for (const d of part.replyWorkingDays) sum.replyWorkingDays.push(d);
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

type AgencyIdentity = { agencyId: number; code: string; name: string; nameEn: string | null; level: string };

export function describeCases(agency: AgencyIdentity, counts: CaseCounts): CaseFigures {
  return {
    agencyId: agency.agencyId,
    code: agency.code,
    name: agency.name,
    nameEn: agency.nameEn,
    level: agency.level,
    opened: counts.opened,
    replied: counts.replied,
    repliedOnTime: counts.repliedOnTime,
    onTimeShare: counts.replied > 0 ? (100 * counts.repliedOnTime) / counts.replied : null,
    medianWorkingDays: median(counts.replyWorkingDays),
    overdueNow: counts.overdueNow,
    escalated: counts.escalated,
  };
}

type OwnCaseCounts = AgencyCaseFacts & { own: CaseCounts };

function ownCounts(list: readonly AgencyCaseFacts[], today: Day, calendar: WorkingCalendar): OwnCaseCounts[] {
  return list.map((a) => ({ ...a, own: countCases(a.cases, today, calendar) }));
}

/** Pools the agency at `path` and everything below it. */
export function pooledCaseCounts(list: readonly { path: string; own: CaseCounts }[], path: string): CaseCounts {
  const sum = zeroCaseCounts();
  for (const a of list) if (a.path.startsWith(path)) addCaseCounts(sum, a.own);
  return sum;
}

/**
 * The case figures of an agency and of each of its direct children for the period, as the
 * overview, the report and the figures export show them. Null outside the caller's scope.
 */
export async function caseFiguresOverview(
  db: Db,
  params: { agencyId: number; scopePath: string; period: Period; at?: Date },
): Promise<CaseOverview | null> {
  const path = await agencyPathInScope(db, { agencyId: params.agencyId, scopePath: params.scopePath });
  if (path == null) return null;
  const today = vietnamDayOf(params.at ?? now());
  const [facts, calendar] = await Promise.all([
    // The scope of the rows is the target's own subtree: inside the caller's, and no wider.
    caseFactsOfSubtree(db, { scopePath: path, from: params.period.from, to: params.period.to, today }),
    cachedWorkingCalendar(db),
  ]);
  const list = ownCounts(facts, today, calendar);
  const self = list.find((a) => a.agencyId === params.agencyId);
  if (!self) return null;
  const children: CaseFigures[] = [];
  for (const c of list) {
    if (c.parentId !== params.agencyId) continue;
    const counts = pooledCaseCounts(list, c.path);
    if (listedInPeriod(c) || counts.opened > 0 || counts.overdueNow > 0) children.push(describeCases(c, counts));
  }
  return { agency: describeCases(self, pooledCaseCounts(list, self.path)), children, today, period: params.period };
}

/** The published counts of one agency (pooled over its subtree): how many, never what. */
export type PublicCaseCounts = { received: number; answered: number; answeredOnTime: number };

/** Every agency's published case counts for the period, by agency id. */
export async function publicCaseCounts(db: Db, params: { period: Period; at?: Date }): Promise<Map<number, PublicCaseCounts>> {
  const today = vietnamDayOf(params.at ?? now());
  const [facts, calendar] = await Promise.all([
    caseFactsOfSubtree(db, { scopePath: "/", from: params.period.from, to: params.period.to, today }),
    cachedWorkingCalendar(db),
  ]);
  const list = ownCounts(facts, today, calendar);
  return new Map(
    list.map((a) => {
      const c = pooledCaseCounts(list, a.path);
      return [a.agencyId, { received: c.opened, answered: c.replied, answeredOnTime: c.repliedOnTime }];
    }),
  );
}

/**
 * The case queue (/cases) filtered as a figure was counted, so that a figure and the list behind
 * it are one click apart. The queue's filters are GET parameters; only those a figure implies.
 */
export function caseQueuePath(filters: { agencyId: number; overdue?: boolean; status?: "new" | "in_progress" | "replied" | "closed" }): string {
  const q = new URLSearchParams();
  if (filters.status) q.set("status", filters.status);
  if (filters.overdue) q.set("overdue", "1");
  q.set("agency", String(filters.agencyId));
  return `/cases?${q.toString()}`;
}
