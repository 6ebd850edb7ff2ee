import { getLocale, messagesFor } from "@/lib/i18n";
import { CitizenHeader } from "@/app/components/citizen-header";

/** An unknown or malformed survey link: 404, in words a citizen understands. */
export default async function SurveyNotFound() {
  const locale = await getLocale();
  const t = messagesFor(locale);
  return (
    <>
      <CitizenHeader t={t} locale={locale} path="/" />
      <main id="main" className="narrow">
        <h1>{t.surveyState.not_found.title}</h1>
        <p>{t.surveyState.not_found.body}</p>
      </main>
    </>
  );
}
