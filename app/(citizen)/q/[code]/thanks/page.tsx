import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getDb } from "@/lib/db";
import { getLocale, messagesFor } from "@/lib/i18n";
import { loadStanding } from "@/lib/survey/standing";
import { CitizenHeader } from "@/app/components/citizen-header";
import { followUpShown } from "../../../citizen-request";
import { ThanksBody } from "../../../thanks-body";

export const metadata: Metadata = { title: "Cảm ơn", robots: { index: false, follow: false } };

export default async function StandingThanksPage({ params }: { params: Promise<{ code: string }> }) {
  const { code } = await params;
  if ((await loadStanding(await getDb(), { code })).state !== "open") redirect(`/q/${encodeURIComponent(code)}`);
  const locale = await getLocale();
  const t = messagesFor(locale);
  return (
    <>
      <CitizenHeader t={t} locale={locale} path={`/q/${code}/thanks`} />
      <ThanksBody t={t} standing followUp={await followUpShown()} />
    </>
  );
}
