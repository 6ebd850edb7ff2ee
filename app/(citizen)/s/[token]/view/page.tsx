import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getDb } from "@/lib/db";
import { getLocale, messagesFor } from "@/lib/i18n";
import { formatDate } from "@/lib/i18n/format";
import { loadSurvey } from "@/lib/survey/respond";
import { SurveyState } from "@/app/components/survey-state";
import { CitizenHeader } from "@/app/components/citizen-header";
import { requestedView } from "../../../citizen-request";
import { SurveyForm } from "../survey-form";

export const metadata: Metadata = { title: "Phiếu khảo sát", robots: { index: false, follow: false } };

/**
 * Renders what the route handler of `/s/<token>` decided (a signed view): the survey with the
 * answers given so far, or the page of a refusal. Opened directly, it sends the visitor there.
 */
export default async function SurveyView({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const path = `/s/${token}`;
  const view = await requestedView();
  if (!view) redirect(path);
  const locale = await getLocale();
  const t = messagesFor(locale);
  if ("state" in view) return <SurveyState t={t} locale={locale} path={path} state={view.state} />;
  // A thank-you is never rendered from here: a stored sheet redirects to its thank-you page.
  if ("thanks" in view) redirect(`${path}/thanks`);
  const survey = await loadSurvey(await getDb(), { token });
  if (survey.state !== "open" || !survey.version || !survey.context) {
    return <SurveyState t={t} locale={locale} path={path} state={survey.state === "open" ? "not_found" : survey.state} />;
  }
  const { context, version } = survey;
  return (
    <>
      <CitizenHeader t={t} locale={locale} path={path} languageLink={false} />
      <main id="main" className="narrow">
        <h1>{t.survey.title}</h1>
        <div className="survey-head">
          <dl>
            <dt>{t.survey.agency}</dt>
            <dd>{context.agencyName}</dd>
            {context.procedureName && (
              <>
                <dt>{t.survey.procedure}</dt>
                <dd>{context.procedureName}</dd>
              </>
            )}
            {context.completedAt && (
              <>
                <dt>{t.survey.completedOn}</dt>
                <dd>{formatDate(context.completedAt)}</dd>
              </>
            )}
          </dl>
        </div>
        <p>{t.survey.intro}</p>
        <SurveyForm action={`${path}/answer`} version={version} locale={locale} t={t} draft={view.draft} />
      </main>
    </>
  );
}
