import type { Metadata } from "next";
import { forbidden } from "next/navigation";
import { agenciesInScope } from "@/db/queries/integration";
import { isGlobalAdmin } from "@/lib/admin/common";
import { listWebhooks } from "@/lib/admin/webhooks";
import { requireStaffPage } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { fill, getLocale, messagesFor } from "@/lib/i18n";
import { formatDateTime } from "@/lib/i18n/format";
import { DataTable } from "@/app/components/data-table";
import { AdminShell } from "../admin-shell";
import { OutcomeNotice } from "../outcome-notice";
import { deactivateWebhookAction } from "./actions";
import { SecretOnceForm } from "../secret-once-form";
import { createWebhookAction } from "./actions";

export const metadata: Metadata = { title: "Webhook" };

export default async function WebhooksPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const staff = await requireStaffPage("manage:settings", "/admin/webhooks");
  if (!isGlobalAdmin(staff, "manage:settings")) forbidden();
  const query = await searchParams;
  const locale = await getLocale();
  const t = messagesFor(locale);
  const w = t.notify.webhooks;
  const db = await getDb();
  const [endpoints, scopeAgencies] = await Promise.all([listWebhooks(db, staff), agenciesInScope(db, { scopePath: staff.scopePath })]);
  const depth = (path: string) => path.split("/").length - staff.scopePath.split("/").length;
  return (
    <AdminShell staff={staff} t={t} locale={locale} path="/admin/webhooks" section="webhooks">
      <h1>{w.title}</h1>
      <p>{w.intro}</p>
      <OutcomeNotice query={query} successes={{ deactivated: w.deactivated }} errors={w.errors} />
      <section aria-labelledby="create-title">
        <h2 id="create-title">{w.createTitle}</h2>
        <SecretOnceForm
          action={createWebhookAction}
          field={{ name: "url", label: w.url, type: "url", maxLength: 500 }}
          agencies={scopeAgencies.map((a) => ({ id: a.id, label: `${"\u00a0\u00a0".repeat(Math.max(0, depth(a.path)))}${a.name} (${a.code})` }))}
          labels={w}
          testId="new-webhook-secret"
        />
      </section>
      <section aria-labelledby="list-title">
        <h2 id="list-title">{w.listTitle}</h2>
        <DataTable
          testId="webhooks"
          columns={[w.url, w.agency, w.createdAt, w.status, { label: w.deactivate, hidden: true }]}
          rows={endpoints}
          empty={w.none}
          row={(e) => (
            <tr key={e.id}>
              <td>
                <code>{e.url}</code>
              </td>
              <td>
                {e.agencyName} ({e.agencyCode})
              </td>
              <td>{formatDateTime(e.createdAt)}</td>
              <td>{e.active ? w.active : w.inactive}</td>
              <td>
                {e.active && (
                  <form action={deactivateWebhookAction} className="inline-form">
                    <input type="hidden" name="webhookId" value={e.id} />
                    <button type="submit" className="secondary" aria-label={fill(w.deactivateLabel, { url: e.url })}>
                      {w.deactivate}
                    </button>
                  </form>
                )}
              </td>
            </tr>
          )}
        />
      </section>
    </AdminShell>
  );
}
