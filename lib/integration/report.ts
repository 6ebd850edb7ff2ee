import crypto from "node:crypto";
import { sql } from "drizzle-orm";
import { rows, type Db } from "@/db/client";
import { authSecret } from "@/lib/env";
import { settingFrom } from "@/lib/settings";
import { DomainError } from "@/lib/errors";
import { hashToken, invitationToken } from "@/lib/survey/token";
import type { DossierReport } from "./schemas";
import { now as clockNow } from "@/lib/time/clock";

export type ItemErrorCode =
  | "duplicate"
  | "unknownAgency"
  | "notInForce"
  | "outOfScope"
  | "unknownProcedure"
  | "notHandled"
  | "unknownDesk"
  | "unknownOfficer"
  | "changed";

/** One item's fault: the message is for API clients, the code for translated screens. */
export type ItemError = { index: number; field: keyof DossierReport; code: ItemErrorCode; message: string };

export type ReportedDossier = {
  dossierId: number;
  dossierCode: string;
  /** The agency it is recorded under: the one the code named when the dossier was completed, or its successor. */
  agencyCode: string;
  /** The code the report gave, when it named another agency than the one recorded (a code mapped across a reorganisation). */
  mappedFrom: string | null;
  created: boolean;
  invitation: { id: string; token: string; status: "issued" | "answered" | "expired" | "revoked"; issuedAt: Date; expiresAt: Date; created: boolean } | null;
};

const DAY_MS = 24 * 60 * 60 * 1000;

/** A rejected report: every item error at once, so that a client can fix them in one go. */
export function reportError(kind: "invalid" | "forbidden" | "conflict", message: string, errors: ItemError[]) {
  return new DomainError(kind, message, { errors });
}

/** Rolls back a report that met rows a concurrent request committed after its snapshot. */
class StoredMeanwhile extends Error {}

const keyOf = (agencyCode: string, dossierCode: string) => `${agencyCode}\u0000${dossierCode}`;
const epochMs = (d: Date | undefined) => (d ? d.getTime() : -1);
const ts = (column: ReturnType<typeof sql.raw>) => sql`case when ${column} < 0 then null else to_timestamp(${column} / 1000.0) end`;

/**
 * Records completed dossiers reported by a one-stop system or a CSV file, all or none, and (for
 * the API) issues or shows again each one's invitation. Codes are resolved up front in a few set
 * queries; the writes are one INSERT … SELECT FROM unnest per table, so 1.000 dossiers cost about
 * what one does. Unknown codes are errors: agencies and procedures are never created on the fly.
 * Idempotent on (agency, dossier code): the same dossier again returns the same invitation.
 */
export async function reportDossiers(
  db: Db,
  input: {
    scopePath: string;
    items: DossierReport[];
    source: "api" | "import";
    issue: boolean;
    actor: { kind: "staff" | "api"; id: number | null; label?: string };
    now?: Date;
    secret?: string;
    ttlDays?: number;
  },
): Promise<ReportedDossier[]> {
  const now = input.now ?? clockNow();
  const items = input.items;
  const errors: ItemError[] = [];

  const firstIndex = new Map<string, number>();
  items.forEach((item, index) => {
    const key = keyOf(item.agencyCode, item.dossierCode);
    const first = firstIndex.get(key);
    if (first === undefined) firstIndex.set(key, index);
    else errors.push({ index, field: "dossierCode", code: "duplicate", message: `the same dossier is reported twice in this request (also item ${first + 1})` });
  });

  const agencyCodes = [...new Set(items.map((i) => i.agencyCode))];
  const procedureCodes = [...new Set(items.map((i) => i.procedureCode))];
  const deskCodes = [...new Set(items.flatMap((i) => (i.deskCode ? [i.deskCode] : [])))];
  const officerCodes = [...new Set(items.flatMap((i) => (i.officerCode ? [i.officerCode] : [])))];
  const scope = `${input.scopePath}%`;
  // Every code of the request and the link lifetime resolved in one round trip: a single report
  // costs what its writes cost. Agency codes resolve through their holdings over time and the
  // reorganisations carried out since (decision 021): `holder` rows give each holding, `part`
  // rows the successors reachable from the holders, `lineage` the agencies on that way.
  const resolved = await rows<{
    kind: "holder" | "part" | "lineage" | "procedure" | "handles" | "desk" | "officer" | "setting";
    id: number;
    code: string | null;
    path: string | null;
    other: number | null;
    value: unknown;
  }>(
    db,
    sql`with recursive holders as (
          select c.agency_id, c.code, c.valid_from, c.valid_to from agency_codes c where c.code = any(${sql.param(agencyCodes)}::text[])
        ), chain as (
          select p.predecessor_id, p.successor_id, p.takes_rest, p.desk_id, p.desk_code, p.procedure_id
          from reorganisation_parts p join reorganisations r on r.id = p.reorganisation_id and r.status = 'done'
          where p.predecessor_id in (select agency_id from holders)
          union
          select p.predecessor_id, p.successor_id, p.takes_rest, p.desk_id, p.desk_code, p.procedure_id
          from reorganisation_parts p join reorganisations r on r.id = p.reorganisation_id and r.status = 'done'
          join chain ch on p.predecessor_id = ch.successor_id
        ), reached as (
          select agency_id as id from holders union select successor_id from chain
        )
        select 'holder' as kind, h.agency_id as id, h.code, null::text as path, null::int as other,
               jsonb_build_object('from', extract(epoch from h.valid_from) * 1000, 'to', extract(epoch from h.valid_to) * 1000) as value
        from holders h
        union all
        select 'lineage', a.id, a.code, a.path, null, jsonb_build_object('from', extract(epoch from a.valid_from) * 1000, 'to', extract(epoch from a.valid_to) * 1000)
        from agencies a where a.id in (select id from reached)
        union all
        select 'part', ch.predecessor_id, ch.desk_code, null, ch.successor_id, jsonb_build_object('rest', ch.takes_rest, 'desk', ch.desk_id, 'procedure', ch.procedure_id)
        from chain ch
        union all
        select 'procedure', p.id, p.code, null, null, null from procedures p where p.code = any(${sql.param(procedureCodes)}::text[])
        union all
        select 'handles', ap.agency_id, null, null, ap.procedure_id, null from agency_procedures ap
          join procedures p on p.id = ap.procedure_id
          where ap.agency_id in (select id from reached) and p.code = any(${sql.param(procedureCodes)}::text[])
        union all
        select 'desk', d.id, d.code, null, d.agency_id, null from desks d
          where d.agency_id in (select id from reached) and d.code = any(${sql.param(deskCodes)}::text[])
        union all
        select 'officer', s.id, s.username, null, null, null from staff_accounts s join agencies a on a.id = s.agency_id
          where s.username = any(${sql.param(officerCodes)}::text[]) and a.path like ${scope}
        union all
        select 'setting', 0, null, null, null, value from settings where key = 'invitations.ttlDays' and ${input.ttlDays === undefined}`,
  );
  const procedureByCode = new Map<string, number>();
  const handled = new Set<string>();
  const deskIds = new Map<string, number>();
  const officerIds = new Map<string, number>();
  const lineage: Lineage = { holdings: new Map(), agencies: new Map(), parts: new Map() };
  const instant = (v: unknown, key: "from" | "to") => {
    const ms = (v as Record<string, number | null>)[key];
    return ms == null ? null : Number(ms);
  };
  for (const r of resolved) {
    const id = Number(r.id);
    if (r.kind === "holder") lineage.holdings.set(r.code!, [...(lineage.holdings.get(r.code!) ?? []), { agencyId: id, from: instant(r.value, "from"), to: instant(r.value, "to") }]);
    else if (r.kind === "lineage") lineage.agencies.set(id, { code: r.code!, path: r.path!, from: instant(r.value, "from"), to: instant(r.value, "to") });
    else if (r.kind === "part") {
      const v = r.value as { rest: boolean; desk: number | null; procedure: number | null };
      lineage.parts.set(id, [...(lineage.parts.get(id) ?? []), { successorId: Number(r.other), takesRest: v.rest, deskId: v.desk, deskCode: r.code, procedureId: v.procedure }]);
    } else if (r.kind === "procedure") procedureByCode.set(r.code!, id);
    else if (r.kind === "handles") handled.add(`${id}:${Number(r.other)}`);
    else if (r.kind === "desk") deskIds.set(`${Number(r.other)}:${r.code}`, id);
    else if (r.kind === "officer") officerIds.set(r.code!, id);
  }
  // Each item's agency: the holder of its code when the dossier was completed, carried forward to
  // the successor in force then (`mappedFrom` says so), with its desk found where it moved.
  const targets = items.map((item) => resolveAgency(lineage, item, procedureByCode.get(item.procedureCode)));
  const outOfScope: ItemError[] = [];
  items.forEach((item, index) => {
    const target = targets[index]!;
    if (target.error === "unknownAgency") errors.push({ index, field: "agencyCode", code: "unknownAgency", message: `unknown agency code ${item.agencyCode}` });
    else if (target.error === "notInForce") {
      errors.push({ index, field: "agencyCode", code: "notInForce", message: `agency ${item.agencyCode} was not in force when the dossier was completed: report it with the code of the agency that handled it` });
    } else if (target.error === undefined && !target.scopePaths.some((p) => p.startsWith(input.scopePath))) {
      // A successor's key also reports for its predecessors (their pending reports come late).
      outOfScope.push({ index, field: "agencyCode", code: "outOfScope", message: `agency ${item.agencyCode} is outside the scope of this key` });
    }
    if (!procedureByCode.has(item.procedureCode)) errors.push({ index, field: "procedureCode", code: "unknownProcedure", message: `unknown procedure code ${item.procedureCode}` });
  });
  if (outOfScope.length > 0) throw reportError("forbidden", "some dossiers belong to agencies outside this key's scope", outOfScope);

  const deskOf = (item: DossierReport, index: number): number | undefined => {
    const target = targets[index]!;
    if (!item.deskCode || target.error) return undefined;
    return deskIds.get(`${target.agencyId}:${item.deskCode}`) ?? target.movedDeskId ?? undefined;
  };
  items.forEach((item, index) => {
    const target = targets[index]!;
    const procedureId = procedureByCode.get(item.procedureCode);
    if (target.error || procedureId === undefined) return;
    if (!handled.has(`${target.agencyId}:${procedureId}`)) {
      errors.push({ index, field: "procedureCode", code: "notHandled", message: `agency ${target.code} does not handle procedure ${item.procedureCode}` });
    }
    if (item.deskCode && deskOf(item, index) === undefined) {
      errors.push({ index, field: "deskCode", code: "unknownDesk", message: `unknown desk code ${item.deskCode} for agency ${item.agencyCode}` });
    }
    if (item.officerCode && !officerIds.has(item.officerCode)) {
      errors.push({ index, field: "officerCode", code: "unknownOfficer", message: `unknown officer code ${item.officerCode}` });
    }
  });
  if (errors.length > 0) {
    errors.sort((a, b) => a.index - b.index);
    throw reportError("invalid", "some dossiers cannot be recorded", errors);
  }

  const found = targets as Found[];
  const col = {
    agencyId: found.map((t) => t.agencyId),
    procedureId: items.map((i) => procedureByCode.get(i.procedureCode)!),
    code: items.map((i) => i.dossierCode),
    deskId: items.map((i, index) => deskOf(i, index) ?? 0),
    officerId: items.map((i) => (i.officerCode ? officerIds.get(i.officerCode)! : 0)),
    receivedAt: items.map((i) => epochMs(i.receivedAt)),
    dueAt: items.map((i) => epochMs(i.dueAt)),
    completedAt: items.map((i) => epochMs(i.completedAt)),
  };
  const secret = input.secret ?? authSecret();
  const ttlDays = input.ttlDays ?? settingFrom("invitations.ttlDays", resolved.find((r) => r.kind === "setting")?.value);
  const invitationIds = items.map(() => crypto.randomUUID());
  const expires = now.getTime() + ttlDays * DAY_MS;

  type StoredRow = { id: number; agency_id: number; code: string; procedure_id: number; created: boolean };
  type LiveRow = { id: string; dossier_id: number; issued_at: string; expires_at: string; used_at: string | null; created: boolean };
  // Everything written in one statement inside the transaction: the new dossiers (the known ones
  // read from the statement's snapshot, which the insert's own rows are not part of, hence the
  // union), each dossier's live invitation or a new one, and the audit record. The coverage
  // counters (decision 006) are then locked only from the statement's end to the commit.
  const write = (tx: Db) =>
    rows<{ dossiers: StoredRow[]; invitations: LiveRow[] }>(
      tx,
      sql`with t as (
            select * from unnest(${sql.param(col.agencyId)}::int[], ${sql.param(col.procedureId)}::int[], ${sql.param(col.code)}::text[],
                                 ${sql.param(col.deskId)}::int[], ${sql.param(col.officerId)}::int[], ${sql.param(col.receivedAt)}::float8[],
                                 ${sql.param(col.dueAt)}::float8[], ${sql.param(col.completedAt)}::float8[], ${sql.param(invitationIds)}::uuid[],
                                 ${sql.param(invitationIds.map((id) => hashToken(invitationToken(secret, id))))}::text[]) as t(a, p, c, d, o, r, u, x, i, h)
          ), ins as (
            insert into dossiers (agency_id, procedure_id, code, desk_id, officer_id, received_at, due_at, completed_at, source)
            select t.a, t.p, t.c, nullif(t.d, 0), nullif(t.o, 0), ${ts(sql.raw("t.r"))}, ${ts(sql.raw("t.u"))}, ${ts(sql.raw("t.x"))}, ${input.source}
            from t
            on conflict (agency_id, code) do nothing
            returning id, agency_id, code, procedure_id
          ), stored as (
            select id, agency_id, code, procedure_id, true as created from ins
            union all
            select d.id, d.agency_id, d.code, d.procedure_id, false from dossiers d join t on d.agency_id = t.a and d.code = t.c
          ), live as (
            select i.id, i.dossier_id, i.issued_at, i.expires_at, i.used_at from invitations i join stored s on i.dossier_id = s.id
            where ${input.issue} and not s.created and i.revoked_at is null
          ), issued as (
            insert into invitations (id, dossier_id, agency_id, desk_id, channel, token_hash, issued_at, expires_at)
            select t.i, s.id, t.a, nullif(t.d, 0), 'api', t.h, to_timestamp(${now.getTime()} / 1000.0), to_timestamp(${expires} / 1000.0)
            from t join stored s on s.agency_id = t.a and s.code = t.c
            where ${input.issue} and s.procedure_id = t.p and not exists (select 1 from live where live.dossier_id = s.id)
            on conflict (dossier_id) where revoked_at is null do nothing
            returning id, dossier_id, issued_at, expires_at, used_at
          ), audit as (
            insert into audit_log (actor_kind, actor_id, action, entity, entity_id, data)
            select ${input.actor.kind}, ${input.actor.id}::int, ${input.source === "api" ? "dossiers.reported" : "dossiers.imported"}, 'dossier', null,
                   jsonb_build_object('by', ${input.actor.label ?? null}::text, 'count', ${items.length}::int,
                                      'created', (select count(*) from ins), 'invitationsIssued', (select count(*) from issued),
                                      'firstDossierId', (select min(id) from stored))
          )
          select (select coalesce(json_agg(stored), '[]') from stored) as dossiers,
                 (select coalesce(json_agg(l), '[]') from (select *, false as created from live union all select *, true from issued) l) as invitations`,
    ).then(([row]) => row!);

  // A dossier or invitation stored by a concurrent request after the statement's snapshot is in
  // neither half of its union: the transaction is rolled back and run once more, and sees it.
  const attempt = () =>
    db.transaction(async (tx) => {
      const written = await write(tx as unknown as Db);
      const storedByKey = new Map(written.dossiers.map((d) => [`${d.agency_id}:${d.code}`, d]));
      const liveByDossier = new Map(written.invitations.map((l) => [Number(l.dossier_id), l]));
      const conflicts: ItemError[] = [];
      const dossierIds = items.map((item, index) => {
        const row = storedByKey.get(`${col.agencyId[index]}:${item.dossierCode}`);
        if (!row) throw new StoredMeanwhile();
        if (row.procedure_id !== col.procedureId[index]) {
          conflicts.push({ index, field: "procedureCode", code: "changed", message: `dossier ${item.dossierCode} was reported before with another procedure` });
        } else if (input.issue && !liveByDossier.has(Number(row.id))) throw new StoredMeanwhile();
        return Number(row.id);
      });
      if (conflicts.length > 0) throw reportError("conflict", "some dossiers were reported before with other data", conflicts);
      return { dossierIds, createdIds: new Set(written.dossiers.filter((d) => d.created).map((d) => Number(d.id))), liveByDossier };
    });
  const { dossierIds, createdIds, liveByDossier } = await attempt().catch((err: unknown) => {
    if (err instanceof StoredMeanwhile) return attempt();
    throw err;
  });

  return items.map((item, index) => {
      const dossierId = dossierIds[index]!;
      const inv = liveByDossier.get(dossierId);
      const expiresAt = inv ? new Date(inv.expires_at) : null;
      const target = found[index]!;
      return {
        dossierId,
        dossierCode: item.dossierCode,
        agencyCode: target.code,
        mappedFrom: target.code === item.agencyCode ? null : item.agencyCode,
        created: createdIds.has(dossierId),
        invitation:
          inv && expiresAt
            ? {
                id: String(inv.id),
                token: invitationToken(secret, String(inv.id)),
                status: inv.used_at ? "answered" : expiresAt.getTime() <= now.getTime() ? "expired" : "issued",
                issuedAt: new Date(inv.issued_at),
                expiresAt,
                created: inv.created,
              }
            : null,
      };
    });
}

type Holding = { agencyId: number; from: number | null; to: number | null };
type Part = { successorId: number; takesRest: boolean; deskId: number | null; deskCode: string | null; procedureId: number | null };
type Lineage = {
  holdings: Map<string, Holding[]>;
  agencies: Map<number, { code: string; path: string; from: number | null; to: number | null }>;
  parts: Map<number, Part[]>;
};
type Found = { error?: undefined; agencyId: number; code: string; scopePaths: string[]; movedDeskId: number | null };
type Target = Found | { error: "unknownAgency" | "notInForce" };

const holds = (h: { from: number | null; to: number | null }, at: number) => (h.from == null || h.from <= at) && (h.to == null || at < h.to);

/**
 * The agency a dossier is recorded under (decision 021): the holder of its code at completion;
 * if that agency had ended by then, its successor in force then (for a split, the one the
 * dossier's desk or procedure went to), so that a late report under an old code finds the same
 * dossier as a report under the new one. A dossier completed before its agency existed is refused.
 */
function resolveAgency(lineage: Lineage, item: DossierReport, procedureId: number | undefined): Target {
  const at = item.completedAt.getTime();
  const holdings = lineage.holdings.get(item.agencyCode) ?? [];
  if (holdings.length === 0) return { error: "unknownAgency" };
  const holder = holdings.find((h) => holds(h, at)) ?? [...holdings].filter((h) => h.to != null && h.to <= at).sort((a, b) => b.to! - a.to!)[0];
  if (!holder) return { error: "notInForce" };
  let agencyId = holder.agencyId;
  let movedDeskId: number | null = null;
  let deskCode = item.deskCode ?? null;
  for (let step = 0; step < 20; step++) {
    const agency = lineage.agencies.get(agencyId);
    if (!agency) return { error: "unknownAgency" };
    if (agency.from != null && at < agency.from) return { error: "notInForce" };
    if (agency.to == null || at < agency.to) break;
    const parts = lineage.parts.get(agencyId) ?? [];
    const byDesk = deskCode ? parts.find((p) => p.deskId != null && p.deskCode === deskCode) : undefined;
    const next = byDesk ?? parts.find((p) => p.procedureId != null && p.procedureId === procedureId) ?? parts.find((p) => p.takesRest);
    // Ended without a successor (dissolved): nothing can be recorded under it any more.
    if (!next) return { error: "notInForce" };
    if (byDesk) {
      movedDeskId = byDesk.deskId;
      deskCode = null;
    }
    agencyId = next.successorId;
  }
  // A desk that moved away later (the dossier belongs to the predecessor) answers to its old code.
  const movedLater = deskCode ? (lineage.parts.get(agencyId) ?? []).find((p) => p.deskId != null && p.deskCode === deskCode) : undefined;
  if (movedLater) movedDeskId = movedLater.deskId;
  const agency = lineage.agencies.get(agencyId)!;
  // A predecessor is in the scope of its successors' keys.
  const scopePaths = [agency.path];
  const queue = [agencyId];
  for (const id of queue) {
    for (const p of lineage.parts.get(id) ?? []) {
      if (queue.includes(p.successorId)) continue;
      queue.push(p.successorId);
      const s = lineage.agencies.get(p.successorId);
      if (s) scopePaths.push(s.path);
    }
  }
  return { agencyId, code: agency.code, scopePaths, movedDeskId };
}
