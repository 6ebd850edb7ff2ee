import type { Metadata } from "next";
import { agenciesInScope } from "@/db/queries/integration";
import { requireStaffPage } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { fill, getLocale, messagesFor } from "@/lib/i18n";
import { formatDateTime } from "@/lib/i18n/format";
import { listApiKeys } from "@/lib/integration/api-keys";
import { StaffHeader } from "@/app/components/staff-header";
import { revokeApiKeyAction } from "./actions";
import { SecretOnceForm } from "../secret-once-form";
import { createApiKeyAction } from "./actions";
import { DataTable } from "@/app/components/data-table";

export const metadata: Metadata = { title: "Khoá API" };

export default async function ApiKeysPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const staff = await requireStaffPage("manage:accounts", "/admin/api-keys");
  const query = await searchParams;
  const locale = await getLocale();
  const t = messagesFor(locale);
  const db = await getDb();
  const [keys, scopeAgencies] = await Promise.all([
    listApiKeys(db, { scopePath: staff.scopePath }),
    agenciesInScope(db, { scopePath: staff.scopePath }),
  ]);
  const depth = (path: string) => path.split("/").length - staff.scopePath.split("/").length;
  return (
    <>
      <StaffHeader staff={staff} t={t} locale={locale} path="/admin/api-keys" />
      <main id="main">
        <h1>{t.apiKeys.title}</h1>
        <p>{t.apiKeys.intro}</p>
        <p>
          <a href="/api/v1/openapi.json">{t.apiKeys.docs}</a>
        </p>
        {query.revoked === "1" && (
          <p className="notice" role="status">
            {t.apiKeys.revokedOk}
          </p>
        )}
        {(query.error === "conflict" || query.error === "generic") && (
          <p className="alert" role="alert">
            {t.apiKeys.errors[query.error]}
          </p>
        )}
        <section aria-labelledby="create-title">
          <h2 id="create-title">{t.apiKeys.createTitle}</h2>
          <SecretOnceForm
            action={createApiKeyAction}
            field={{ name: "name", label: t.apiKeys.name, type: "text", maxLength: 100 }}
            agencies={scopeAgencies.map((a) => ({ id: a.id, label: `${"\u00a0\u00a0".repeat(Math.max(0, depth(a.path)))}${a.name} (${a.code})` }))}
            labels={t.apiKeys}
            testId="new-api-key"
          />
        </section>
        <section aria-labelledby="list-title">
          <h2 id="list-title">{t.apiKeys.listTitle}</h2>
          <DataTable
            columns={[t.apiKeys.name, t.apiKeys.prefix, t.apiKeys.agency, t.apiKeys.createdAt, t.apiKeys.lastUsed, t.apiKeys.status, { label: t.apiKeys.revoke, hidden: true }]}
            rows={keys}
            empty={t.apiKeys.none}
            row={(k) => (
              <tr key={k.id}>
                <td>{k.name}</td>
                <td>
                  <code>hl_{k.prefix}_…</code>
                </td>
                <td>
                  {k.agencyName} ({k.agencyCode})
                </td>
                <td>{formatDateTime(k.createdAt)}</td>
                <td>{k.lastUsedAt ? formatDateTime(k.lastUsedAt) : t.apiKeys.never}</td>
                <td>{k.revokedAt ? `${t.apiKeys.revoked} ${formatDateTime(k.revokedAt)}` : t.apiKeys.active}</td>
                <td>
                  {!k.revokedAt && (
                    <form action={revokeApiKeyAction} className="inline-form">
                      <input type="hidden" name="keyId" value={k.id} />
                      <button type="submit" className="secondary" aria-label={fill(t.apiKeys.revokeLabel, { name: k.name })}>
                        {t.apiKeys.revoke}
                      </button>
                    </form>
                  )}
                </td>
              </tr>
            )}
          />
        </section>
      </main>
    </>
  );
}
