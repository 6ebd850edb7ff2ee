import type { Metadata } from "next";
import Link from "next/link";
import { forbidden, notFound } from "next/navigation";
import { getProcedure } from "@/db/queries/admin-procedures";
import { isGlobalAdmin } from "@/lib/admin/common";
import { requireStaffPage } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { getLocale, messagesFor } from "@/lib/i18n";
import { ActionForm } from "../../action-form";
import { AdminShell } from "../../admin-shell";
import { updateProcedureAction } from "../actions";

export const metadata: Metadata = { title: "Sửa thủ tục" };

export default async function ProcedurePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const self = `/admin/procedures/${encodeURIComponent(id)}`;
  const staff = await requireStaffPage("manage:procedures", self);
  if (!isGlobalAdmin(staff, "manage:procedures")) forbidden();
  const locale = await getLocale();
  const t = messagesFor(locale);
  const a = t.admin;
  const procedure = /^\d{1,9}$/.test(id) ? await getProcedure(await getDb(), { procedureId: Number(id) }) : null;
  if (!procedure) notFound();
  return (
    <AdminShell staff={staff} t={t} locale={locale} path={self} section="procedures">
      <p className="small">
        <Link href="/admin/procedures">{a.procedures.title}</Link>
      </p>
      <h1>{a.procedures.editTitle}</h1>
      <ActionForm action={updateProcedureAction} submit={a.save}>
        <input type="hidden" name="procedureId" value={procedure.id} />
        <div className="field">
          <label htmlFor="p-code">{a.fields.code}</label>
          <input id="p-code" name="code" type="text" required maxLength={40} defaultValue={procedure.code} className="short" />
        </div>
        <div className="field">
          <label htmlFor="p-name">{a.fields.name}</label>
          <input id="p-name" name="name" type="text" required maxLength={500} defaultValue={procedure.name} />
        </div>
        <div className="field">
          <label htmlFor="p-field">{a.fields.field}</label>
          <input id="p-field" name="field" type="text" required maxLength={200} defaultValue={procedure.field} />
        </div>
      </ActionForm>
    </AdminShell>
  );
}
