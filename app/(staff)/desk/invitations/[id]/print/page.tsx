import type { Metadata } from "next";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { getInvitationInScope } from "@/db/queries/desk";
import { requireStaffPage } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { getLocale, messagesFor } from "@/lib/i18n";
import { pageCss, parseLayout, slipLayouts } from "@/lib/print/layouts";
import { qrSvg } from "@/lib/qr";
import { invitationUrl } from "@/lib/survey/links";
import { PrintButton } from "../../../print-button";
import { Slip } from "../../../slip";

export const metadata: Metadata = { title: "In phiếu khảo sát" };

export default async function PrintSlipPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { id } = await params;
  const layout = parseLayout((await searchParams).layout);
  if (layout === "a4") redirect(`/desk/print?ids=${encodeURIComponent(id)}`);
  const staff = await requireStaffPage("issue:survey", `/desk/invitations/${id}/print?layout=${layout}`);
  const t = messagesFor(await getLocale());
  const invitation = await getInvitationInScope(await getDb(), { invitationId: id, scopePath: staff.scopePath });
  if (!invitation || invitation.status !== "issued") notFound();
  const url = invitationUrl(invitation.id);
  const svg = await qrSvg(url, { sizeMm: slipLayouts[layout].qrMm });
  return (
    <main id="main" className={`print-page print-${layout}`}>
      <style>{pageCss(layout)}</style>
      <div className="print-toolbar no-print">
        <h1>{t.slip.title}</h1>
        <p>
          {t.slip.layout}:{" "}
          <Link href={`/desk/invitations/${id}/print?layout=80mm`} aria-current={layout === "80mm" ? "page" : undefined}>
            80 mm
          </Link>{" "}
          ·{" "}
          <Link href={`/desk/invitations/${id}/print?layout=58mm`} aria-current={layout === "58mm" ? "page" : undefined}>
            58 mm
          </Link>{" "}
          · <Link href={`/desk/print?ids=${id}`}>A4</Link>
        </p>
        <PrintButton label={t.slip.print} /> <Link href={`/desk/invitations/${id}`}>{t.slip.back}</Link>
      </div>
      <Slip
        t={messagesFor("vi").slip}
        slip={{ url, svg, agencyName: invitation.agencyName, procedureName: invitation.procedureName, dossierCode: invitation.dossierCode, expiresAt: invitation.expiresAt }}
      />
    </main>
  );
}
