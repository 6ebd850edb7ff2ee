import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getDb } from "@/lib/db";
import { getLocale, messagesFor } from "@/lib/i18n";
import { loadStanding } from "@/lib/survey/standing";
import { SurveyState } from "@/app/components/survey-state";
import { CitizenHeader } from "@/app/components/citizen-header";
import { requestedView } from "../../../citizen-request";
import { SurveyForm } from "../../../s/[token]/survey-form";

export const metadata: Metadata = { title: "Phiếu khảo sát", robots: { index: false, follow: false } };

/** The survey behind a standing QR (no dossier, so unverified), as `/q/<code>` decided. */
export default async function StandingSurveyView({ params }: { params: Promise<{ code: string }> }) {
  const { code } = await params;
  const path = `/q/${code}`;
  const view = await requestedView();
  if (!view) redirect(path);
  const locale = await getLocale();
  const t = messagesFor(locale);
  if ("state" in view) return <SurveyState t={t} locale={locale} path={path} state={view.state} />;
  // A thank-you is never rendered from here: a stored sheet redirects to its thank-you page.
  if ("thanks" in view) redirect(`${path}/thanks`);
  const standing = await loadStanding(await getDb(), { code });
  if (standing.state !== "open" || !standing.context || !standing.version) return <SurveyState t={t} locale={locale} path={path} state="not_found" />;
  const { context, version } = standing;
  return (
    <>
      <CitizenHeader t={t} locale={locale} path={path} languageLink={false} />
      <main id="main" className="narrow">
        <h1>{t.standing.title}</h1>
        <div className="survey-head">
          <dl>
            <dt>{t.survey.agency}</dt>
            <dd>{context.agencyName}</dd>
            <dt>{t.standing.place}</dt>
            <dd>{context.deskName ? `${context.label} (${context.deskName})` : context.label}</dd>
          </dl>
        </div>
        <p>{t.survey.intro}</p>
        <p className="notice">{t.standing.unverified}</p>
        <SurveyForm action={`${path}/answer`} version={version} locale={locale} t={t} draft={view.draft} />
      </main>
    </>
  );
}
