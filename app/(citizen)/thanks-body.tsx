import type { Messages } from "@/lib/i18n";

/** The thank-you page says what happens to the feedback, not only that it arrived. */
export function ThanksBody({ t, standing = false }: { t: Messages; standing?: boolean }) {
  return (
    <main id="main" className="narrow">
      <h1>{t.thanks.title}</h1>
      <p>{t.thanks.body}</p>
      {standing && <p className="notice">{t.thanks.standing}</p>}
      <h2>{t.thanks.next}</h2>
      <ul>
        {t.thanks.steps.map((step) => (
          <li key={step}>{step}</li>
        ))}
      </ul>
    </main>
  );
}
