import Link from "next/link";
import { homeFor, can } from "@/lib/auth/permissions";
import type { StaffUser } from "@/lib/auth/accounts";
import { fill, type Locale, type Messages } from "@/lib/i18n";
import { headerCounts } from "./header-counts";
import { LanguageSwitch } from "./language-switch";
import { SignOutButton } from "./sign-out-button";

export async function StaffHeader({ staff, t, locale, path }: { staff: StaffUser | null; t: Messages; locale: Locale; path: string }) {
  const counts = staff ? await headerCounts(staff.id) : null;
  const showNotifications = staff && counts && (can(staff, "receive:alerts") || counts.total > 0);
  return (
    <header className="site-header">
      <div className="bar">
        <Link className="brand" href={staff ? homeFor(staff.role) : "/"}>
          {t.appName}
        </Link>
        <nav aria-label={t.nav.home}>
          <ul>
            {staff && can(staff, "view:dashboard") && (
              <li>
                <Link href="/dashboard">{t.nav.dashboard}</Link>
              </li>
            )}
            {staff && can(staff, "view:cases") && (
              <li>
                <Link href="/cases">{t.cases.nav}</Link>
              </li>
            )}
            {staff && can(staff, "issue:survey") && (
              <li>
                <Link href="/desk">{t.nav.desk}</Link>
              </li>
            )}
            {staff && can(staff, "use:kiosk") && (
              <li>
                <Link href="/kiosk">{t.nav.kiosk}</Link>
              </li>
            )}
            {staff && (can(staff, "manage:agencies") || can(staff, "manage:accounts")) && (
              <li>
                <Link href="/admin">{t.nav.admin}</Link>
              </li>
            )}
            {showNotifications && (
              <li>
                <Link href="/notifications" data-testid="notifications-link">
                  {t.alerts.nav}
                  {counts.unread > 0 && (
                    <>
                      {" "}
                      <span className="badge bad" aria-hidden="true" data-testid="unread-count">
                        {counts.unread}
                      </span>
                      <span className="sr-only">({fill(t.alerts.unreadBadge, { count: counts.unread })})</span>
                    </>
                  )}
                </Link>
              </li>
            )}
            {staff && (
              <li className="small muted">
                {t.nav.signedInAs} {staff.name} · {staff.agencyName}
              </li>
            )}
            <li>
              <LanguageSwitch locale={locale} back={path} />
            </li>
            <li>{staff ? <SignOutButton label={t.nav.signOut} /> : <Link href="/login">{t.nav.signIn}</Link>}</li>
          </ul>
        </nav>
      </div>
    </header>
  );
}
