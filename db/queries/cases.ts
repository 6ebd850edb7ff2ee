import { historyScopeOf } from "./agencies";
import { sql, type SQL } from "drizzle-orm";
import { rows, type Db } from "@/db/client";
import { caseStatuses, type CaseEventKind, type CaseStatus, type Channel } from "@/db/schema";
import { assertScopePath } from "./figures";

/** Who looks at cases: their account (never shown their own dossiers' cases) and their subtree. */
export type CaseViewer = { id: number; role: string; scopePath: string };

export type CaseFilters = {
  /** A status, or "open" for every case not closed (what the queue shows first); absent for all. */
  status?: CaseStatus | "open";
  overdue?: boolean;
  element?: string;
  procedureId?: number;
  channel?: string;
  /** Leaders only (role leader or admin): ignored for anyone else. */
  officerId?: number;
  agencyId?: number;
};

// A queue page lists this many cases; the total tells how many more the filters hold.
export const QUEUE_LIMIT = 200;

const ELEMENT = /^[a-z_]{1,32}$/;

export function seesOfficers(viewer: CaseViewer): boolean {
  return viewer.role === "leader" || viewer.role === "admin";
}

/**
 * The viewer's cases, as a WHERE condition over `c` (cases) joined to `owner` (its agency): owned
 * by an agency of their subtree, or forwarded away from one (the forwarder keeps read access);
 * and never a case about the viewer's own dossier, whatever the role (the S3 rating is about them).
 */
export function caseScope(viewer: CaseViewer): SQL {
  assertScopePath(viewer.scopePath);
  const scope = `${viewer.scopePath}%`;
  return sql`(owner.path like ${scope}
      or exists (select 1 from case_forwards f join agencies fa on fa.id = f.from_agency_id where f.case_id = c.id and fa.path like ${scope}))
    and c.officer_id is distinct from ${viewer.id}::int`;
}

/** Overdue: not replied, not closed, and its reply day has passed (Vietnam day `today`). */
function overdue(today: string): SQL {
  return sql`(c.replied_at is null and c.closed_at is null and c.reply_due_on < ${today}::date)`;
}

function filterSql(viewer: CaseViewer, filters: CaseFilters, today: string): SQL {
  const parts: SQL[] = [caseScope(viewer)];
  if (filters.status === "open") parts.push(sql`c.status <> 'closed'`);
  else if (filters.status && (caseStatuses as readonly string[]).includes(filters.status)) parts.push(sql`c.status = ${filters.status}`);
  if (filters.overdue) parts.push(overdue(today));
  if (filters.element && ELEMENT.test(filters.element)) parts.push(sql`${`low:${filters.element}`} = any(c.reasons)`);
  if (filters.procedureId) parts.push(sql`r.procedure_id = ${filters.procedureId}::int`);
  if (filters.channel) parts.push(sql`r.channel = ${filters.channel}`);
  if (filters.officerId && seesOfficers(viewer)) parts.push(sql`c.officer_id = ${filters.officerId}::int`);
  if (filters.agencyId) parts.push(sql`c.agency_id = ${filters.agencyId}::int`);
  return sql.join(parts, sql` and `);
}

export type QueueRow = {
  id: number;
  reference: string;
  status: CaseStatus;
  agencyName: string;
  procedureName: string | null;
  reasons: string[];
  openedAt: Date;
  replyDueOn: string;
  assigneeName: string | null;
  overdue: boolean;
  /** The reply deadline passed and the parent agency's leaders were told. */
  escalated: boolean;
  verified: boolean;
  /** Forwarded away: the viewer's subtree no longer owns it (read only). */
  readOnly: boolean;
};

const BASE = sql`from cases c join agencies owner on owner.id = c.agency_id join responses r on r.id = c.response_id`;

/** The case queue of a viewer, newest first, with the total the filters match. */
export async function caseQueue(
  db: Db,
  { viewer, filters, today, limit = QUEUE_LIMIT }: { viewer: CaseViewer; filters: CaseFilters; today: string; limit?: number },
): Promise<{ rows: QueueRow[]; total: number }> {
  const where = filterSql(viewer, filters, today);
  const scope = `${viewer.scopePath}%`;
  const [list, count] = await Promise.all([
    rows<{
      id: number;
      reference: string;
      status: CaseStatus;
      agency_name: string;
      procedure_name: string | null;
      reasons: string[];
      opened_at: Date | string;
      reply_due_on: string;
      assignee_name: string | null;
      overdue: boolean;
      escalated: boolean;
      verified: boolean;
      read_only: boolean;
    }>(
      db,
      sql`select c.id::int as id, c.reference, c.status, owner.name as agency_name, p.name as procedure_name, c.reasons, c.opened_at,
                 to_char(c.reply_due_on, 'YYYY-MM-DD') as reply_due_on, s.name as assignee_name, ${overdue(today)} as overdue, c.escalated_at is not null as escalated, c.verified,
                 owner.path not like ${scope} as read_only
          ${BASE}
          left join procedures p on p.id = r.procedure_id
          left join staff_accounts s on s.id = c.assignee_id
          where ${where}
          order by c.opened_at desc, c.id desc
          limit ${limit}`,
    ),
    rows<{ n: number }>(db, sql`select count(*)::int as n ${BASE} where ${where}`),
  ]);
  return {
    rows: list.map((x) => ({
      id: Number(x.id),
      reference: x.reference,
      status: x.status,
      agencyName: x.agency_name,
      procedureName: x.procedure_name,
      reasons: x.reasons,
      openedAt: new Date(x.opened_at),
      replyDueOn: x.reply_due_on,
      assigneeName: x.assignee_name,
      overdue: Boolean(x.overdue),
      escalated: Boolean(x.escalated),
      verified: Boolean(x.verified),
      readOnly: Boolean(x.read_only),
    })),
    total: Number(count[0]?.n ?? 0),
  };
}

export type QueueOptions = {
  elements: string[];
  procedures: { id: number; name: string }[];
  channels: string[];
  /** Empty for anyone but leaders. */
  officers: { id: number; name: string }[];
  agencies: { id: number; name: string }[];
};

/** The values the queue's filters offer: only those of the viewer's own cases (same scope). */
export async function caseQueueOptions(db: Db, { viewer }: { viewer: CaseViewer }): Promise<QueueOptions> {
  const where = caseScope(viewer);
  const [elements, procedures, channels, officers, agencies] = await Promise.all([
    rows<{ e: string }>(db, sql`select distinct substr(x.reason, 5) as e ${BASE} cross join unnest(c.reasons) as x(reason) where ${where} and x.reason like 'low:%' order by 1`),
    rows<{ id: number; name: string }>(db, sql`select distinct p.id, p.name ${BASE} join procedures p on p.id = r.procedure_id where ${where} order by p.name, p.id`),
    rows<{ channel: string }>(db, sql`select distinct r.channel ${BASE} where ${where} order by 1`),
    seesOfficers(viewer)
      ? rows<{ id: number; name: string }>(db, sql`select distinct s.id, s.name ${BASE} join staff_accounts s on s.id = c.officer_id where ${where} order by s.name, s.id`)
      : Promise.resolve([]),
    rows<{ id: number; name: string }>(db, sql`select distinct owner.id, owner.name, owner.path ${BASE} where ${where} order by owner.path`),
  ]);
  return {
    elements: elements.map((x) => x.e),
    procedures: procedures.map((x) => ({ id: Number(x.id), name: x.name })),
    channels: channels.map((x) => x.channel),
    officers: officers.map((x) => ({ id: Number(x.id), name: x.name })),
    agencies: agencies.map((x) => ({ id: Number(x.id), name: x.name })),
  };
}

export type CaseDetails = {
  id: number;
  reference: string;
  status: CaseStatus;
  agencyId: number;
  agencyName: string;
  agencyPath: string;
  originAgencyName: string;
  procedureName: string | null;
  dossierCode: string | null;
  channel: Channel;
  reasons: string[];
  verified: boolean;
  openedAt: Date;
  forwardDueOn: string;
  replyDueOn: string;
  forwardedAt: Date | null;
  repliedAt: Date | null;
  closedAt: Date | null;
  escalatedAt: Date | null;
  replyText: string | null;
  assigneeId: number | null;
  assigneeName: string | null;
  /** Staff may read the citizen's comment on the case page; it never leaves the product. */
  comment: string | null;
  answers: { key: string; element: string; value: number }[];
  /** The owning agency is in the viewer's subtree (a forwarder only reads). */
  owned: boolean;
  hasContact: boolean;
  history: { id: number; at: Date; kind: CaseEventKind; actorName: string | null; note: string | null; data: Record<string, unknown> | null }[];
  forwards: { at: Date; fromName: string; toName: string }[];
};

/** One case as its viewer may see it, or null outside their scope (or about their own dossier). */
/**
 * The case in the viewer's subtree, or a case of history: one owned by a predecessor of an
 * agency in it (decision 021), read-only (`owned` false: no action, no contact details; `ofPredecessor`
 * says why), as the
 * successor's leaders read their predecessors' pages. Null otherwise.
 */
export async function caseToRead(db: Db, { viewer, caseId }: { viewer: CaseViewer; caseId: number }): Promise<(CaseDetails & { ofPredecessor?: true }) | null> {
  const own = await caseForViewer(db, { viewer, caseId });
  if (own) return own;
  const [owner] = await rows<{ agency_id: number }>(db, sql`select agency_id from cases where id = ${caseId}`);
  const history = owner ? await historyScopeOf(db, { agencyId: Number(owner.agency_id), scopePath: viewer.scopePath }) : null;
  const past = history ? await caseForViewer(db, { viewer: { ...viewer, scopePath: history }, caseId }) : null;
  return past && { ...past, owned: false, ofPredecessor: true };
}

export async function caseForViewer(db: Db, { viewer, caseId }: { viewer: CaseViewer; caseId: number }): Promise<CaseDetails | null> {
  const scope = `${viewer.scopePath}%`;
  const [row] = await rows<Record<string, unknown>>(
    db,
    sql`select c.id::int as id, c.reference, c.status, c.agency_id, owner.name as agency_name, owner.path as agency_path, origin.name as origin_name,
               p.name as procedure_name, d.code as dossier_code, r.channel, c.reasons, c.verified, c.opened_at,
               to_char(c.forward_due_on, 'YYYY-MM-DD') as forward_due_on, to_char(c.reply_due_on, 'YYYY-MM-DD') as reply_due_on,
               c.forwarded_at, c.replied_at, c.closed_at, c.escalated_at, c.reply_text, c.assignee_id, s.name as assignee_name, r.comment,
               owner.path like ${scope} as owned, exists (select 1 from contacts ct where ct.response_id = c.response_id) as has_contact,
               c.response_id::bigint as response_id
        ${BASE}
        join agencies origin on origin.id = c.origin_agency_id
        left join procedures p on p.id = r.procedure_id
        left join dossiers d on d.id = r.dossier_id
        left join staff_accounts s on s.id = c.assignee_id
        where c.id = ${caseId} and ${caseScope(viewer)}`,
  );
  if (!row) return null;
  const date = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string));
  const [answers, history, forwards] = await Promise.all([
    rows<{ key: string; element: string; value: number }>(
      db,
      sql`select question_key as key, element, value::int as value from answers where response_id = ${row.response_id as number} order by question_key`,
    ),
    rows<{ id: number; at: string; kind: CaseEventKind; actor_name: string | null; note: string | null; data: Record<string, unknown> | null }>(
      db,
      sql`select e.id::int as id, e.at, e.kind, s.name as actor_name, e.note, e.data
          from case_events e left join staff_accounts s on s.id = e.actor_id where e.case_id = ${caseId} order by e.at, e.id`,
    ),
    rows<{ at: string; from_name: string; to_name: string }>(
      db,
      sql`select f.at, fa.name as from_name, ta.name as to_name
          from case_forwards f join agencies fa on fa.id = f.from_agency_id join agencies ta on ta.id = f.to_agency_id
          where f.case_id = ${caseId} order by f.at, f.id`,
    ),
  ]);
  return {
    id: Number(row.id),
    reference: row.reference as string,
    status: row.status as CaseStatus,
    agencyId: Number(row.agency_id),
    agencyName: row.agency_name as string,
    agencyPath: row.agency_path as string,
    originAgencyName: row.origin_name as string,
    procedureName: (row.procedure_name as string | null) ?? null,
    dossierCode: (row.dossier_code as string | null) ?? null,
    channel: row.channel as Channel,
    reasons: row.reasons as string[],
    verified: Boolean(row.verified),
    openedAt: new Date(row.opened_at as string),
    forwardDueOn: row.forward_due_on as string,
    replyDueOn: row.reply_due_on as string,
    forwardedAt: date(row.forwarded_at),
    repliedAt: date(row.replied_at),
    closedAt: date(row.closed_at),
    escalatedAt: date(row.escalated_at),
    replyText: (row.reply_text as string | null) ?? null,
    assigneeId: row.assignee_id === null ? null : Number(row.assignee_id),
    assigneeName: (row.assignee_name as string | null) ?? null,
    comment: (row.comment as string | null) ?? null,
    answers: answers.map((a) => ({ ...a, value: Number(a.value) })),
    owned: Boolean(row.owned),
    hasContact: Boolean(row.has_contact),
    history: history.map((h) => ({ id: Number(h.id), at: new Date(h.at), kind: h.kind, actorName: h.actor_name, note: h.note, data: h.data })),
    forwards: forwards.map((f) => ({ at: new Date(f.at), fromName: f.from_name, toName: f.to_name })),
  };
}

/** Who a case may be assigned to: active leaders and handlers of the owning agency's subtree, never its officer. */
export async function assignableStaff(db: Db, { caseId }: { caseId: number }): Promise<{ id: number; name: string; agencyName: string }[]> {
  const list = await rows<{ id: number; name: string; agency_name: string }>(
    db,
    sql`select s.id, s.name, a.name as agency_name
        from cases c join agencies owner on owner.id = c.agency_id
        join staff_accounts s on s.active and s.role in ('leader', 'handler') and s.id is distinct from c.officer_id
        join agencies a on a.id = s.agency_id and a.path like owner.path || '%'
        where c.id = ${caseId}
        order by a.path, s.name, s.id`,
  );
  return list.map((x) => ({ id: Number(x.id), name: x.name, agencyName: x.agency_name }));
}

/** Agencies a case can be forwarded to: the active agencies of the viewer's province (root subtree). */
export async function forwardTargets(db: Db, { scopePath, exceptAgencyId }: { scopePath: string; exceptAgencyId: number }): Promise<{ id: number; name: string }[]> {
  assertScopePath(scopePath);
  const root = scopePath.split("/")[1];
  const list = await rows<{ id: number; name: string }>(
    db,
    sql`select id, name from agencies where active and path like ${`/${root}/%`} and id <> ${exceptAgencyId} order by path`,
  );
  return list.map((x) => ({ id: Number(x.id), name: x.name }));
}

export type PublicCaseStatus = {
  reference: string;
  status: CaseStatus;
  openedAt: Date;
  replyDueOn: string;
  repliedAt: Date | null;
  closedAt: Date | null;
  replyText: string | null;
};

/** What the citizen's status page shows: the case's state and reply, nothing personal, no comment, no notes. */
export async function caseStatusByTokenHash(db: Db, { tokenHash }: { tokenHash: string }): Promise<PublicCaseStatus | null> {
  const [row] = await rows<{ reference: string; status: CaseStatus; opened_at: string; reply_due_on: string; replied_at: string | null; closed_at: string | null; reply_text: string | null }>(
    db,
    sql`select reference, status, opened_at, to_char(reply_due_on, 'YYYY-MM-DD') as reply_due_on, replied_at, closed_at, reply_text
        from cases where status_token_hash = ${tokenHash}`,
  );
  if (!row) return null;
  return {
    reference: row.reference,
    status: row.status,
    openedAt: new Date(row.opened_at),
    replyDueOn: row.reply_due_on,
    repliedAt: row.replied_at ? new Date(row.replied_at) : null,
    closedAt: row.closed_at ? new Date(row.closed_at) : null,
    replyText: row.reply_text,
  };
}
