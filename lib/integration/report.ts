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
  agencyCode: string;
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
  // costs what its writes cost.
  const resolved = await rows<{
    kind: "agency" | "procedure" | "handles" | "desk" | "officer" | "setting";
    id: number;
    code: string | null;
    path: string | null;
    other: number | null;
    value: unknown;
  }>(
    db,
    sql`select 'agency' as kind, a.id, a.code, a.path, null::int as other, null::jsonb as value from agencies a where a.code = any(${sql.param(agencyCodes)}::text[])
        union all
        select 'procedure', p.id, p.code, null, null, null from procedures p where p.code = any(${sql.param(procedureCodes)}::text[])
        union all
        select 'handles', ap.agency_id, null, null, ap.procedure_id, null from agency_procedures ap
          join agencies a on a.id = ap.agency_id join procedures p on p.id = ap.procedure_id
          where a.code = any(${sql.param(agencyCodes)}::text[]) and p.code = any(${sql.param(procedureCodes)}::text[]) and a.path like ${scope}
        union all
        select 'desk', d.id, d.code, null, d.agency_id, null from desks d join agencies a on a.id = d.agency_id
          where a.code = any(${sql.param(agencyCodes)}::text[]) and d.code = any(${sql.param(deskCodes)}::text[]) and a.path like ${scope}
        union all
        select 'officer', s.id, s.username, null, null, null from staff_accounts s join agencies a on a.id = s.agency_id
          where s.username = any(${sql.param(officerCodes)}::text[]) and a.path like ${scope}
        union all
        select 'setting', 0, null, null, null, value from settings where key = 'invitations.ttlDays' and ${input.ttlDays === undefined}`,
  );
  const agencyByCode = new Map<string, { id: number; path: string }>();
  const procedureByCode = new Map<string, number>();
  const handled = new Set<string>();
  const deskIds = new Map<string, number>();
  const officerIds = new Map<string, number>();
  for (const r of resolved) {
    const id = Number(r.id);
    if (r.kind === "agency") agencyByCode.set(r.code!, { id, path: r.path! });
    else if (r.kind === "procedure") procedureByCode.set(r.code!, id);
    else if (r.kind === "handles") handled.add(`${id}:${Number(r.other)}`);
    else if (r.kind === "desk") deskIds.set(`${Number(r.other)}:${r.code}`, id);
    else if (r.kind === "officer") officerIds.set(r.code!, id);
  }

  const outOfScope: ItemError[] = [];
  items.forEach((item, index) => {
    const agency = agencyByCode.get(item.agencyCode);
    if (!agency) errors.push({ index, field: "agencyCode", code: "unknownAgency", message: `unknown agency code ${item.agencyCode}` });
    else if (!agency.path.startsWith(input.scopePath)) {
      outOfScope.push({ index, field: "agencyCode", code: "outOfScope", message: `agency ${item.agencyCode} is outside the scope of this key` });
    }
    if (!procedureByCode.has(item.procedureCode)) errors.push({ index, field: "procedureCode", code: "unknownProcedure", message: `unknown procedure code ${item.procedureCode}` });
  });
  if (outOfScope.length > 0) throw reportError("forbidden", "some dossiers belong to agencies outside this key's scope", outOfScope);

  items.forEach((item, index) => {
    const agency = agencyByCode.get(item.agencyCode);
    const procedureId = procedureByCode.get(item.procedureCode);
    if (!agency || procedureId === undefined) return;
    if (!handled.has(`${agency.id}:${procedureId}`)) {
      errors.push({ index, field: "procedureCode", code: "notHandled", message: `agency ${item.agencyCode} does not handle procedure ${item.procedureCode}` });
    }
    if (item.deskCode && !deskIds.has(`${agency.id}:${item.deskCode}`)) {
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

  const agencyIdOf = (item: DossierReport) => agencyByCode.get(item.agencyCode)!.id;
  const col = {
    agencyId: items.map(agencyIdOf),
    procedureId: items.map((i) => procedureByCode.get(i.procedureCode)!),
    code: items.map((i) => i.dossierCode),
    deskId: items.map((i) => (i.deskCode ? deskIds.get(`${agencyIdOf(i)}:${i.deskCode}`)! : 0)),
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
      return {
        dossierId,
        dossierCode: item.dossierCode,
        agencyCode: item.agencyCode,
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
