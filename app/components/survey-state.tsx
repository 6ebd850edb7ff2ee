import type { Locale, Messages } from "@/lib/i18n";
import { CitizenHeader } from "./citizen-header";

/** What a survey link says when it can no longer be answered. */
export function SurveyState({ t, locale, path, state }: { t: Messages; locale: Locale; path: string; state: keyof Messages["surveyState"] }) {
  return (
    <>
      <CitizenHeader t={t} locale={locale} path={path} />
      <main id="main" className="narrow">
        <h1>{t.surveyState[state].title}</h1>
        <p>{t.surveyState[state].body}</p>
      </main>
    </>
  );
}
