import type { Metadata } from "next";
import Link from "next/link";
import { forbidden } from "next/navigation";
import { isGlobalAdmin } from "@/lib/admin/common";
import { auditFilterSchema, readAudit } from "@/lib/admin/audit";
import { requireStaffPage } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { getLocale, messagesFor } from "@/lib/i18n";
import { formatDateTime } from "@/lib/i18n/format";
import { AdminShell } from "../admin-shell";
import { DataTable } from "@/app/components/data-table";

export const metadata: Metadata = { title: "Nhật ký thay đổi" };

type Search = Promise<Record<string, string | string[] | undefined>>;

// Long values (a whole question text) are cut so one entry stays one readable row.
const DETAIL_MAX = 300;

function details(data: unknown): string {
  if (data == null) return "";
  const json = JSON.stringify(data);
  return json.length > DETAIL_MAX ? `${json.slice(0, DETAIL_MAX)}…` : json;
}

export default async function AuditPage({ searchParams }: { searchParams: Search }) {
  const raw = await searchParams;
  const staff = await requireStaffPage("view:audit", "/admin/audit");
  if (!isGlobalAdmin(staff, "view:audit")) forbidden();
  const locale = await getLocale();
  const t = messagesFor(locale);
  const a = t.admin.audit;
  const single = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  const query = auditFilterSchema.parse(single);
  const { entries, nextBefore, entities } = await readAudit(await getDb(), staff, query);
  const filters = Object.fromEntries(Object.entries({ ...query, before: undefined }).filter(([, v]) => v !== undefined && v !== "")) as Record<string, string>;
  const olderHref = nextBefore ? `/admin/audit?${new URLSearchParams({ ...filters, before: String(nextBefore) })}` : null;
  return (
    <AdminShell staff={staff} t={t} locale={locale} path="/admin/audit" section="audit">
      <h1>{a.title}</h1>
      <form method="get" action="/admin/audit" className="filter-form">
        <div className="field">
          <label htmlFor="f-entity">{a.entity}</label>
          <select id="f-entity" name="entity" defaultValue={query.entity ?? ""}>
            <option value="">{a.allEntities}</option>
            {entities.map((e) => (
              <option key={e} value={e}>
                {e}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-action">{a.action}</label>
          <input id="f-action" name="action" type="text" maxLength={60} defaultValue={query.action ?? ""} />
        </div>
        <div className="field">
          <label htmlFor="f-actor">{a.actor}</label>
          <input id="f-actor" name="actor" type="text" maxLength={64} defaultValue={query.actor ?? ""} />
        </div>
        <div className="field">
          <label htmlFor="f-entityId">{a.entityId}</label>
          <input id="f-entityId" name="entityId" type="text" maxLength={64} defaultValue={query.entityId ?? ""} />
        </div>
        <div className="field">
          <label htmlFor="f-from">{a.from}</label>
          <input id="f-from" name="from" type="date" defaultValue={query.from ?? ""} />
        </div>
        <div className="field">
          <label htmlFor="f-to">{a.to}</label>
          <input id="f-to" name="to" type="date" defaultValue={query.to ?? ""} />
        </div>
        <div className="filter-actions">
          <button type="submit">{a.filter}</button> <Link href="/admin/audit">{a.clear}</Link>
        </div>
      </form>
      <DataTable
        columns={[a.at, a.actor, a.action, a.entity, a.details]}
        rows={entries}
        empty={a.empty}
        testId="audit"
        row={(e) => (
          <tr key={e.id}>
            <td className="nowrap">{formatDateTime(e.at)}</td>
            <td>{e.actorUsername ?? a.actorKinds[e.actorKind] ?? e.actorKind}</td>
            <td>{e.action}</td>
            <td>
              {e.entity}
              {e.entityId ? ` #${e.entityId}` : ""}
            </td>
            <td className="small audit-data">{details(e.data)}</td>
          </tr>
        )}
      />
      {olderHref && (
        <p>
          <Link href={olderHref}>{a.older}</Link>
        </p>
      )}
    </AdminShell>
  );
}
