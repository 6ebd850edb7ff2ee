import type { Metadata } from "next";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { caseStatusByTokenHash } from "@/db/queries/cases";
import { getDb } from "@/lib/db";
import { authSecret } from "@/lib/env";
import { hashStatusToken, isWellFormedStatusToken } from "@/lib/cases/reference";
import { decodeStatusView, STATUS_VIEW_HEADER } from "@/lib/cases/status";
import { getLocale, messagesFor } from "@/lib/i18n";
import { formatDate } from "@/lib/i18n/format";
import { formatDay } from "@/lib/time/vietnam";
import { CitizenHeader } from "@/app/components/citizen-header";

export const metadata: Metadata = { title: "Theo dõi ý kiến", robots: { index: false, follow: false } };

/**
 * Renders what `/theo-doi/<token>` decided (a signed view). Only the case's reference, status,
 * dates and reply are read: never the comment, the contact details or internal notes.
 */
export default async function CaseStatusView({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const path = `/theo-doi/${token}`;
  const view = decodeStatusView(authSecret(), (await headers()).get(STATUS_VIEW_HEADER));
  if (!view) redirect(path);
  const locale = await getLocale();
  const t = messagesFor(locale);
  const s = t.cases.statusPage;
  const found = view.state === "open" && isWellFormedStatusToken(token) ? await caseStatusByTokenHash(await getDb(), { tokenHash: hashStatusToken(token) }) : null;
  if (!found) {
    const limited = view.state === "rate_limited";
    return (
      <>
        <CitizenHeader t={t} locale={locale} path={path} />
        <main id="main" className="narrow">
          <h1>{limited ? s.limitedTitle : s.notFoundTitle}</h1>
          <p>{limited ? s.limitedBody : s.notFoundBody}</p>
        </main>
      </>
    );
  }
  return (
    <>
      <CitizenHeader t={t} locale={locale} path={path} />
      <main id="main" className="narrow">
        <h1>{s.title}</h1>
        <dl className="case-status">
          <dt>{s.reference}</dt>
          <dd>
            <strong className="case-reference">{found.reference}</strong>
          </dd>
          <dt>{s.status}</dt>
          <dd data-testid="case-status">{t.cases.status[found.status]}</dd>
          <dt>{s.openedOn}</dt>
          <dd>{formatDate(found.openedAt)}</dd>
          {!found.repliedAt && found.status !== "closed" && (
            <>
              <dt>{s.replyDueOn}</dt>
              <dd>{formatDay(found.replyDueOn)}</dd>
            </>
          )}
          {found.repliedAt && (
            <>
              <dt>{s.repliedOn}</dt>
              <dd>{formatDate(found.repliedAt)}</dd>
            </>
          )}
          {found.closedAt && (
            <>
              <dt>{s.closedOn}</dt>
              <dd>{formatDate(found.closedAt)}</dd>
            </>
          )}
        </dl>
        <p>{t.cases.citizenStatus[found.status]}</p>
        {found.replyText && (
          <section aria-labelledby="reply-title">
            <h2 id="reply-title">{s.reply}</h2>
            <p className="comment-text">{found.replyText}</p>
          </section>
        )}
        <p className="small muted">{s.privacy}</p>
      </main>
    </>
  );
}
