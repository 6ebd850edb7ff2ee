import type { Messages } from "@/lib/i18n";
import { caseStatusUrl } from "@/lib/cases/opening";
import { caseStatusPath } from "@/lib/cases/reference";
import { formatDay } from "@/lib/time/vietnam";
import type { FollowUpView } from "@/lib/survey/submission";

/**
 * The thank-you page says what happens to the feedback, not only that it arrived. Right after a
 * sheet that opened a case it also gives the case's reference and status link; the counter
 * tablet reads them from the data attributes to show them on its own thank-you screen.
 */
export function ThanksBody({ t, standing = false, followUp }: { t: Messages; standing?: boolean; followUp?: FollowUpView }) {
  const c = t.cases.thanks;
  const url = followUp ? caseStatusUrl(followUp.statusToken) : undefined;
  return (
    <main
      id="main"
      className="narrow"
      data-thanks=""
      data-case-reference={followUp?.reference}
      data-case-status-url={url}
    >
      <h1>{t.thanks.title}</h1>
      <p>{t.thanks.body}</p>
      {followUp && (
        <section className="case-ack" aria-labelledby="case-ack-title">
          <h2 id="case-ack-title">{c.title}</h2>
          <dl>
            <dt>{c.reference}</dt>
            <dd>
              <strong className="case-reference">{followUp.reference}</strong>
            </dd>
            <dt>{c.dueOn}</dt>
            <dd>{formatDay(followUp.replyDueOn)}</dd>
          </dl>
          <p className="small">{c.referenceHint}</p>
          <p>
            <a href={caseStatusPath(followUp.statusToken)}>{c.statusLink}</a>
          </p>
          <p className="small survey-link">{url}</p>
          <p className="small muted">{c.statusHint}</p>
        </section>
      )}
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
