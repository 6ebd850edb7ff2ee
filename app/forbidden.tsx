import { getStaff } from "@/lib/auth/session";
import { getLocale, messagesFor } from "@/lib/i18n";
import { StaffHeader } from "@/app/components/staff-header";

export default async function Forbidden() {
  const locale = await getLocale();
  const t = messagesFor(locale);
  const staff = await getStaff();
  return (
    <>
      <StaffHeader staff={staff} t={t} locale={locale} path="/" />
      <main id="main" className="narrow">
        <h1>{t.forbidden.title}</h1>
        <p>{t.forbidden.body}</p>
      </main>
    </>
  );
}
