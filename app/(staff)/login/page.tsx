import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { homeFor } from "@/lib/auth/permissions";
import { safeRedirectPath } from "@/lib/http/redirect-target";
import { getStaff } from "@/lib/auth/session";
import { getLocale, messagesFor } from "@/lib/i18n";
import { StaffHeader } from "@/app/components/staff-header";
import { LoginForm } from "./login-form";

export const metadata: Metadata = { title: "Đăng nhập" };

function safeCallback(value: unknown): string | null {
  const target = safeRedirectPath(value, "");
  return target === "" ? null : target;
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
        <LoginForm labels={{ ...t.login, throttled: t.signIn.throttled }} callbackUrl={callback ?? "/after-sign-in"} />
      </main>
    </>
  );
}
