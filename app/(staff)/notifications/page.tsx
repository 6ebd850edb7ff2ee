import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { z } from "zod";
import { DataTable } from "@/app/components/data-table";
import { StaffHeader } from "@/app/components/staff-header";
import { alertPreferencesOf, notificationCounts, notificationsOf, NOTIFICATIONS_PAGE_SIZE, staffHasEmail } from "@/db/queries/alerts";
import { alertDeliveries } from "@/db/schema";
import { can } from "@/lib/auth/permissions";
import { getStaff } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { fill, getLocale, messagesFor } from "@/lib/i18n";
import { formatDateTime } from "@/lib/i18n/format";
import { markAllReadAction, markReadAction, savePreferencesAction } from "./actions";

export const metadata: Metadata = { title: "Thông báo" };

type Search = Promise<Record<string, string | string[] | undefined>>;

const one = z.preprocess((v) => (Array.isArray(v) ? v[0] : v), z.string().max(20).optional());
const querySchema = z.object({ page: one, done: one, count: one });

// A notification's link is a product path; anything else is not rendered as a link.
const isProductPath = (link: string) => link.startsWith("/") && !link.startsWith("//");

/** The signed-in person's own notifications and how they want alerts by e-mail. */
export default async function NotificationsPage({ searchParams }: { searchParams: Search }) {
  const staff = await getStaff();
  if (!staff) redirect(`/login?callbackUrl=${encodeURIComponent("/notifications")}`);
  const parsed = querySchema.safeParse(await searchParams);
  const q = parsed.success ? parsed.data : {};
  const page = q.page && /^\d{1,6}$/.test(q.page) ? Math.max(1, Number(q.page)) : 1;
  const locale = await getLocale();
  const t = messagesFor(locale);
  const m = t.alerts;
  const db = await getDb();
  const [list, counts, prefs, hasEmail] = await Promise.all([
    notificationsOf(db, { staffId: staff.id, page }),
    notificationCounts(db, { staffId: staff.id }),
    alertPreferencesOf(db, { staffId: staff.id }),
    staffHasEmail(db, { staffId: staff.id }),
  ]);
  const pages = Math.max(1, Math.ceil(counts.total / NOTIFICATIONS_PAGE_SIZE));
  const showPreferences = can(staff, "receive:alerts") || can(staff, "handle:cases");
  const kinds = t.notify.kinds as Record<string, string>;
  const done =
    q.done === "read"
      ? m.markedOne
      : q.done === "all"
        ? fill(m.markedAll, { count: q.count && /^\d{1,6}$/.test(q.count) ? Number(q.count) : 0 })
        : q.done === "saved"
          ? m.preferences.saved
          : null;
  const path = page > 1 ? `/notifications?page=${page}` : "/notifications";

  return (
    <>
      <StaffHeader staff={staff} t={t} locale={locale} path={path} />
      <main id="main">
        <h1>{m.title}</h1>
        <p>{m.intro}</p>
        {done && (
          <p className="success" role="status">
            {done}
          </p>
        )}
        {q.done === "invalid" && (
          <p className="alert" role="alert">
            {m.preferences.invalid}
          </p>
        )}

        <section aria-labelledby="list-title">
          <h2 id="list-title">{m.listTitle}</h2>
          <p data-testid="notification-summary">{fill(m.summary, { unread: counts.unread, total: counts.total })}</p>
          {counts.unread > 0 && (
            <form action={markAllReadAction}>
              <button type="submit" className="secondary">
                {m.markAllRead}
              </button>
            </form>
          )}
          <DataTable
            columns={[m.at, m.kind, m.notice, m.state, { label: m.markRead, hidden: true }]}
            rows={list}
            empty={m.empty}
            testId="notifications"
            row={(n) => (
              <tr key={n.id} data-unread={n.readAt ? undefined : "true"}>
                <td>{formatDateTime(n.createdAt)}</td>
                <td>{kinds[n.kind] ?? n.kind}</td>
                <td>
                  {n.readAt ? n.title : <strong>{n.title}</strong>}
                  {isProductPath(n.link) && (
                    <>
                      {" "}
                      <Link href={n.link}>
                        {m.open}
                        <span className="sr-only">: {n.title}</span>
                      </Link>
                    </>
                  )}
                </td>
                <td>{n.readAt ? m.read : <span className="badge warn">{m.unread}</span>}</td>
                <td>
                  {!n.readAt && (
                    <form action={markReadAction}>
                      <input type="hidden" name="id" value={n.id} />
                      <input type="hidden" name="page" value={page} />
                      <button type="submit" className="secondary">
                        {m.markRead}
                        <span className="sr-only">: {n.title}</span>
                      </button>
                    </form>
                  )}
                </td>
              </tr>
            )}
          />
          {pages > 1 && (
            <nav aria-label={fill(m.page, { page })} className="small">
              {page > 1 && <Link href={`/notifications?page=${page - 1}`}>{m.newer}</Link>} <span>{fill(m.page, { page })}</span>{" "}
              {page < pages && <Link href={`/notifications?page=${page + 1}`}>{m.older}</Link>}
            </nav>
          )}
        </section>

        {showPreferences && (
          <section aria-labelledby="preferences">
            <h2 id="preferences">{m.preferences.title}</h2>
            <p className="small muted">{m.preferences.intro}</p>
            {!hasEmail && <p className="small">{m.preferences.noEmail}</p>}
            <form action={savePreferencesAction} className="admin-form" data-testid="alert-preferences">
              <fieldset>
                <legend>{m.preferences.delivery}</legend>
                {alertDeliveries.map((d) => (
                  <label key={d}>
                    <input type="radio" name="delivery" value={d} defaultChecked={prefs.delivery === d} required /> {m.preferences[d]}
                  </label>
                ))}
              </fieldset>
              <label>
                <input type="checkbox" name="weeklyDigest" defaultChecked={prefs.weeklyDigest} /> {m.preferences.weeklyDigest}
              </label>
              <button type="submit">{m.preferences.save}</button>
            </form>
          </section>
        )}
      </main>
    </>
  );
}
