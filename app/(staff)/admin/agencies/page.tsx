import type { Metadata } from "next";
import Link from "next/link";
import { agencyTreeInScope } from "@/db/queries/admin-agencies";
import { requireStaffPage } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { fill, getLocale, messagesFor } from "@/lib/i18n";
import { AdminShell } from "../admin-shell";

export const metadata: Metadata = { title: "Cơ quan, đơn vị" };

export default async function AgenciesPage() {
  const staff = await requireStaffPage("manage:agencies", "/admin/agencies");
  const locale = await getLocale();
  const t = messagesFor(locale);
  const tree = await agencyTreeInScope(await getDb(), { scopePath: staff.scopePath });
  return (
    <AdminShell staff={staff} t={t} locale={locale} path="/admin/agencies" section="agencies">
      <h1>{t.admin.agencies.title}</h1>
      <h2>{t.admin.agencies.treeTitle}</h2>
      <ul className="agency-tree" data-testid="agency-tree">
        {tree.map((a) => (
          <li key={a.id} style={{ paddingInlineStart: `${a.depth * 1.25}rem` }} className={a.active ? undefined : "inactive"}>
            <Link href={`/admin/agencies/${a.id}`}>{a.name}</Link> <span className="badge">{t.levels[a.level] ?? a.level}</span>{" "}
            {!a.active && <span className="badge bad">{t.admin.inactive}</span>}{" "}
            <span className="small muted">
              {a.code} · {fill(t.admin.agencies.counts, { desks: a.desks, staff: a.staff, procedures: a.procedures })}
            </span>
          </li>
        ))}
      </ul>
    </AdminShell>
  );
}
