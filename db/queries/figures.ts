import { sql, type SQL } from "drizzle-orm";
import { rows, type Db } from "../client";
import type { AgencyKind, AgencyTier } from "../schema";

/**
 * Grouped counts behind every figure, read from the rollups of migration 0004 (agency × Vietnam
 * day). Only per-agency totals reach JavaScript (at most one row per agency in scope), never a
 * response.
 */

export const INDEX_ELEMENTS = ["access", "procedure", "officials", "result", "feedback"] as const;
export type IndexElement = (typeof INDEX_ELEMENTS)[number];
/** The element of the optional overall question S0. */
export const OVERALL_ELEMENT = "overall";
export const ROLLUP_ELEMENTS = [...INDEX_ELEMENTS, OVERALL_ELEMENT] as const;

/** Answers per scale value 1..5: index 0 holds the 1s ("Rất không hài lòng"). */
export type Distribution = [number, number, number, number, number];

export type ElementCounts = {
  /** Answers 4 or 5. */
  satisfied: number;
  /** All answers 1..5; "not applicable" has no row and is not counted. */
  valid: number;
  distribution: Distribution;
};

export type FigureCounts = {
  responses: number;
  elements: Record<IndexElement, ElementCounts>;
  overall: ElementCounts;
  /** Dossiers completed in the period: the N of the sample size. */
  completedDossiers: number;
  /** Invitations issued in the period (coverage, §4.7). */
  invitations: number;
  /** Of the completed dossiers: completed by their due time, after it, and without a due time. */
  completedOnTime: number;
  completedLate: number;
  completedWithoutDue: number;
};

export type AgencyMeta = {
  agencyId: number;
  parentId: number | null;
  path: string;
  code: string;
  name: string;
  nameEn: string | null;
  level: string;
  tier: AgencyTier;
  kind: AgencyKind;
  active: boolean;
  /** In force for some of the period (decision 021): a successor is not before its date, nor an ended agency after. */
  inForce: boolean;
  /** Ended by a reorganisation (or closed for good), not merely switched off for issuing. */
  ended: boolean;
};

/**
 * Whether a unit is listed for a period without figures of its own (decision 021): only when it
 * was in force for some of it, so neither a successor before its date nor an abolished district
 * after its end; and not when merely switched off for issuing. With answers recorded under it in
 * the period, it is listed anyway.
 */
export function listedInPeriod(a: Pick<AgencyMeta, "inForce" | "active" | "ended">): boolean {
  return a.inForce && (a.active || a.ended);
}

/** The columns `inForce` and `ended` of agency `a` for the period [from, to), for AgencyMeta. */
export function validityColumns(period: { from: Date; to: Date }): SQL {
  return sql`(a.valid_from is null or a.valid_from < ${period.to.toISOString()}::timestamptz)
      and (a.valid_to is null or a.valid_to > ${period.from.toISOString()}::timestamptz) as in_force,
    a.valid_to is not null as ended`;
}

/** What was recorded at one agency itself, without its subtree. */
export type AgencyOwnCounts = AgencyMeta & { own: FigureCounts };

export type PeriodParams = {
  /** Inclusive start, 00:00 Vietnam time. */
  from: Date;
  /** Exclusive end, 00:00 Vietnam time. */
  to: Date;
  /** Count standing-QR (unverified) responses as well: a local setting, off for official figures. */
  includeUnverified?: boolean;
};

// A materialised path is "/", or ids each followed by a slash. Anything else (an empty string,
// "%") would widen a LIKE to agencies the caller must not see.
const SCOPE_PATH = /^\/(?:\d+\/)*$/;
const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

export function assertScopePath(scopePath: string): void {
  if (!SCOPE_PATH.test(scopePath)) throw new Error(`invalid scope path ${JSON.stringify(scopePath)}`);
}

/**
 * The Vietnam calendar day that starts at `edge`. The rollups are per day, so a period edge that
 * is not a Vietnam midnight cannot be answered from them and is refused rather than rounded.
 */
export function vietnamDay(edge: Date): string {
  const t = edge.getTime();
  if (Number.isNaN(t)) throw new Error("invalid period");
  const local = t + VIETNAM_OFFSET_MS;
  if (local % DAY_MS !== 0) throw new Error(`period edge ${edge.toISOString()} is not 00:00 Vietnam time`);
  return new Date(local).toISOString().slice(0, 10);
}

export function zeroElement(): ElementCounts {
  return { satisfied: 0, valid: 0, distribution: [0, 0, 0, 0, 0] };
}

export function zeroCounts(): FigureCounts {
  const elements = {} as Record<IndexElement, ElementCounts>;
  for (const e of INDEX_ELEMENTS) elements[e] = zeroElement();
  return { responses: 0, elements, overall: zeroElement(), completedDossiers: 0, invitations: 0, completedOnTime: 0, completedLate: 0, completedWithoutDue: 0 };
}

export function addCounts(sum: FigureCounts, part: FigureCounts): void {
  sum.responses += part.responses;
  sum.completedDossiers += part.completedDossiers;
  sum.invitations += part.invitations;
  sum.completedOnTime += part.completedOnTime;
  sum.completedLate += part.completedLate;
  sum.completedWithoutDue += part.completedWithoutDue;
  const pairs: [ElementCounts, ElementCounts][] = INDEX_ELEMENTS.map((e) => [sum.elements[e], part.elements[e]]);
  pairs.push([sum.overall, part.overall]);
  for (const [s, p] of pairs) {
    s.satisfied += p.satisfied;
    s.valid += p.valid;
    p.distribution.forEach((n, i) => {
      s.distribution[i] = (s.distribution[i] ?? 0) + n;
    });
  }
}

/** `sum(access1)::int as access1, …` over the rollup alias `f`. */
export const VALUE_SUMS = sql.raw(
  ROLLUP_ELEMENTS.flatMap((e) => [1, 2, 3, 4, 5].map((v) => `coalesce(sum(f.${e}${v}), 0)::int as ${e}${v}`)).join(", "),
);

export const VALUE_COLUMNS = sql.raw(ROLLUP_ELEMENTS.flatMap((e) => [1, 2, 3, 4, 5].map((v) => `f.${e}${v}`)).join(", "));

export type ValueRow = Record<string, number | string | null>;

export function countsFromValues(r: ValueRow): FigureCounts {
  const counts = zeroCounts();
  counts.responses = Number(r.responses ?? 0);
  for (const e of ROLLUP_ELEMENTS) {
    const target = e === OVERALL_ELEMENT ? counts.overall : counts.elements[e];
    for (let v = 1; v <= 5; v++) {
      const n = Number(r[`${e}${v}`] ?? 0);
      target.distribution[v - 1] = n;
      target.valid += n;
      if (v >= 4) target.satisfied += n;
    }
  }
  return counts;
}

/**
 * The period as rollup grains: whole Vietnam months read from the month rollup, the days before
 * the first and after the last whole month from the day rollup. Months, quarters, years and
 * reporting years are whole months and read months only.
 */
export function periodGrains(params: PeriodParams): { from: string; to: string; monthFrom: string; monthTo: string; verified: SQL } {
  const from = vietnamDay(params.from);
  const to = vietnamDay(params.to);
  const firstOfNext = (day: string) => {
    if (day.endsWith("-01")) return day;
    const [y, m] = day.split("-").map(Number) as [number, number];
    return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, "0")}-01`;
  };
  let monthFrom = firstOfNext(from);
  let monthTo = `${to.slice(0, 7)}-01`;
  if (monthTo < monthFrom) monthTo = monthFrom = to;
  return { from, to, monthFrom, monthTo, verified: params.includeUnverified ? sql`` : sql`and f.verified` };
}

type MetaRow = {
  id: number;
  parent_id: number | null;
  path: string;
  code: string;
  name: string;
  name_en: string | null;
  level: string;
  tier: AgencyTier;
  kind: AgencyKind;
  active: boolean;
  in_force: boolean;
  ended: boolean;
};

/**
 * Every agency whose path starts with `scopePath`, with the counts recorded at the agency itself
 * in [from, to). Three grouped scans of the rollups, scope in each WHERE clause.
 */
export async function agencyOwnCounts(db: Db, params: PeriodParams & { scopePath: string }): Promise<AgencyOwnCounts[]> {
  assertScopePath(params.scopePath);
  const { from, to, monthFrom, monthTo, verified } = periodGrains(params);
  const scope = `${params.scopePath}%`;
  // Only the days outside the whole months are read from the day rollup (none for a month,
  // quarter or year): a range scan each, not a scan of the period's days filtered away.
  const edgeDays = ([[from, monthFrom], [monthTo, to]] as const).filter(([first, end]) => first < end);
  const [meta, answerRows, coverageRows] = await Promise.all([
    rows<MetaRow>(
      db,
      sql`select a.id, a.parent_id, a.path, a.code, a.name, a.name_en, a.level, a.tier, a.kind, a.active,
            ${validityColumns(params)}
          from agencies a where a.path like ${scope}
          order by a.sort_order, a.name, a.id`,
    ),
    rows<ValueRow & { agency_id: number }>(
      db,
      sql`select f.agency_id, coalesce(sum(f.responses), 0)::int as responses, ${VALUE_SUMS}
          from (
            select f.agency_id, f.responses, ${VALUE_COLUMNS} from agency_month_answers f join agencies a on a.id = f.agency_id
            where a.path like ${scope} and f.month >= ${monthFrom}::date and f.month < ${monthTo}::date ${verified}
            ${sql.join(
              edgeDays.map(
                ([first, end]) => sql`union all
                  select f.agency_id, f.responses, ${VALUE_COLUMNS} from agency_day_answers f join agencies a on a.id = f.agency_id
                  where a.path like ${scope} and f.day >= ${first}::date and f.day < ${end}::date ${verified}`,
              ),
              sql`
`,
            )}
          ) f
          group by f.agency_id`,
    ),
    rows<{ agency_id: number; completed: number; invitations: number; on_time: number; late: number; without_due: number }>(
      db,
      sql`select c.agency_id, coalesce(sum(c.completed_dossiers), 0)::int as completed, coalesce(sum(c.invitations), 0)::int as invitations,
            coalesce(sum(c.completed_on_time), 0)::int as on_time, coalesce(sum(c.completed_late), 0)::int as late,
            coalesce(sum(c.completed_without_due), 0)::int as without_due
          from agency_day_coverage c join agencies a on a.id = c.agency_id
          where a.path like ${scope} and c.day >= ${from}::date and c.day < ${to}::date
          group by c.agency_id`,
    ),
  ]);
  const answersBy = new Map(answerRows.map((r) => [Number(r.agency_id), r]));
  const coverageBy = new Map(coverageRows.map((r) => [Number(r.agency_id), r]));
  return meta.map((m) => {
    const a = answersBy.get(Number(m.id));
    const own = a ? countsFromValues(a) : zeroCounts();
    const c = coverageBy.get(Number(m.id));
    if (c) {
      own.completedDossiers = Number(c.completed);
      own.invitations = Number(c.invitations);
      own.completedOnTime = Number(c.on_time);
      own.completedLate = Number(c.late);
      own.completedWithoutDue = Number(c.without_due);
    }
    return {
      agencyId: Number(m.id),
      parentId: m.parent_id == null ? null : Number(m.parent_id),
      path: m.path,
      code: m.code,
      name: m.name,
      nameEn: m.name_en,
      level: m.level,
      tier: m.tier,
      kind: m.kind,
      active: m.active,
      inForce: m.in_force,
      ended: m.ended,
      own,
    };
  });
}

/** Pools the counts of the agency at `path` and everything below it (§4.4: Σ counts). */
export function pooledCounts(list: readonly AgencyOwnCounts[], path: string): FigureCounts {
  const sum = zeroCounts();
  for (const a of list) if (a.path.startsWith(path)) addCounts(sum, a.own);
  return sum;
}

/**
 * The "restated" reading of a list of agencies' own counts (decision 021): each agency merged
 * away, through as many merges as there were (`successorOf`, predecessor → successor), gives its
 * counts to the successor it ended in, when that one is in the list, and leaves the list: the
 * past is read in today's structure. Nothing is counted twice. `keep` (the unit being read)
 * stays itself even if it was merged away later.
 */
export function restateOwnCounts(list: readonly AgencyOwnCounts[], successorOf: ReadonlyMap<number, number>, keep?: number): AgencyOwnCounts[] {
  const byId = new Map(list.map((a) => [a.agencyId, a]));
  const last = (id: number) => {
    let at = id;
    for (let hops = 0; successorOf.has(at) && at !== keep && hops < 50; hops++) at = successorOf.get(at)!;
    return at;
  };
  const gained = new Map<number, FigureCounts>();
  const gone = new Set<number>();
  for (const a of list) {
    if (a.agencyId === keep) continue;
    const to = last(a.agencyId);
    if (to === a.agencyId || !byId.has(to)) continue;
    const sum = gained.get(to) ?? zeroCounts();
    addCounts(sum, a.own);
    gained.set(to, sum);
    gone.add(a.agencyId);
  }
  // Today's units stand for the whole period: a successor is listed and ranked before its date.
  return list
    .filter((a) => !gone.has(a.agencyId))
    .map((a) => {
      const more = gained.get(a.agencyId);
      const inForce = a.inForce || !a.ended;
      if (!more) return inForce === a.inForce ? a : { ...a, inForce };
      const own = zeroCounts();
      addCounts(own, a.own);
      addCounts(own, more);
      return { ...a, own, inForce };
    });
}

export type MonthCounts = { month: string; counts: FigureCounts };

/**
 * Pooled counts of the subtree at `path` per Vietnam calendar month of [from, to), oldest first;
 * months without a response are present with zero counts.
 */
export async function monthlyCounts(db: Db, params: PeriodParams & { path: string; scopePath: string; predecessorPaths?: string[] }): Promise<MonthCounts[]> {
  assertScopePath(params.scopePath);
  assertScopePath(params.path);
  for (const p of params.predecessorPaths ?? []) assertScopePath(p);
  if (!params.path.startsWith(params.scopePath)) return [];
  // Restated: the unit's own subtree, and the merged predecessors' (read by right of lineage).
  const own = sql`a.path like ${`${params.path}%`} and a.path like ${`${params.scopePath}%`}`;
  const where = params.predecessorPaths?.length ? sql`((${own}) or a.path like any(${sql.param(params.predecessorPaths.map((p) => `${p}%`))}::text[]))` : own;
  const { from, to, verified } = periodGrains(params);
  if (!from.endsWith("-01") || !to.endsWith("-01")) throw new Error("a monthly series needs whole months");
  const result = await rows<ValueRow & { month: string }>(
    db,
    sql`select to_char(f.month, 'YYYY-MM') as month, coalesce(sum(f.responses), 0)::int as responses, ${VALUE_SUMS}
        from agency_month_answers f join agencies a on a.id = f.agency_id
        where ${where}
          and f.month >= ${from}::date and f.month < ${to}::date ${verified}
        group by 1`,
  );
  const byMonth = new Map(result.map((r) => [String(r.month), countsFromValues(r)]));
  const months: MonthCounts[] = [];
  const lastKey = vietnamDay(new Date(params.to.getTime() - DAY_MS)).slice(0, 7);
  let [y, m] = from.split("-").map(Number) as [number, number];
  for (let key = from.slice(0, 7); key <= lastKey; key = `${y}-${String(m).padStart(2, "0")}`) {
    months.push({ month: key, counts: byMonth.get(key) ?? zeroCounts() });
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
  return months;
}

export type MonthTimeliness = { month: string; onTime: number; late: number; withoutDue: number };

/**
 * Completed dossiers of the subtree at `path` by timeliness per Vietnam month of [from, to) (whole
 * months), oldest first; months without a dossier are present with zeros. Read from the coverage
 * counters, written with the dossier reports.
 */
export async function monthlyTimeliness(db: Db, params: PeriodParams & { path: string; scopePath: string }): Promise<MonthTimeliness[]> {
  assertScopePath(params.scopePath);
  assertScopePath(params.path);
  if (!params.path.startsWith(params.scopePath)) return [];
  const { from, to } = periodGrains(params);
  if (!from.endsWith("-01") || !to.endsWith("-01")) throw new Error("a monthly series needs whole months");
  const result = await rows<{ month: string; on_time: number; late: number; without_due: number }>(
    db,
    sql`select to_char(date_trunc('month', c.day), 'YYYY-MM') as month, coalesce(sum(c.completed_on_time), 0)::int as on_time,
          coalesce(sum(c.completed_late), 0)::int as late, coalesce(sum(c.completed_without_due), 0)::int as without_due
        from agency_day_coverage c join agencies a on a.id = c.agency_id
        where a.path like ${`${params.path}%`} and a.path like ${`${params.scopePath}%`} and c.day >= ${from}::date and c.day < ${to}::date
        group by 1`,
  );
  const byMonth = new Map(result.map((r) => [String(r.month), r]));
  const months: MonthTimeliness[] = [];
  let [y, m] = from.split("-").map(Number) as [number, number];
  for (let key = from.slice(0, 7); `${key}-01` < to; key = `${y}-${String(m).padStart(2, "0")}`) {
    const r = byMonth.get(key);
    months.push({ month: key, onTime: Number(r?.on_time ?? 0), late: Number(r?.late ?? 0), withoutDue: Number(r?.without_due ?? 0) });
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
  return months;
}
