import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { accountInScope, desksInScope } from "@/db/queries/admin-accounts";
import { agencyTreeInScope } from "@/db/queries/admin-agencies";
import { requireStaffPage } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { readSignInCounters } from "@/lib/admin/accounts";
import { ACCOUNT_DELAY_CAP_SECONDS, ACCOUNT_FREE_FAILURES, CLIENT_FAILURES, CLIENT_WINDOW_SECONDS } from "@/lib/auth/throttle";
import { fill, getLocale, messagesFor } from "@/lib/i18n";
import { formatDateTime } from "@/lib/i18n/format";
import { ActionForm } from "../../action-form";
import { AdminShell } from "../../admin-shell";
import { PlacementFields } from "../account-fields";
import { changeAccountAction, clearSignInCountersAction, resetPasswordAction, setAccountActiveAction } from "../actions";

export const metadata: Metadata = { title: "Tài khoản" };

export default async function AccountPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const self = `/admin/accounts/${encodeURIComponent(id)}`;
  const staff = await requireStaffPage("manage:accounts", self);
  const locale = await getLocale();
  const t = messagesFor(locale);
  const a = t.admin;
  const db = await getDb();
  const account = /^\d{1,9}$/.test(id) ? await accountInScope(db, { accountId: Number(id), scopePath: staff.scopePath }) : null;
  if (!account) notFound();
  const [tree, desks, counters] = await Promise.all([
    agencyTreeInScope(db, { scopePath: staff.scopePath }),
    desksInScope(db, { scopePath: staff.scopePath }),
    readSignInCounters(db, staff, { accountId: account.id }),
  ]);
  const c = t.signIn.counters;
  const isSelf = account.id === staff.id;
  const hidden = <input type="hidden" name="accountId" value={account.id} />;
  return (
    <AdminShell staff={staff} t={t} locale={locale} path={self} section="accounts">
      <p className="small">
        <Link href="/admin/accounts">{a.accounts.title}</Link>
      </p>
      <h1>
        {account.username} {isSelf && <span className="small muted">{a.accounts.you}</span>}{" "}
        {!account.active && <span className="badge bad">{a.inactive}</span>}
      </h1>

      <section aria-labelledby="edit-title">
        <h2 id="edit-title">{a.accounts.editTitle}</h2>
        <ActionForm action={changeAccountAction} submit={a.save}>
          {hidden}
          <div className="field">
            <label htmlFor="edit-name">{a.fields.name}</label>
            <input id="edit-name" name="name" type="text" required maxLength={120} defaultValue={account.name} />
          </div>
          <PlacementFields t={t} prefix="edit" agencies={tree} desks={desks} value={account} />
        </ActionForm>
      </section>

      <section aria-labelledby="reset-title">
        <h2 id="reset-title">{a.accounts.resetTitle}</h2>
        <ActionForm action={resetPasswordAction} submit={a.accounts.reset}>
          {hidden}
          <div className="field">
            <label htmlFor="reset-password">{a.accounts.newPassword}</label>
            <input id="reset-password" name="password" type="password" required minLength={8} maxLength={128} autoComplete="new-password" aria-describedby="reset-hint" />
            <p id="reset-hint" className="small muted">
              {a.accounts.passwordHint}
            </p>
          </div>
        </ActionForm>
      </section>

      <section aria-labelledby="sign-in-title">
        <h2 id="sign-in-title">{c.title}</h2>
        <p className="small muted">
          {fill(c.intro, { clientFailures: CLIENT_FAILURES, minutes: CLIENT_WINDOW_SECONDS / 60, accountFailures: ACCOUNT_FREE_FAILURES, maxWait: ACCOUNT_DELAY_CAP_SECONDS / 60 })}
        </p>
        <dl data-testid="sign-in-counters">
          <dt>{c.accountFailures}</dt>
          <dd>{counters.accountFailures}</dd>
          <dt>{c.heldClients}</dt>
          <dd>{counters.heldClients}</dd>
          <dt>{c.lastFailure}</dt>
          <dd>{counters.lastFailureAt ? formatDateTime(counters.lastFailureAt) : c.none}</dd>
        </dl>
        <ActionForm action={clearSignInCountersAction} submit={c.clear} secondary testId="clear-sign-in-counters">
          {hidden}
        </ActionForm>
      </section>

      {!isSelf && (
        <section aria-labelledby="status-title">
          <h2 id="status-title">{a.status}</h2>
          <ActionForm action={setAccountActiveAction} submit={account.active ? a.deactivate : a.reactivate} secondary>
            {hidden}
            <input type="hidden" name="active" value={account.active ? "false" : "true"} />
          </ActionForm>
        </section>
      )}
    </AdminShell>
  );
}
