import { sql } from "drizzle-orm";
import { rows, type Db } from "../client";
import { assertScopePath, validityColumns, type AgencyMeta } from "./figures";

/**
 * The case rows behind the leaders' case figures (lib/metrics/case-figures.ts). A case counts at
 * the agency whose answer opened it (`origin_agency_id`), never where it was forwarded to: the
 * figure says how the answers given to an agency were followed up, wherever the work went.
 */

/** One case, only the columns the figures need: no reference, text, reasons or people. */
export type CaseFact = {
  openedAt: Date;
  /** Vietnam calendar day, "yyyy-mm-dd". */
  replyDueOn: string;
  repliedAt: Date | null;
  closedAt: Date | null;
  escalatedAt: Date | null;
  /** Opened in the period; false for a case read only because it is overdue now. */
  inPeriod: boolean;
};

export type AgencyCaseFacts = AgencyMeta & { cases: CaseFact[] };

type FactRow = {
  id: number;
  parent_id: number | null;
  path: string;
  code: string;
  name: string;
  name_en: string | null;
  level: string;
  tier: AgencyMeta["tier"];
  kind: AgencyMeta["kind"];
  active: boolean;
  in_force: boolean;
  ended: boolean;
  opened_at: string | Date | null;
  reply_due_on: string | null;
  replied_at: string | Date | null;
  closed_at: string | Date | null;
  escalated_at: string | Date | null;
  in_period: boolean | null;
};

const date = (v: string | Date | null): Date | null => (v == null ? null : new Date(v));

/**
 * Every agency whose path starts with `scopePath`, each with the cases it opened in [from, to)
 * and the cases it opened at any time that are overdue on `today` (not replied, not closed, reply
 * due before today): "overdue now" is a state of the queue, not of the period. One statement;
 * both halves read through an index (cases_opened_idx, cases_reply_due_idx) and carry the scope
 * in their WHERE clause. Cases are a few percent of answers, so the rows of a subtree and period
 * are few enough to reach JavaScript, where working days are counted with the one calendar module.
 */
export async function caseFactsOfSubtree(
  db: Db,
  params: { scopePath: string; from: Date; to: Date; today: string },
): Promise<AgencyCaseFacts[]> {
  assertScopePath(params.scopePath);
  if (Number.isNaN(params.from.getTime()) || Number.isNaN(params.to.getTime())) throw new Error("invalid period");
  if (!/^\d{4}-\d{2}-\d{2}$/.test(params.today)) throw new Error(`invalid day ${JSON.stringify(params.today)}`);
  const scope = `${params.scopePath}%`;
  const from = params.from.toISOString();
  const to = params.to.toISOString();
  const list = await rows<FactRow>(
    db,
    sql`select a.id, a.parent_id, a.path, a.code, a.name, a.name_en, a.level, a.tier, a.kind, a.active,
          ${validityColumns(params)},
          c.opened_at, c.reply_due_on::text as reply_due_on, c.replied_at, c.closed_at, c.escalated_at, c.in_period
        from agencies a
        left join (
          select c.origin_agency_id, c.opened_at, c.reply_due_on, c.replied_at, c.closed_at, c.escalated_at, true as in_period
          from cases c join agencies s on s.id = c.origin_agency_id
          where s.path like ${scope} and c.opened_at >= ${from}::timestamptz and c.opened_at < ${to}::timestamptz
          union all
          select c.origin_agency_id, c.opened_at, c.reply_due_on, c.replied_at, c.closed_at, c.escalated_at, false as in_period
          from cases c join agencies s on s.id = c.origin_agency_id
          where s.path like ${scope} and c.replied_at is null and c.closed_at is null and c.reply_due_on < ${params.today}::date
            and (c.opened_at < ${from}::timestamptz or c.opened_at >= ${to}::timestamptz)
        ) c on c.origin_agency_id = a.id
        where a.path like ${scope}
        order by a.sort_order, a.name, a.id`,
  );
  const byAgency = new Map<number, AgencyCaseFacts>();
  const ordered: AgencyCaseFacts[] = [];
  for (const r of list) {
    const id = Number(r.id);
    let agency = byAgency.get(id);
    if (!agency) {
      agency = {
        agencyId: id,
        parentId: r.parent_id == null ? null : Number(r.parent_id),
        path: r.path,
        code: r.code,
        name: r.name,
        nameEn: r.name_en,
        level: r.level,
        tier: r.tier,
        kind: r.kind,
        active: r.active,
        inForce: r.in_force,
        ended: r.ended,
        cases: [],
      };
      byAgency.set(id, agency);
      ordered.push(agency);
    }
    if (r.opened_at == null || r.reply_due_on == null) continue;
    agency.cases.push({
      openedAt: new Date(r.opened_at),
      replyDueOn: r.reply_due_on,
      repliedAt: date(r.replied_at),
      closedAt: date(r.closed_at),
      escalatedAt: date(r.escalated_at),
      inPeriod: r.in_period === true,
    });
  }
  return ordered;
}

export type CaseLink = { id: number; reference: string };

/**
 * The case opened by each of these responses, for the comments page's links. Only cases the
 * viewer may read: owned in their subtree or opened there (a forwarding agency keeps read access,
 * and the opening agency is the first to forward), and never a case about the viewer's own dossier.
 */
export async function casesOfResponses(
  db: Db,
  params: { responseIds: readonly number[]; scopePath: string; viewerId: number },
): Promise<Map<number, CaseLink>> {
  assertScopePath(params.scopePath);
  const ids = [...new Set(params.responseIds)].filter((id) => Number.isSafeInteger(id));
  if (ids.length === 0) return new Map();
  const scope = `${params.scopePath}%`;
  const list = await rows<{ id: number; reference: string; response_id: number }>(
    db,
    sql`select c.id, c.reference, c.response_id
        from cases c join agencies owner on owner.id = c.agency_id join agencies origin on origin.id = c.origin_agency_id
        where c.response_id in (${sql.join(
          ids.map((id) => sql`${id}::bigint`),
          sql`, `,
        )})
          and (owner.path like ${scope} or origin.path like ${scope})
          and c.officer_id is distinct from ${params.viewerId}::int`,
  );
  return new Map(list.map((r) => [Number(r.response_id), { id: Number(r.id), reference: r.reference }]));
}
