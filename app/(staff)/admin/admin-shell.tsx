import Link from "next/link";
import type { ReactNode } from "react";
import type { StaffUser } from "@/lib/auth/accounts";
import { can } from "@/lib/auth/permissions";
import { isGlobalAdmin } from "@/lib/admin/common";
import type { Locale, Messages } from "@/lib/i18n";
import { StaffHeader } from "@/app/components/staff-header";

export type AdminSection = "home" | "agencies" | "reorganisations" | "procedures" | "accounts" | "questionnaires" | "settings" | "calendar" | "deliveries" | "webhooks" | "audit";

/** The sections an administrator may open; installation-wide ones only for a root scope. */
export function adminSections(staff: StaffUser): { key: AdminSection | "apiKeys"; href: string }[] {
  const list: { key: AdminSection | "apiKeys"; href: string; show: boolean }[] = [
    { key: "home", href: "/admin", show: true },
    { key: "agencies", href: "/admin/agencies", show: can(staff, "manage:agencies") },
    { key: "reorganisations", href: "/admin/reorganisations", show: can(staff, "manage:agencies") },
    { key: "procedures", href: "/admin/procedures", show: can(staff, "manage:procedures") },
    { key: "accounts", href: "/admin/accounts", show: can(staff, "manage:accounts") },
    { key: "questionnaires", href: "/admin/questionnaires", show: isGlobalAdmin(staff, "manage:questionnaires") },
    { key: "settings", href: "/admin/settings", show: isGlobalAdmin(staff, "manage:settings") },
    { key: "calendar", href: "/admin/calendar", show: isGlobalAdmin(staff, "manage:calendar") },
    { key: "deliveries", href: "/admin/deliveries", show: isGlobalAdmin(staff, "manage:deliveries") },
    { key: "webhooks", href: "/admin/webhooks", show: isGlobalAdmin(staff, "manage:settings") },
    { key: "audit", href: "/admin/audit", show: isGlobalAdmin(staff, "view:audit") },
    { key: "apiKeys", href: "/admin/api-keys", show: can(staff, "manage:agencies") },
  ];
  return list.filter((s) => s.show);
}

export function AdminShell({
  staff,
  t,
  locale,
  path,
  section,
  children,
}: {
  staff: StaffUser;
  t: Messages;
  locale: Locale;
  path: string;
  section: AdminSection;
  children: ReactNode;
}) {
  return (
    <>
      <StaffHeader staff={staff} t={t} locale={locale} path={path} />
      <div className="admin-layout">
        <nav aria-label={t.admin.nav.label} className="admin-nav no-print">
          <ul>
            {adminSections(staff).map((s) => (
              <li key={s.key}>
                <Link href={s.href} aria-current={s.key === section ? "page" : undefined}>
                  {t.admin.nav[s.key]}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <main id="main">{children}</main>
      </div>
    </>
  );
}
