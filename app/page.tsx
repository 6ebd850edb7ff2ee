import Link from "next/link";
import { getStaff } from "@/lib/auth/session";
import { getLocale, messagesFor } from "@/lib/i18n";
import { StaffHeader } from "@/app/components/staff-header";

export const dynamic = "force-dynamic";

export default async function HomePage() {
  const locale = await getLocale();
  const t = messagesFor(locale);
  const staff = await getStaff();
  return (
    <>
      <StaffHeader staff={staff} t={t} locale={locale} path="/" />
      <main id="main" className="narrow">
        <h1>{t.home.title}</h1>
        <p>{t.home.body}</p>
        <p>
          <Link href="/cong-khai">{t.publicFigures.link}</Link>
        </p>
        <h2>{t.home.staff}</h2>
        <p>
          <Link className="button" href="/login">
            {t.nav.signIn}
          </Link>
        </p>
      </main>
    </>
  );
}
