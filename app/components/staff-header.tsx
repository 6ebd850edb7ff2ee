import Link from "next/link";
import { homeFor, can } from "@/lib/auth/permissions";
import type { StaffUser } from "@/lib/auth/accounts";
import type { Locale, Messages } from "@/lib/i18n";
import { LanguageSwitch } from "./language-switch";
import { SignOutButton } from "./sign-out-button";

export function StaffHeader({ staff, t, locale, path }: { staff: StaffUser | null; t: Messages; locale: Locale; path: string }) {
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
