import { sql, type SQL } from "drizzle-orm";
import { rows, type Db } from "../client";
import type { Channel } from "../schema";
import {
  assertScopePath,
  countsFromValues,
  INDEX_ELEMENTS,
  OVERALL_ELEMENT,
  periodGrains,
  ROLLUP_ELEMENTS,
  VALUE_COLUMNS,
  VALUE_SUMS,
  zeroCounts,
  type FigureCounts,
  type PeriodParams,
  type ValueRow,
} from "./figures";
import { containsAllWords } from "./text-search";

/**
 * Breakdowns, comments, expectations and the anonymised export: read from the responses of one
 * subtree and period (they need columns the rollups do not keep). Every query carries both the
 * subtree and the caller's scope in its WHERE clause.
 */

export type SubtreeParams = PeriodParams & {
  /** The agency's path: the subtree the figures pool over. */
  path: string;
  /** The caller's scope; a `path` outside it yields nothing. */
  scopePath: string;
  /**
   * Breakdowns only: the subtrees of the predecessors merged into the agency (mergedPredecessorPaths),
   * pooled with its own for the restated reading (decision 021), read by right of lineage.
   */
  predecessorPaths?: readonly string[];
};

function where(p: SubtreeParams): SQL {
  assertScopePath(p.path);
  assertScopePath(p.scopePath);
  if (Number.isNaN(p.from.getTime()) || Number.isNaN(p.to.getTime())) throw new Error("invalid period");
  // A subtree that is not inside the caller's scope yields nothing, not the overlap.
  if (!p.path.startsWith(p.scopePath)) return sql`false`;
  return sql`a.path like ${`${p.path}%`} and a.path like ${`${p.scopePath}%`} and ${submittedIn(p)}`;
}

/** Responses `r` submitted in the period, verified unless unverified ones count too. */
function submittedIn(p: PeriodParams): SQL {
  return sql`r.submitted_at >= ${p.from.toISOString()}::timestamptz and r.submitted_at < ${p.to.toISOString()}::timestamptz
    ${p.includeUnverified ? sql`` : sql`and r.verified`}`;
}

export const BREAKDOWN_KINDS = ["procedure", "officer", "desk", "channel", "timeliness"] as const;
export type BreakdownKind = (typeof BREAKDOWN_KINDS)[number];
export type BreakdownRow = { key: string; label: string; code: string | null; counts: FigureCounts };

// The key of each breakdown: a column of responses; the breakdown counters name the dimension after the kind.
const BREAKDOWN_COLUMN: Record<BreakdownKind, string> = {
  procedure: "procedure_id",
  officer: "officer_id",
  desk: "desk_id",
  channel: "channel",
  timeliness: "timeliness",
};

const RAW_VALUE_COUNTS = sql.raw(
  ROLLUP_ELEMENTS.flatMap((e) => [1, 2, 3, 4, 5].map((v) => `count(an.element) filter (where an.element = '${e}' and an.value = ${v})::int as ${e}${v}`)).join(", "),
);

const RAW_VALUE_SUMS = sql.raw(ROLLUP_ELEMENTS.flatMap((e) => [1, 2, 3, 4, 5].map((v) => `sum(f.${e}${v})::int`)).join(", "));

const vietnamMidnight = (day: string) => new Date(`${day}T00:00:00+07:00`).toISOString();

/**
 * The counts by one dimension (and, with `perAgency`, by agency as well) over one subtree and
 * period: the period's whole months from the breakdown counters, its edge days (none for a month,
 * quarter or year) from the answers, summed in one statement.
 */
async function facetRows(
  db: Db,
  params: SubtreeParams & { by: BreakdownKind; perAgency?: boolean },
): Promise<(ValueRow & { key: string | null; agency_id?: number; agency_path?: string })[]> {
  assertScopePath(params.path);
  assertScopePath(params.scopePath);
  if (!params.path.startsWith(params.scopePath)) return [];
  const { from, to, monthFrom, monthTo, verified } = periodGrains(params);
  const column = sql.raw(BREAKDOWN_COLUMN[params.by]);
  for (const p of params.predecessorPaths ?? []) assertScopePath(p);
  const own = sql`a.path like ${`${params.path}%`} and a.path like ${`${params.scopePath}%`}`;
  const predecessors = (params.predecessorPaths ?? []).map((p) => `${p}%`);
  const scope = predecessors.length > 0 ? sql`((${own}) or a.path like any(${sql.param(predecessors)}::text[]))` : own;
  // An officer's figure counts only the sheets that name the officer.
  const named = params.by === "officer" ? sql`and f.officer_id is not null` : sql``;
  const namedKey = params.by === "officer" ? sql`and f.key is not null` : sql``;
  const agency = params.perAgency ? sql`f.agency_id, min(f.agency_path) as agency_path, ` : sql``;
  const groups = params.perAgency ? sql`f.agency_id, f.key` : sql`f.key`;
  const edgeDays = ([[from, monthFrom], [monthTo, to]] as const).filter(([first, end]) => first < end);
  return rows<ValueRow & { key: string | null; agency_id?: number; agency_path?: string }>(
    db,
    sql`select ${agency}f.key, coalesce(sum(f.responses), 0)::int as responses, ${VALUE_SUMS}
        from (
          select f.agency_id, a.path as agency_path, f.key, f.responses, ${VALUE_COLUMNS}
          from agency_month_marginals f join agencies a on a.id = f.agency_id
          where f.dimension = ${params.by} and ${scope} and f.month >= ${monthFrom}::date and f.month < ${monthTo}::date ${verified} ${namedKey}
          ${sql.join(
            edgeDays.map(
              ([first, end]) => sql`union all
                select f.agency_id, f.agency_path, f.key, count(*)::int, ${RAW_VALUE_SUMS}
                from (
                  select f.id, f.agency_id, a.path as agency_path, f.${column}::text as key, ${RAW_VALUE_COUNTS}
                  from responses f join agencies a on a.id = f.agency_id left join answers an on an.response_id = f.id
                  where ${scope} and f.submitted_at >= ${vietnamMidnight(first)}::timestamptz and f.submitted_at < ${vietnamMidnight(end)}::timestamptz
                    ${verified} ${named}
                  group by f.id, a.path
                ) f group by f.agency_id, f.agency_path, f.key`,
            ),
            sql`
`,
          )}
        ) f
        group by ${groups}`,
  );
}

/**
 * Counts per procedure, officer, desk, channel or dossier timeliness, from the breakdown
 * counters (decision 006). By officer only S3 (officials) is counted: a dissatisfied answer about the
 * procedure is never charged to the officer (domain §6).
 */
export async function breakdown(db: Db, params: SubtreeParams & { by: BreakdownKind }): Promise<BreakdownRow[]> {
  const counted = await facetRows(db, params);
  const keys = counted.map((r) => r.key).filter((k): k is string => k !== null);
  const labels = await breakdownLabels(db, params.by, keys);
  return counted
    .map((r) => {
      const key = r.key ?? "";
      const counts = countsFromValues(r);
      const label = labels.get(key) ?? { label: params.by === "channel" || params.by === "timeliness" ? key : "", code: null };
      if (params.by !== "officer") return { key, ...label, counts };
      // Only S3 is the officer's: the other elements are not shown against a person.
      const only = zeroCounts();
      only.responses = counts.responses;
      only.elements.officials = counts.elements.officials;
      return { key, ...label, counts: only };
    })
    .filter((r) => r.counts.responses > 0)
    .sort((a, b) => b.counts.responses - a.counts.responses || a.label.localeCompare(b.label, "vi"));
}

/** Counts of each agency of the subtree (recorded at the agency itself) by one dimension. */
export async function breakdownByAgency(
  db: Db,
  params: SubtreeParams & { by: BreakdownKind },
): Promise<{ agencyId: number; agencyPath: string; key: string; counts: FigureCounts }[]> {
  const counted = await facetRows(db, { ...params, perAgency: true });
  return counted
    .map((r) => ({ agencyId: Number(r.agency_id), agencyPath: String(r.agency_path), key: r.key ?? "", counts: countsFromValues(r) }))
    .filter((r) => r.counts.responses > 0);
}

/** Names and codes of the keys a breakdown found (channels and timeliness are their own labels). */
async function breakdownLabels(db: Db, by: BreakdownKind, keys: string[]): Promise<Map<string, { label: string; code: string | null }>> {
  const ids = keys.map(Number).filter((n) => Number.isInteger(n));
  if (ids.length === 0 || by === "channel" || by === "timeliness") return new Map();
  const table =
    by === "procedure"
      ? sql`select id::text as key, name as label, code from procedures`
      : by === "officer"
        ? sql`select id::text as key, name as label, username as code from staff_accounts`
        : sql`select d.id::text as key, d.name as label, d.code from desks d`;
  const found = await rows<{ key: string; label: string; code: string | null }>(db, sql`select * from (${table}) t where t.key = any(${sql.param(ids.map(String))}::text[])`);
  return new Map(found.map((r) => [r.key, { label: r.label, code: r.code }]));
}

export type CommentRow = {
  id: number;
  submittedAt: Date;
  agencyName: string;
  procedureName: string | null;
  channel: string;
  comment: string;
  /** The lowest answer on the sheet, for flagging low ratings. */
  lowest: number | null;
};

// One screen of comments: enough to read, small enough for a phone.
export const COMMENTS_PAGE_SIZE = 20;

/** The elements a comment filter can name: the five of the index and the overall question. */
export const COMMENT_ELEMENTS = [...INDEX_ELEMENTS, OVERALL_ELEMENT] as const;
export type CommentElement = (typeof COMMENT_ELEMENTS)[number];

/** A rating filter: one value, "low" (1–2, dissatisfied) or "high" (4–5, the satisfied of §4.1). */
export const RATING_FILTERS = ["low", "1", "2", "3", "4", "5", "high"] as const;
export type RatingFilter = (typeof RATING_FILTERS)[number];

const RATING_RANGE: Record<RatingFilter, [number, number]> = {
  low: [1, 2],
  "1": [1, 1],
  "2": [2, 2],
  "3": [3, 3],
  "4": [4, 4],
  "5": [5, 5],
  high: [4, 5],
};

/**
 * What a drill-down narrows the sheets to, within the subtree and period: an element with a
 * rating (an element alone: the sheets that answered it; a rating alone: any element so rated),
 * a procedure, an officer, a channel, and words of the comment (diacritics and case ignored).
 */
export type CommentFilters = {
  element?: CommentElement;
  rating?: RatingFilter;
  procedureId?: number;
  officerId?: number;
  channel?: Channel;
  deskId?: number;
  /** The dossier's timeliness (TIMELINESS): 1 completed on time, 2 late. */
  timeliness?: 1 | 2;
  text?: string;
};

function filterSql(f: CommentFilters & { lowOnly?: boolean }): SQL {
  const parts: SQL[] = [];
  const rating = f.rating ?? (f.lowOnly ? "low" : undefined);
  if (f.element || rating) {
    const element = f.element ? sql`and x.element = ${f.element}` : sql``;
    const [lo, hi] = rating ? RATING_RANGE[rating] : [1, 5];
    // The bounds are written into the statement, not bound: only then may the planner read a low
    // rating from answers_low_idx (its predicate must be implied by constants).
    const range = sql.raw(`x.value between ${Number(lo)} and ${Number(hi)}`);
    parts.push(sql`exists (select 1 from answers x where x.response_id = r.id ${element} and ${range})`);
  }
  if (f.procedureId != null) parts.push(sql`r.procedure_id = ${f.procedureId}::int`);
  if (f.officerId != null) parts.push(sql`r.officer_id = ${f.officerId}::int`);
  if (f.channel) parts.push(sql`r.channel = ${f.channel}`);
  if (f.deskId != null) parts.push(sql`r.desk_id = ${f.deskId}::int`);
  if (f.timeliness != null) parts.push(sql`r.timeliness = ${f.timeliness}::int2`);
  if (f.text?.trim()) parts.push(containsAllWords(sql`r.comment`, f.text));
  return parts.length === 0 ? sql`` : sql`and ${sql.join(parts, sql` and `)}`;
}

/** Beyond this many comments the page says "more than" and pages on without a last page. */
export const COMMENTS_COUNT_CAP = 200;

/**
 * The sheets the filters match, from the breakdown counters when the filters are counted there:
 * at most one of procedure, officer, desk, channel and timeliness (its dimension; otherwise the
 * channel's, which every sheet has), and a rating only with its element. Null when they are not
 * (a rating of any element, two dimensions at once): the caller counts the answers.
 */
async function sheetsFromCounters(db: Db, params: SubtreeParams & CommentFilters): Promise<number | null> {
  const keys: [BreakdownKind, string | number | undefined][] = [
    ["procedure", params.procedureId],
    ["officer", params.officerId],
    ["desk", params.deskId],
    ["channel", params.channel],
    ["timeliness", params.timeliness],
  ];
  const given = keys.filter(([, v]) => v != null);
  if (given.length > 1 || (params.rating && !params.element)) return null;
  const [by, key] = given[0] ?? ["channel", undefined];
  const counted = await facetRows(db, { ...params, by });
  const [lo, hi] = params.rating ? RATING_RANGE[params.rating] : [1, 5];
  let n = 0;
  for (const r of counted) {
    if (key != null && r.key !== String(key)) continue;
    if (!params.element) n += Number(r.responses ?? 0);
    else for (let v = lo; v <= hi; v++) n += Number(r[`${params.element}${v}`] ?? 0);
  }
  return n;
}

/**
 * Comments newest first, with the filters (`lowOnly` is the older spelling of rating "low").
 * `sheets` counts every sheet the filters match, commented or not: the answers behind a figure
 * (null with a text filter, which only comments can match). `total` counts the comments up to
 * COMMENTS_COUNT_CAP + 1 (`more` when there are more): a province's year holds hundreds of
 * thousands, and nobody pages that far.
 */
export async function comments(
  db: Db,
  params: SubtreeParams & CommentFilters & { lowOnly?: boolean; page: number },
): Promise<{ total: number; more: boolean; sheets: number | null; rows: CommentRow[] }> {
  const w = where(params);
  const filters = filterSql(params);
  const commented = sql`r.comment is not null and btrim(r.comment) <> ''`;
  const page = Math.max(1, Math.floor(params.page));
  const filterParams = { ...params, rating: params.rating ?? (params.lowOnly ? ("low" as const) : undefined) };
  const countSheets = async () => {
    if (params.text?.trim()) return null;
    const fromCounters = await sheetsFromCounters(db, filterParams);
    if (fromCounters != null) return fromCounters;
    const [row] = await rows<{ n: number }>(db, sql`select count(*)::int as n from responses r join agencies a on a.id = r.agency_id where ${w} ${filters}`);
    return Number(row?.n ?? 0);
  };
  const [[count], sheets, list] = await Promise.all([
    rows<{ n: number }>(
      db,
      sql`select count(*)::int as n from (
            select 1 from responses r join agencies a on a.id = r.agency_id
            where ${w} and ${commented} ${filters}
            limit ${COMMENTS_COUNT_CAP + 1}
          ) c`,
    ),
    countSheets(),
    rows<{ id: number; submitted_at: string | Date; agency_name: string; procedure_name: string | null; channel: string; comment: string; lowest: number | null }>(
      db,
      sql`select r.id, r.submitted_at, a.name as agency_name, p.name as procedure_name, r.channel, r.comment,
            (select min(x.value)::int from answers x where x.response_id = r.id) as lowest
          from responses r join agencies a on a.id = r.agency_id left join procedures p on p.id = r.procedure_id
          where ${w} and ${commented} ${filters}
          order by r.submitted_at desc, r.id desc
          limit ${COMMENTS_PAGE_SIZE} offset ${(page - 1) * COMMENTS_PAGE_SIZE}`,
    ),
  ]);
  const n = Number(count?.n ?? 0);
  return {
    total: Math.min(n, COMMENTS_COUNT_CAP),
    more: n > COMMENTS_COUNT_CAP,
    sheets,
    rows: list.map((r) => ({
      id: Number(r.id),
      submittedAt: new Date(r.submitted_at),
      agencyName: r.agency_name,
      procedureName: r.procedure_name,
      channel: r.channel,
      comment: r.comment,
      lowest: r.lowest == null ? null : Number(r.lowest),
    })),
  };
}

export type CommentFilterOptions = {
  /** The viewer's subtree in tree order, with each agency's depth below the viewer's own. */
  agencies: { id: number; name: string; nameEn: string | null; level: string; depth: number }[];
  /** The procedures the agencies of the subtree handle. */
  procedures: { id: number; code: string; name: string }[];
};

/** What the comments page's filter form offers: nothing outside the viewer's subtree. */
export async function commentFilterOptions(
  db: Db,
  params: { scopePath: string; path: string; selectedProcedureId?: number },
): Promise<CommentFilterOptions> {
  assertScopePath(params.scopePath);
  assertScopePath(params.path);
  const [agencyRows, procedureRows] = await Promise.all([
    rows<{ id: number; parent_id: number | null; name: string; name_en: string | null; level: string; path: string; sort_order: number }>(
      db,
      sql`select id, parent_id, name, name_en, level, path, sort_order from agencies where path like ${`${params.scopePath}%`}`,
    ),
    rows<{ id: number; code: string; name: string }>(
      db,
      // The chosen procedure stays on offer even when no agency lists it any more (the catalogue
      // is public; the answers still name it).
      sql`select p.id, p.code, p.name from procedures p
          where p.id in (select ap.procedure_id from agency_procedures ap join agencies a on a.id = ap.agency_id
                         where a.path like ${`${params.path}%`} and a.path like ${`${params.scopePath}%`})
            or p.id = ${params.selectedProcedureId ?? null}::int
          order by p.name, p.id`,
    ),
  ]);
  const children = new Map<number | null, typeof agencyRows>();
  const ids = new Set(agencyRows.map((a) => Number(a.id)));
  for (const a of agencyRows) {
    const parent = a.parent_id != null && ids.has(Number(a.parent_id)) ? Number(a.parent_id) : null;
    children.set(parent, [...(children.get(parent) ?? []), a]);
  }
  const agencies: CommentFilterOptions["agencies"] = [];
  const visit = (parent: number | null, depth: number) => {
    const list = (children.get(parent) ?? []).sort((x, y) => x.sort_order - y.sort_order || x.name.localeCompare(y.name, "vi") || x.id - y.id);
    for (const a of list) {
      agencies.push({ id: Number(a.id), name: a.name, nameEn: a.name_en, level: a.level, depth });
      visit(Number(a.id), depth + 1);
    }
  };
  visit(null, 0);
  return { agencies, procedures: procedureRows.map((p) => ({ id: Number(p.id), code: p.code, name: p.name })) };
}

/** An officer's name for the filter's label, only when their account is in the viewer's subtree. */
export async function officerInScope(db: Db, params: { officerId: number; scopePath: string }): Promise<{ id: number; name: string } | null> {
  assertScopePath(params.scopePath);
  const [row] = await rows<{ id: number; name: string }>(
    db,
    sql`select s.id, s.name from staff_accounts s join agencies a on a.id = s.agency_id
        where s.id = ${params.officerId}::int and a.path like ${`${params.scopePath}%`}`,
  );
  return row ? { id: Number(row.id), name: row.name } : null;
}

/** A desk's name for the filter's label, only when its agency is in the viewer's subtree. */
export async function deskInScope(db: Db, params: { deskId: number; scopePath: string }): Promise<{ id: number; name: string } | null> {
  assertScopePath(params.scopePath);
  const [row] = await rows<{ id: number; name: string }>(
    db,
    sql`select d.id, d.name || ' · ' || a.name as name from desks d join agencies a on a.id = d.agency_id
        where d.id = ${params.deskId}::int and a.path like ${`${params.scopePath}%`}`,
  );
  return row ? { id: Number(row.id), name: row.name } : null;
}

export type ExpectationCounts = {
  /** Respondents who ticked at least one option: the denominator of §4.3. */
  respondents: number;
  options: { key: string; n: number }[];
};

export async function expectationCounts(db: Db, params: SubtreeParams): Promise<ExpectationCounts> {
  const w = where(params);
  const [answered] = await rows<{ n: number }>(
    db,
    sql`select count(distinct e.response_id)::int as n
        from responses r join agencies a on a.id = r.agency_id join response_expectations e on e.response_id = r.id
        where ${w}`,
  );
  const options = await rows<{ key: string; n: number }>(
    db,
    sql`select e.option_key as key, count(*)::int as n
        from responses r join agencies a on a.id = r.agency_id join response_expectations e on e.response_id = r.id
        where ${w}
        group by 1 order by 2 desc, 1`,
  );
  return { respondents: Number(answered?.n ?? 0), options: options.map((o) => ({ key: o.key, n: Number(o.n) })) };
}

/**
 * One anonymised response for the export: no contact detail, token, invitation, dossier, device
 * or officer (the sheet is the citizen's, not a record about a person).
 */
export type ExportResponse = {
  submittedAt: Date;
  agencyCode: string;
  agencyName: string;
  procedureCode: string | null;
  procedureName: string | null;
  channel: string;
  verified: boolean;
  answers: Record<string, number>;
  expectations: string[];
  comment: string | null;
};

// Keyset pages: the export of a province-year streams in bounded memory, and its first bytes
// leave after one page's answers are read (about 2.000 index lookups), not after five thousand.
const EXPORT_BATCH = 2000;

// Up to this many agencies, a subtree's page is read agency by agency (see below).
const EXPORT_BY_AGENCY_UP_TO = 24;

export async function* exportResponses(db: Db, params: SubtreeParams): AsyncGenerator<ExportResponse[]> {
  const w = where(params);
  // A small subtree (a commune, a district) holds a sliver of the period's responses: scanned in
  // time order over everyone's, its page would be found after reading most of the others'. Each
  // of its agencies' own rows come in order from responses_agency_submitted_idx, and the pages
  // merge: the page is the first rows of the union of the agencies' first rows.
  const agencyRows = params.path.startsWith(params.scopePath)
    ? await rows<{ id: number }>(
        db,
        sql`select a.id from agencies a where a.path like ${`${params.path}%`} and a.path like ${`${params.scopePath}%`} limit ${EXPORT_BY_AGENCY_UP_TO + 1}`,
      )
    : [];
  const byAgency = agencyRows.length > 0 && agencyRows.length <= EXPORT_BY_AGENCY_UP_TO;
  const agencyIds = agencyRows.map((a) => Number(a.id));
  const own = submittedIn(params);
  let after: { at: string; id: number } | null = null;
  for (;;) {
    const cursor: SQL = after ? sql`and (r.submitted_at, r.id) > (${after.at}::timestamptz, ${after.id}::bigint)` : sql``;
    const source: SQL = byAgency
      ? sql`(select r.* from unnest(${sql.param(agencyIds)}::int[]) as g(id)
            cross join lateral (select r.* from responses r where r.agency_id = g.id and ${own} ${cursor}
                                order by r.submitted_at, r.id limit ${EXPORT_BATCH}) r
            order by r.submitted_at, r.id limit ${EXPORT_BATCH}) r`
      : sql`responses r`;
    const condition: SQL = byAgency ? sql`true` : sql`${w} ${cursor}`;
    const batch = await rows<{
      id: number;
      at: string;
      agency_code: string;
      agency_name: string;
      procedure_code: string | null;
      procedure_name: string | null;
      channel: string;
      verified: boolean;
      answers: Record<string, number> | string | null;
      expectations: string[] | string | null;
      comment: string | null;
    }>(
      db,
      sql`select r.id, to_char(r.submitted_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as at,
            a.code as agency_code, a.name as agency_name, p.code as procedure_code, p.name as procedure_name,
            r.channel, r.verified, r.comment,
            (select jsonb_object_agg(x.question_key, x.value) from answers x where x.response_id = r.id) as answers,
            (select jsonb_agg(e.option_key order by e.option_key) from response_expectations e where e.response_id = r.id) as expectations
          from ${source} join agencies a on a.id = r.agency_id left join procedures p on p.id = r.procedure_id
          where ${condition}
          order by r.submitted_at, r.id
          limit ${EXPORT_BATCH}`,
    );
    if (batch.length === 0) return;
    yield batch.map((r) => ({
      submittedAt: new Date(r.at),
      agencyCode: r.agency_code,
      agencyName: r.agency_name,
      procedureCode: r.procedure_code,
      procedureName: r.procedure_name,
      channel: r.channel,
      verified: Boolean(r.verified),
      answers: (typeof r.answers === "string" ? JSON.parse(r.answers) : (r.answers ?? {})) as Record<string, number>,
      expectations: (typeof r.expectations === "string" ? JSON.parse(r.expectations) : (r.expectations ?? [])) as string[],
      comment: r.comment,
    }));
    const last = batch[batch.length - 1]!;
    after = { at: last.at, id: Number(last.id) };
    if (batch.length < EXPORT_BATCH) return;
  }
}

/** How many responses an export would hold, to refuse an XLSX beyond a sheet's limit up front. */
export async function countResponses(db: Db, params: SubtreeParams): Promise<number> {
  const [row] = await rows<{ n: number }>(db, sql`select count(*)::int as n from responses r join agencies a on a.id = r.agency_id where ${where(params)}`);
  return Number(row?.n ?? 0);
}
