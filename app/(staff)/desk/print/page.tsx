import type { Metadata } from "next";
import Link from "next/link";
import { liveInvitationsForSheet } from "@/db/queries/desk";
import { requireStaffPage } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { getLocale, messagesFor } from "@/lib/i18n";
import { pageCss, slipLayouts } from "@/lib/print/layouts";
import { qrSvg } from "@/lib/qr";
import { invitationUrl } from "@/lib/survey/links";
import { PrintButton } from "../print-button";
import { Slip } from "../slip";

export const metadata: Metadata = { title: "In tờ A4 phiếu khảo sát" };

/** An A4 sheet of up to 8 slips: the chosen invitations (?ids=a,b) or the agency's most recent open ones. */
export default async function PrintSheetPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const raw = (await searchParams).ids;
  const ids = (Array.isArray(raw) ? raw.join(",") : (raw ?? "")).split(",").filter(Boolean);
  const staff = await requireStaffPage("issue:survey", "/desk/print");
  const t = messagesFor(await getLocale());
  const found = await liveInvitationsForSheet(await getDb(), { agencyId: staff.agencyId, scopePath: staff.scopePath, ids });
  const slips = await Promise.all(
    found.map(async (inv) => {
      const url = invitationUrl(inv.id);
      return { ...inv, url, svg: await qrSvg(url, { sizeMm: slipLayouts.a4.qrMm }) };
    }),
  );
  return (
    <main id="main" className="print-page print-a4">
      <style>{pageCss("a4")}</style>
      <div className="print-toolbar no-print">
        <h1>{t.slip.sheetTitle}</h1>
        {slips.length > 0 && <PrintButton label={t.slip.print} />} <Link href="/desk">{t.slip.back}</Link>
      </div>
      {slips.length === 0 ? (
        <p>{t.slip.empty}</p>
      ) : (
        <div className="slip-sheet">
          {slips.map((s) => (
            <Slip key={s.id} t={messagesFor("vi").slip} slip={s} />
          ))}
        </div>
      )}
    </main>
  );
}
