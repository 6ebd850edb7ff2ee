import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getDb } from "@/lib/db";
import { getLocale, messagesFor, type Locale } from "@/lib/i18n";
import { formatDate } from "@/lib/i18n/format";
import { SCALE_LABELS } from "@/lib/questionnaire/sipas-v1";
import { loadSurvey } from "@/lib/survey/respond";
import type { VersionWithQuestions } from "@/db/queries/questionnaires";
import { SurveyState } from "@/app/components/survey-state";
import { CitizenHeader } from "@/app/components/citizen-header";
import { submitSurveyAction } from "./actions";
import { SurveyForm, type SurveyQuestion } from "./survey-form";

export const metadata: Metadata = { title: "Phiếu khảo sát", robots: { index: false, follow: false } };

function questionsFor(version: VersionWithQuestions, locale: Locale): SurveyQuestion[] {
  return version.questions.map((q) => ({
    key: q.key,
    kind: q.kind,
    text: locale === "en" ? q.textEn : q.textVi,
    required: q.required,
    allowNotApplicable: q.allowNotApplicable,
    maxLength: q.maxLength,
    choices:
      q.kind === "scale"
        ? // Best first: the order people read a rating scale in, top to bottom.
          [5, 4, 3, 2, 1].map((v) => ({ value: String(v), label: SCALE_LABELS[v]![locale] }))
        : q.kind === "multi"
          ? (q.options ?? []).map((o) => ({ value: o.key, label: locale === "en" ? o.en : o.vi }))
          : [],
  }));
}

export default async function SurveyPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const locale = await getLocale();
  const t = messagesFor(locale);
  const path = `/s/${token}`;
  const survey = await loadSurvey(await getDb(), { token });
  if (survey.state === "not_found") notFound();
  if (survey.state !== "open" || !survey.version || !survey.context) {
    const state = survey.state === "open" ? "not_found" : survey.state;
    return <SurveyState t={t} locale={locale} path={path} state={state} />;
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
        <SurveyForm
          action={submitSurveyAction.bind(null, token)}
          versionId={version.id}
          questions={questionsFor(version, locale)}
          labels={{ ...t.survey, switchLanguage: t.language.switchTo, switchTo: locale === "vi" ? "en" : "vi" }}
          initial={{ status: "idle", errors: {}, values: {} }}
        />
      </main>
    </>
  );
}
