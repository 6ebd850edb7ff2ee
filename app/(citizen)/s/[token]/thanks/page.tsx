import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { getDb } from "@/lib/db";
import { getLocale, messagesFor } from "@/lib/i18n";
import { loadSurvey } from "@/lib/survey/respond";
import { CitizenHeader } from "@/app/components/citizen-header";

export const metadata: Metadata = { title: "Cảm ơn", robots: { index: false, follow: false } };

export default async function ThanksPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const survey = await loadSurvey(await getDb(), { token });
  if (survey.state === "not_found") notFound();
  // Only an answered survey has anything to thank for.
  if (survey.state !== "answered") redirect(`/s/${token}`);
  const locale = await getLocale();
  const t = messagesFor(locale);
  return (
    <>
      <CitizenHeader t={t} locale={locale} path={`/s/${token}/thanks`} />
      <main id="main" className="narrow">
        <h1>{t.thanks.title}</h1>
        <p>{t.thanks.body}</p>
      </main>
    </>
  );
}
