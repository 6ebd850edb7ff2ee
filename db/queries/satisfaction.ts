import { sql, type SQL } from "drizzle-orm";
import { rows, type Db } from "../client";

/**
 * The five elements of the SIPAS public-service part (domain §3), in report order. Kept here
 * rather than imported from lib/questionnaire so that db/ does not depend on lib/; a unit test
 * holds the two lists equal.
 */
export const INDEX_ELEMENTS = ["access", "procedure", "officials", "result", "feedback"] as const;
export type IndexElement = (typeof INDEX_ELEMENTS)[number];
/** The element of the optional overall question S0. */
export const OVERALL_ELEMENT = "overall";

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
};

/** Counts pooled over an agency's whole subtree (the agency and every descendant). */
export type AgencyFigures = FigureCounts & {
  agencyId: number;
  code: string;
  name: string;
  nameEn: string | null;
  level: string;
};

export type SatisfactionTree = {
  agency: AgencyFigures;
  /** Each direct child, pooled over its own subtree (grandchildren included). */
  children: AgencyFigures[];
  /**
   * What was recorded at the agency itself (its own desk), in neither child: the reason the
   * agency's pooled figures are more than the sum of its children.
   */
  own: FigureCounts;
};

export type SatisfactionParams = {
  agencyId: number;
  /** Path of the subtree the caller may read ("/1/4/"); "/" is the whole tree. */
  scopePath: string;
  /** Inclusive start of the period. */
  from: Date;
  /** Exclusive end of the period. */
  to: Date;
  /** Count standing-QR (unverified) responses as well: a local setting, off for official figures. */
  includeUnverified?: boolean;
};

// A materialised path is "/", or ids each followed by a slash. Anything else (an empty string,
// "%") would widen the LIKE below to agencies the caller must not see.
const SCOPE_PATH = /^\/(?:\d+\/)*$/;

type MetaRow = {
  id: number;
  code: string;
  name: string;
  name_en: string | null;
  level: string;
  active: boolean;
  is_target: boolean;
};
// child_id is null for rows recorded at the target agency itself.
type AnswerRow = { child_id: number | null; element: string; value: number; n: number };
type CountRow = { child_id: number | null; n: number };

/**
 * The target agency, only when it lies inside the caller's scope. The scope is part of the
 * WHERE clause of every query below, so an agency outside it yields no row at all.
 */
function targetCte(agencyId: number, scopePath: string): SQL {
  return sql`target as (
    select a.id, a.path
    from agencies a
    where a.id = ${agencyId}::int and a.path like ${`${scopePath}%`}
  )`;
}

/**
 * Every agency of the target's subtree, labelled with the direct child of the target it falls
 * under: the first path segment after the target's own path. Grouping on that label pools
 * grandchildren into their child in one scan, whatever the depth.
 */
const SUBTREE_CTE = sql`subtree as (
    select d.id,
      nullif(split_part(substr(d.path, length(t.path) + 1), '/', 1), '')::int as child_id
    from target t
    join agencies d on d.path like t.path || '%'
  )`;

function zeroElement(): ElementCounts {
  return { satisfied: 0, valid: 0, distribution: [0, 0, 0, 0, 0] };
}

function zeroCounts(): FigureCounts {
  const elements = {} as Record<IndexElement, ElementCounts>;
  for (const e of INDEX_ELEMENTS) elements[e] = zeroElement();
  return { responses: 0, elements, overall: zeroElement(), completedDossiers: 0 };
}

function isIndexElement(element: string): element is IndexElement {
  return (INDEX_ELEMENTS as readonly string[]).includes(element);
}

function addAnswers(target: ElementCounts, value: number, n: number) {
  if (value < 1 || value > 5) return;
  const i = value - 1;
  target.distribution[i] = (target.distribution[i] ?? 0) + n;
  target.valid += n;
  if (value >= 4) target.satisfied += n;
}

function addInto(sum: FigureCounts, part: FigureCounts) {
  sum.responses += part.responses;
  sum.completedDossiers += part.completedDossiers;
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

/**
 * Satisfaction counts for an agency and each of its direct children, every figure pooled over
 * the whole subtree below it, for responses submitted in [from, to). Null when the agency does
 * not exist or lies outside `scopePath` (a leader cannot read outside their subtree).
 *
 * Counts are grouped in SQL; only (child, element, value) totals reach JavaScript. The agency's
 * own figures are the sum of its children's and its own desk's, so one scan serves both.
 */
export async function satisfactionTree(db: Db, params: SatisfactionParams): Promise<SatisfactionTree | null> {
  const { agencyId, scopePath, from, to, includeUnverified = false } = params;
  if (!SCOPE_PATH.test(scopePath)) throw new Error(`invalid scope path ${JSON.stringify(scopePath)}`);
  if (!Number.isInteger(agencyId)) throw new Error(`invalid agency id ${agencyId}`);
  if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime())) throw new Error("invalid period");

  const target = targetCte(agencyId, scopePath);
  // ISO strings cast in SQL: both drivers then pass the instant unchanged, whatever their Date handling.
  const fromTs = sql`${from.toISOString()}::timestamptz`;
  const toTs = sql`${to.toISOString()}::timestamptz`;
  const verified = includeUnverified ? sql`` : sql`and r.verified`;

  const meta = await rows<MetaRow>(
    db,
    sql`with ${target}
    select a.id, a.code, a.name, a.name_en, a.level, a.active, a.id = t.id as is_target
    from target t
    join agencies a on a.id = t.id or a.parent_id = t.id
    order by is_target desc, a.sort_order, a.name, a.id`,
  );
  const self = meta.find((m) => m.is_target);
  if (!self) return null;

  const [answerRows, responseRows, dossierRows] = await Promise.all([
    rows<AnswerRow>(
      db,
      sql`with ${target}, ${SUBTREE_CTE}
      select s.child_id, an.element, an.value::int as value, count(*)::int as n
      from subtree s
      join responses r on r.agency_id = s.id
      join answers an on an.response_id = r.id
      where r.submitted_at >= ${fromTs} and r.submitted_at < ${toTs} ${verified}
      group by s.child_id, an.element, an.value`,
    ),
    rows<CountRow>(
      db,
      sql`with ${target}, ${SUBTREE_CTE}
      select s.child_id, count(*)::int as n
      from subtree s
      join responses r on r.agency_id = s.id
      where r.submitted_at >= ${fromTs} and r.submitted_at < ${toTs} ${verified}
      group by s.child_id`,
    ),
    rows<CountRow>(
      db,
      sql`with ${target}, ${SUBTREE_CTE}
      select s.child_id, count(*)::int as n
      from subtree s
      join dossiers d on d.agency_id = s.id
      where d.completed_at >= ${fromTs} and d.completed_at < ${toTs}
      group by s.child_id`,
    ),
  ]);

  // Buckets: one per direct child, and the agency's own (key null).
  const buckets = new Map<number | null, FigureCounts>();
  const bucket = (childId: number | null) => {
    const key = childId == null ? null : Number(childId);
    let b = buckets.get(key);
    if (!b) {
      b = zeroCounts();
      buckets.set(key, b);
    }
    return b;
  };
  for (const r of answerRows) {
    const b = bucket(r.child_id);
    const value = Number(r.value);
    const n = Number(r.n);
    if (r.element === OVERALL_ELEMENT) addAnswers(b.overall, value, n);
    else if (isIndexElement(r.element)) addAnswers(b.elements[r.element], value, n);
  }
  for (const r of responseRows) bucket(r.child_id).responses += Number(r.n);
  for (const r of dossierRows) bucket(r.child_id).completedDossiers += Number(r.n);

  const describe = (m: MetaRow, counts: FigureCounts): AgencyFigures => ({
    agencyId: Number(m.id),
    code: m.code,
    name: m.name,
    nameEn: m.name_en,
    level: m.level,
    ...counts,
  });

  // The agency's figures are every bucket pooled, so nothing in its subtree can drop out of them.
  const total = zeroCounts();
  for (const b of buckets.values()) addInto(total, b);

  const children: AgencyFigures[] = [];
  for (const m of meta) {
    if (m.is_target) continue;
    const counts = buckets.get(Number(m.id)) ?? zeroCounts();
    // A dissolved unit (a district after the 2025 reform) stays listed only while it has figures.
    if (m.active || counts.responses > 0 || counts.completedDossiers > 0) children.push(describe(m, counts));
  }
  const own = buckets.get(null) ?? zeroCounts();

  return { agency: describe(self, total), children, own };
}
