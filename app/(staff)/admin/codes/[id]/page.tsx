import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { standingCodeInScope } from "@/db/queries/admin-agencies";
import { requireStaffPage } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { publicUrl } from "@/lib/env";
import { getLocale, messagesFor } from "@/lib/i18n";
import { qrSvg } from "@/lib/qr";
import { AdminShell } from "../../admin-shell";

export const metadata: Metadata = { title: "Mã QR cố định" };

export default async function StandingCodePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const self = `/admin/codes/${encodeURIComponent(id)}`;
  const staff = await requireStaffPage("manage:agencies", self);
  const locale = await getLocale();
  const t = messagesFor(locale);
  const codeId = /^\d{1,9}$/.test(id) ? Number(id) : 0;
  const code = codeId > 0 ? await standingCodeInScope(await getDb(), { codeId, scopePath: staff.scopePath }) : null;
  if (!code) notFound();
  const url = `${publicUrl()}/q/${code.code}`;
  const svg = await qrSvg(url);
  return (
    <AdminShell staff={staff} t={t} locale={locale} path={self} section="agencies">
      <p className="small no-print">
        <Link href={`/admin/agencies/${code.agencyId}`}>
          {t.admin.back}: {code.agencyName}
        </Link>
      </p>
      <h1>{code.label}</h1>
      <p>
        {code.agencyName}
        {code.deskName ? ` · ${code.deskName}` : ""}
      </p>
      {!code.active && (
        <p className="notice" role="status">
          {t.admin.codes.inactiveNotice}
        </p>
      )}
      <p>
        <strong>{t.invitation.scan}</strong>
      </p>
      <div role="img" aria-label={t.admin.codes.qrAlt} className="qr" dangerouslySetInnerHTML={{ __html: svg }} />
      <p>
        {t.admin.codes.url}:{" "}
        <a className="survey-link" href={url} data-testid="standing-link">
          {url}
        </a>
      </p>
    </AdminShell>
  );
}
