import type { Metadata } from "next";
import Link from "next/link";
import { accountsInScope, desksInScope } from "@/db/queries/admin-accounts";
import { agencyTreeInScope } from "@/db/queries/admin-agencies";
import { requireStaffPage } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { getLocale, messagesFor } from "@/lib/i18n";
import { formatDateTime } from "@/lib/i18n/format";
import { ActionForm } from "../action-form";
import { AdminShell } from "../admin-shell";
import { PlacementFields } from "./account-fields";
import { createAccountAction } from "./actions";
import { DataTable } from "@/app/components/data-table";

export const metadata: Metadata = { title: "Tài khoản" };

type Search = Promise<Record<string, string | string[] | undefined>>;

export default async function AccountsPage({ searchParams }: { searchParams: Search }) {
  const params = await searchParams;
  const staff = await requireStaffPage("manage:accounts", "/admin/accounts");
  const locale = await getLocale();
  const t = messagesFor(locale);
  const a = t.admin;
  const q = typeof params.q === "string" ? params.q.slice(0, 64) : "";
  const db = await getDb();
  const [list, tree, desks] = await Promise.all([
    accountsInScope(db, { scopePath: staff.scopePath, q }),
    agencyTreeInScope(db, { scopePath: staff.scopePath }),
    desksInScope(db, { scopePath: staff.scopePath }),
  ]);
  return (
    <AdminShell staff={staff} t={t} locale={locale} path="/admin/accounts" section="accounts">
      <h1>{a.accounts.title}</h1>
      <form method="get" action="/admin/accounts" role="search" className="search-form">
        <label htmlFor="q" className="label">
          {a.accounts.searchLabel}
        </label>
        <input id="q" name="q" type="search" defaultValue={q} maxLength={64} />
        <button type="submit">{a.search}</button>
      </form>
      <DataTable
        columns={[a.fields.username, a.fields.name, a.fields.role, a.accounts.agency, a.status, a.accounts.lastSignIn]}
        rows={list}
        testId="accounts"
        row={(u) => (
          <tr key={u.id}>
            <td>
              <Link href={`/admin/accounts/${u.id}`}>{u.username}</Link> {u.id === staff.id && <span className="small muted">{a.accounts.you}</span>}
            </td>
            <td>{u.name}</td>
            <td>{a.roles[u.role] ?? u.role}</td>
            <td>
              {u.agencyName}
              {u.deskName ? ` · ${u.deskName}` : ""}
            </td>
            <td>{u.active ? a.active : <span className="badge bad">{a.inactive}</span>}</td>
            <td>{u.lastSignInAt ? formatDateTime(u.lastSignInAt) : a.accounts.never}</td>
          </tr>
        )}
      />

      <section aria-labelledby="create-title">
        <h2 id="create-title">{a.accounts.createTitle}</h2>
        <ActionForm action={createAccountAction} submit={a.accounts.create} testId="create-account">
          <div className="field">
            <label htmlFor="new-username">{a.fields.username}</label>
            <input id="new-username" name="username" type="text" required minLength={3} maxLength={64} autoComplete="off" aria-describedby="new-username-hint" />
            <p id="new-username-hint" className="small muted">
              {a.accounts.usernameHint}
            </p>
          </div>
          <div className="field">
            <label htmlFor="new-name">{a.fields.name}</label>
            <input id="new-name" name="name" type="text" required maxLength={120} />
          </div>
          <PlacementFields t={t} prefix="new" agencies={tree} desks={desks} />
          <div className="field">
            <label htmlFor="new-password">{a.fields.password}</label>
            <input id="new-password" name="password" type="password" required minLength={8} maxLength={128} autoComplete="new-password" aria-describedby="new-password-hint" />
            <p id="new-password-hint" className="small muted">
              {a.accounts.passwordHint}
            </p>
          </div>
        </ActionForm>
      </section>
    </AdminShell>
  );
}
