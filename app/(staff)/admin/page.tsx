import type { Metadata } from "next";
import Link from "next/link";
import { forbidden } from "next/navigation";
import { can } from "@/lib/auth/permissions";
import { requireStaffPage } from "@/lib/auth/session";
import { getLocale, messagesFor } from "@/lib/i18n";
import { AdminShell, adminSections } from "./admin-shell";

export const metadata: Metadata = { title: "Quản trị" };

export default async function AdminHome() {
  const staff = await requireStaffPage("manage:agencies", "/admin");
  if (!can(staff, "manage:accounts")) forbidden();
  const locale = await getLocale();
  const t = messagesFor(locale);
  const sections = adminSections(staff).filter((s) => s.key !== "home");
  return (
    <AdminShell staff={staff} t={t} locale={locale} path="/admin" section="home">
      <h1>{t.admin.title}</h1>
      <p>{t.admin.intro}</p>
      <ul className="admin-cards">
        {sections.map((s) => (
          <li key={s.key} className="card">
            <h2>
              <Link href={s.href}>{t.admin.nav[s.key]}</Link>
            </h2>
            <p className="small muted">{t.admin.homeCards[s.key as keyof typeof t.admin.homeCards]}</p>
          </li>
        ))}
      </ul>
    </AdminShell>
  );
}
