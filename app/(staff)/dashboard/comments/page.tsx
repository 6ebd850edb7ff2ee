import type { Metadata } from "next";
import Link from "next/link";
import { casesOfResponses, type CaseLink } from "@/db/queries/case-figures";
import { comments, COMMENTS_PAGE_SIZE } from "@/db/queries/figure-details";
import { fill, type Messages } from "@/lib/i18n";
import { vietnamDate } from "@/lib/metrics/satisfaction";
import { DashboardChrome } from "../dashboard-chrome";
import { dashboardContext, type Search } from "../dashboard-context";
import { formatters } from "../figure-format";

export const metadata: Metadata = { title: "Ý kiến" };

// Far beyond any real list; keeps a forged ?page= from asking for a huge offset.
const MAX_PAGE = 10_000;

export default async function CommentsPage({ searchParams }: { searchParams: Search }) {
  const raw = await searchParams;
  const ctx = await dashboardContext(Promise.resolve(raw), "/dashboard/comments");
  const { t, locale, db, agency, staff, period, settings } = ctx;
  const lowOnly = raw.low === "1";
  const pageText = typeof raw.page === "string" ? raw.page : "1";
  const page = /^\d{1,5}$/.test(pageText) ? Math.min(MAX_PAGE, Math.max(1, Number(pageText))) : 1;
  const result = await comments(db, { path: agency.path, scopePath: staff.scopePath, from: period.from, to: period.to, includeUnverified: settings.includeUnverified, lowOnly, page });
  const caseOf = await casesOfResponses(db, { responseIds: result.rows.map((c) => c.id), scopePath: staff.scopePath, viewerId: staff.id });
  const pages = Math.max(1, Math.ceil(result.total / COMMENTS_PAGE_SIZE));
  const f = formatters(locale, t);
  const href = (p: number) => `/dashboard/comments?${ctx.query}${lowOnly ? "&low=1" : ""}&page=${p}`;
  const time = (d: Date) => {
    const local = new Date(d.getTime() + 7 * 3600 * 1000);
    return `${vietnamDate(d)} ${String(local.getUTCHours()).padStart(2, "0")}:${String(local.getUTCMinutes()).padStart(2, "0")}`;
  };

  return (
    <DashboardChrome ctx={ctx} tab="comments" path="/dashboard/comments">
      <form method="get" action="/dashboard/comments" className="no-print">
        <input type="hidden" name="agency" value={agency.id} />
        <input type="hidden" name="period" value={period.key} />
        <label className="inline-check">
          <input type="checkbox" name="low" value="1" defaultChecked={lowOnly} /> {t.dashboard.lowOnly}
        </label>{" "}
        <button type="submit" className="secondary">
          {t.dashboard.filter}
        </button>
      </form>
      <p data-testid="comments-count">{fill(t.dashboard.commentsCount, { count: f.num(result.total) })}</p>
      {result.rows.length === 0 ? (
        <p>{t.dashboard.noComments}</p>
      ) : (
        <ol className="comments" data-testid="comments">
          {result.rows.map((c) => (
            <li key={c.id}>
              <p className="comment-text">{c.comment}</p>
              <p className="small muted">
                {time(c.submittedAt)} · {c.agencyName}
                {c.procedureName ? ` · ${c.procedureName}` : ""} · {t.dashboard.channels[c.channel] ?? c.channel}
                {c.lowest != null && (
                  <>
                    {" "}
                    · {t.dashboard.lowest}: <span className={c.lowest <= 2 ? "badge bad" : "badge"}>{c.lowest}</span>
                  </>
                )}
                <CommentCase link={caseOf.get(c.id)} t={t} />
              </p>
            </li>
          ))}
        </ol>
      )}
      {pages > 1 && (
        <nav aria-label={fill(t.dashboard.page, { page, pages })} className="pager">
          {page > 1 && <Link href={href(page - 1)}>{t.dashboard.newer}</Link>} <span>{fill(t.dashboard.page, { page, pages })}</span>{" "}
          {page < pages && <Link href={href(page + 1)}>{t.dashboard.older}</Link>}
        </nav>
      )}
    </DashboardChrome>
  );
}

/** The case the answer opened, by its reference: the comment's follow-up is one click away. */
function CommentCase({ link, t }: { link: CaseLink | undefined; t: Messages }) {
  if (!link) return null;
  return (
    <>
      {" "}
      ·{" "}
      <Link href={`/cases/${link.id}`} data-testid="comment-case">
        {fill(t.caseFigures.caseLink, { reference: link.reference })}
      </Link>
    </>
  );
}
