import type { Metadata } from "next";
import Link from "next/link";
import { requireStaffPage } from "@/lib/auth/session";
import { fill, getLocale, messagesFor } from "@/lib/i18n";
import { MAX_IMPORT_KB, MAX_IMPORT_ROWS } from "@/lib/integration/import";
import { StaffHeader } from "@/app/components/staff-header";
import { ImportForm } from "./import-form";

export const metadata: Metadata = { title: "Nhập hồ sơ từ tệp CSV" };

export default async function ImportPage() {
  const staff = await requireStaffPage("issue:survey", "/desk/import");
  const locale = await getLocale();
  const t = messagesFor(locale);
  return (
    <>
      <StaffHeader staff={staff} t={t} locale={locale} path="/desk/import" />
      <main id="main" className="narrow">
        <h1>{t.deskImport.title}</h1>
        <p>{t.deskImport.intro}</p>
        <p className="small">{fill(t.deskImport.columns, { max: MAX_IMPORT_ROWS.toLocaleString("vi-VN") })}</p>
        <ImportForm t={t.deskImport} maxKb={MAX_IMPORT_KB} />
        <p>
          <Link href="/desk">{t.deskImport.back}</Link>
        </p>
      </main>
    </>
  );
}
