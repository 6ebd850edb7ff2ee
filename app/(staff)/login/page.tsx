import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { homeFor } from "@/lib/auth/permissions";
import { getStaff } from "@/lib/auth/session";
import { getLocale, messagesFor } from "@/lib/i18n";
import { StaffHeader } from "@/app/components/staff-header";
import { LoginForm } from "./login-form";

export const metadata: Metadata = { title: "Đăng nhập" };

function safeCallback(value: unknown): string | null {
  return typeof value === "string" && value.startsWith("/") && !value.startsWith("//") ? value : null;
}

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const locale = await getLocale();
  const t = messagesFor(locale);
  const staff = await getStaff();
  const callback = safeCallback(params.callbackUrl);
  if (staff) redirect(callback ?? homeFor(staff.role));
  return (
    <>
      <StaffHeader staff={null} t={t} locale={locale} path="/login" />
      <main id="main" className="narrow">
        <h1>{t.login.title}</h1>
        <LoginForm labels={t.login} callbackUrl={callback ?? "/after-sign-in"} />
      </main>
    </>
  );
}
