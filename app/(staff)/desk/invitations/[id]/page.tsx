import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getInvitationInScope } from "@/db/queries/desk";
import { requireStaffPage } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { getLocale, messagesFor } from "@/lib/i18n";
import { formatDate } from "@/lib/i18n/format";
import { qrSvg } from "@/lib/qr";
import { invitationUrl } from "@/lib/survey/links";
import { StaffHeader } from "@/app/components/staff-header";

export const metadata: Metadata = { title: "Phiếu khảo sát" };

export default async function InvitationPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const staff = await requireStaffPage("issue:survey", `/desk/invitations/${id}`);
  const locale = await getLocale();
  const t = messagesFor(locale);
  const invitation = await getInvitationInScope(await getDb(), { invitationId: id, scopePath: staff.scopePath });
  if (!invitation) notFound();
  const url = invitationUrl(invitation.id);
  const svg = await qrSvg(url);
  return (
    <>
      <StaffHeader staff={staff} t={t} locale={locale} path={`/desk/invitations/${id}`} />
      <main id="main" className="narrow">
        <h1>{t.invitation.title}</h1>
        <dl>
          <dt>{t.invitation.agency}</dt>
          <dd>{invitation.agencyName}</dd>
          {invitation.dossierCode && (
            <>
              <dt>{t.invitation.dossier}</dt>
              <dd>{invitation.dossierCode}</dd>
            </>
          )}
          {invitation.procedureName && (
            <>
              <dt>{t.invitation.procedure}</dt>
              <dd>{invitation.procedureName}</dd>
            </>
          )}
          <dt>{t.invitation.expires}</dt>
          <dd>{formatDate(invitation.expiresAt)}</dd>
        </dl>
        <p>
          <strong>{t.invitation.scan}</strong>
        </p>
        <div role="img" aria-label={t.invitation.qrAlt} className="qr" dangerouslySetInnerHTML={{ __html: svg }} />
        <p>
          {t.invitation.orOpen}{" "}
          <a className="survey-link" href={url} data-testid="survey-link">
            {url}
          </a>
        </p>
        <p className="no-print">
          <Link href="/desk">{t.invitation.back}</Link>
        </p>
      </main>
    </>
  );
}
