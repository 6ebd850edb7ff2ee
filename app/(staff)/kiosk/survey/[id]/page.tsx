import { now as clockNow } from "@/lib/time/clock";
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { kioskInvitation } from "@/db/queries/kiosk";
import { requireStaffPage } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { authSecret } from "@/lib/env";
import { getLocale, messagesFor } from "@/lib/i18n";
import { invitationToken, surveyPath } from "@/lib/survey/token";
import { KioskSurvey } from "./kiosk-survey";

export const metadata: Metadata = { title: "Phiếu khảo sát" };
export const dynamic = "force-dynamic";

/** One citizen's survey on the tablet: a fresh page each time, gone after the answer or 90 s idle. */
export default async function KioskSurveyPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const staff = await requireStaffPage("use:kiosk", "/kiosk");
  if (staff.deskId === null) redirect("/kiosk");
  const invitation = await kioskInvitation(await getDb(), { deskId: staff.deskId, invitationId: id, now: clockNow() });
  if (!invitation) redirect("/kiosk");
  const t = messagesFor(await getLocale());
  return (
    <KioskSurvey
      src={surveyPath(invitationToken(authSecret(), invitation.id))}
      idleUrl={`/kiosk?after=${invitation.issuedAt.getTime()}`}
      labels={{
        frame: t.kiosk.surveyFrame, thanksTitle: t.kiosk.thanksTitle, thanksBody: t.kiosk.thanksBody, finish: t.kiosk.finish,
        caseReference: t.cases.kiosk.reference,
        caseStatusLink: t.cases.kiosk.statusLink,
      }}
    />
  );
}
