import Link from "next/link";
import { getLocale, messagesFor } from "@/lib/i18n";
import { SignOutButton } from "@/app/components/sign-out-button";

/**
 * The 403 page. Next renders this boundary into every page it wraps, whether or not access is
 * refused, so it reads nothing (no session, no counts): the way on is the home page, whose header
 * has the account's own pages, or signing out to use another account.
 */
export default async function Forbidden() {
  const t = messagesFor(await getLocale());
  return (
    <main id="main" className="narrow">
      <h1>{t.forbidden.title}</h1>
      <p>{t.forbidden.body}</p>
      <p>
        <Link href="/">{t.nav.home}</Link> · <SignOutButton label={t.nav.signOut} />
      </p>
    </main>
  );
}
