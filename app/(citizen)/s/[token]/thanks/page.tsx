import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getDb } from "@/lib/db";
import { getLocale, messagesFor } from "@/lib/i18n";
import { invitationState } from "@/lib/survey/respond";
import { CitizenHeader } from "@/app/components/citizen-header";
import { followUpShown } from "../../../citizen-request";
import { ThanksBody } from "../../../thanks-body";

export const metadata: Metadata = { title: "Cảm ơn", robots: { index: false, follow: false } };

export default async function ThanksPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  // Only an answered survey has anything to thank for; any other link says what it is at its own page.
  if ((await invitationState(await getDb(), { token })) !== "answered") redirect(`/s/${encodeURIComponent(token)}`);
  const locale = await getLocale();
  const t = messagesFor(locale);
  return (
    <>
      <CitizenHeader t={t} locale={locale} path={`/s/${token}/thanks`} />
      <ThanksBody t={t} followUp={await followUpShown()} />
    </>
  );
}
