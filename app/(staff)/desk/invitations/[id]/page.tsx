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
import { revokeAndReissueAction } from "../../actions";

export const metadata: Metadata = { title: "Phiếu khảo sát" };

export default async function InvitationPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { id } = await params;
  const query = await searchParams;
  const staff = await requireStaffPage("issue:survey", `/desk/invitations/${id}`);
  const locale = await getLocale();
  const t = messagesFor(locale);
  const invitation = await getInvitationInScope(await getDb(), { invitationId: id, scopePath: staff.scopePath });
  if (!invitation) notFound();
  const url = invitationUrl(invitation.id);
  const svg = await qrSvg(url);
  const live = invitation.status === "issued";
  const statusLabel = {
    none: t.desk.statusNone,
    issued: t.desk.statusIssued,
    answered: t.desk.statusAnswered,
    expired: t.desk.statusExpired,
    revoked: t.desk.statusRevoked,
  } as const;
  return (
    <>
      <StaffHeader staff={staff} t={t} locale={locale} path={`/desk/invitations/${id}`} />
      <main id="main" className="narrow">
        <h1>{t.invitation.title}</h1>
        {query.reused === "1" && <p className="notice">{t.invitation.reused}</p>}
        {query.revokeFailed === "1" && (
          <p className="alert" role="alert">
            {t.invitation.revokeFailed}
          </p>
        )}
        {live && invitation.channel === "kiosk" && <p className="notice">{t.invitation.onKiosk}</p>}
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
          <dt>{t.invitation.status}</dt>
          <dd data-testid="invitation-status">{statusLabel[invitation.status]}</dd>
        </dl>
        {live && (
          <>
            <p>
              <strong>{t.invitation.scan}</strong>
            </p>
            <div role="img" aria-label={t.invitation.qrAlt} className="qr qr-large" dangerouslySetInnerHTML={{ __html: svg }} />
            <p>
              {t.invitation.orOpen}{" "}
              <a className="survey-link" href={url} data-testid="survey-link">
                {url}
              </a>
            </p>
            <section aria-labelledby="print-title" className="no-print">
              <h2 id="print-title">{t.invitation.printTitle}</h2>
              <ul className="desk-links">
                <li>
                  <Link href={`/desk/invitations/${invitation.id}/print?layout=80mm`}>{t.invitation.print80}</Link>
                </li>
                <li>
                  <Link href={`/desk/invitations/${invitation.id}/print?layout=58mm`}>{t.invitation.print58}</Link>
                </li>
                <li>
                  <Link href={`/desk/print?ids=${invitation.id}`}>{t.invitation.printA4}</Link>
                </li>
              </ul>
            </section>
          </>
        )}
        {invitation.dossierCode && (live || invitation.status === "expired") && (
          <section aria-labelledby="revoke-title" className="no-print">
            <h2 id="revoke-title">{t.invitation.revokeTitle}</h2>
            <p className="small muted">{t.invitation.revokeHint}</p>
            <form action={revokeAndReissueAction}>
              <input type="hidden" name="invitationId" value={invitation.id} />
              <button type="submit" className="secondary">
                {t.invitation.revoke}
              </button>
            </form>
          </section>
        )}
        <p className="no-print">
          <Link href="/desk">{t.invitation.back}</Link>
        </p>
      </main>
    </>
  );
}
