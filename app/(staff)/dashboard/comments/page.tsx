import type { Metadata } from "next";
import Link from "next/link";
import { casesOfResponses, type CaseLink } from "@/db/queries/case-figures";
import { commentFilterOptions, comments, COMMENT_ELEMENTS, COMMENTS_PAGE_SIZE, deskInScope, officerInScope, RATING_FILTERS } from "@/db/queries/figure-details";
import { channels } from "@/db/schema";
import { can } from "@/lib/auth/permissions";
import { fill, type Messages } from "@/lib/i18n";
import { drillLink, MAX_SEARCH_LENGTH, parseDrillQuery } from "@/lib/metrics/drill";
import { vietnamDate } from "@/lib/metrics/satisfaction";
import { DashboardChrome } from "../dashboard-chrome";
import { agencyName, dashboardContext, type Search } from "../dashboard-context";
import { formatters } from "../figure-format";
import { FilterSelect } from "@/app/components/filter-select";

export const metadata: Metadata = { title: "Ý kiến" };

export default async function CommentsPage({ searchParams }: { searchParams: Search }) {
  const raw = await searchParams;
  const ctx = await dashboardContext(Promise.resolve(raw), "/dashboard/comments");
  const { t, locale, db, agency, staff, period, settings } = ctx;
  const d = t.drill;
  // The unit is the page's agency (checked against the viewer's subtree by dashboardContext).
  const { filters, page, invalid } = parseDrillQuery(raw);
  const [result, options, officer, desk] = await Promise.all([
    invalid.length > 0
      ? null
      : comments(db, { ...filters, path: agency.path, scopePath: ctx.scopePath, from: period.from, to: period.to, includeUnverified: settings.includeUnverified, page }),
    commentFilterOptions(db, { scopePath: ctx.scopePath, path: agency.path, selectedProcedureId: filters.procedureId }),
    filters.officerId != null ? officerInScope(db, { officerId: filters.officerId, scopePath: ctx.scopePath }) : null,
    filters.deskId != null ? deskInScope(db, { deskId: filters.deskId, scopePath: ctx.scopePath }) : null,
  ]);
  // A comment links to its case only for a viewer the case page would let in.
  const caseOf =
    result && can(staff, "view:cases") ? await casesOfResponses(db, { responseIds: result.rows.map((c) => c.id), scopePath: ctx.scopePath, viewerId: staff.id }) : new Map<number, CaseLink>();
  // Past the counted cap the pager goes on while pages are full, without a last page.
  const open = Boolean(result?.more);
  const pages = open ? page + (result!.rows.length === COMMENTS_PAGE_SIZE ? 1 : 0) : Math.max(1, Math.ceil((result?.total ?? 0) / COMMENTS_PAGE_SIZE));
  const f = formatters(locale, t);
  const href = (p: number) => drillLink({ agencyId: agency.id, period: period.key, ...filters, page: p });
  const time = (d: Date) => {
    const local = new Date(d.getTime() + 7 * 3600 * 1000);
    return `${vietnamDate(d)} ${String(local.getUTCHours()).padStart(2, "0")}:${String(local.getUTCMinutes()).padStart(2, "0")}`;
  };
  const elementName = (e: string) => (e === "overall" ? d.overall : t.elements[e as keyof Messages["elements"]]);
  const procedure = options.procedures.find((p) => p.id === filters.procedureId);
  const active = [
    filters.element && elementName(filters.element),
    filters.rating && d.ratings[filters.rating],
    procedure?.name,
    filters.channel && t.dashboard.channels[filters.channel],
    filters.timeliness && (filters.timeliness === 1 ? t.timeliness.groups.onTime : t.timeliness.groups.late),
  ].filter((x): x is string => Boolean(x));

  return (
    <DashboardChrome ctx={ctx} tab="comments" path="/dashboard/comments">
      <form method="get" action="/dashboard/comments" className="comment-filters no-print" aria-label={d.filters}>
        <input type="hidden" name="period" value={period.key} />
        {filters.officerId != null && <input type="hidden" name="officer" value={filters.officerId} />}
        {filters.deskId != null && <input type="hidden" name="desk" value={filters.deskId} />}
        <div className="field">
          <label htmlFor="c-text">{d.text}</label>
          <div className="search-row">
            <input id="c-text" type="search" name="text" defaultValue={filters.text ?? ""} maxLength={MAX_SEARCH_LENGTH} aria-describedby="c-text-hint" />
            <button type="submit">{d.search}</button>
          </div>
          <p id="c-text-hint" className="small muted">
            {d.textHint}
          </p>
        </div>
        {/* Arriving from a figure, the comments come first: the narrowing is named in the summary. */}
        <details open={active.length === 0}>
          <summary>
            {d.filters}
            {active.length > 0 && <span className="muted">: {active.join(" · ")}</span>}
          </summary>
          <div className="filter-fields">
            <FilterSelect id="c-agency" name="agency" label={d.unit} value={String(agency.id)}
              options={options.agencies.map((a) => ({ value: String(a.id), text: `${"\u00a0\u00a0".repeat(a.depth)}${agencyName(a, locale)}` }))}
            />
            <FilterSelect id="c-element" name="element" label={d.element} any={d.anyElement} value={filters.element ?? ""}
              options={COMMENT_ELEMENTS.map((e) => ({ value: e, text: elementName(e) }))}
            />
            <FilterSelect id="c-rating" name="rating" label={d.rating} any={d.anyRating} value={filters.rating ?? ""}
              options={RATING_FILTERS.map((r) => ({ value: r, text: d.ratings[r] ?? r }))}
            />
            <FilterSelect id="c-procedure" name="procedure" label={d.procedure} any={d.anyProcedure} value={filters.procedureId != null ? String(filters.procedureId) : ""}
              options={options.procedures.map((p) => ({ value: String(p.id), text: `${p.name} (${p.code})` }))}
            />
            <FilterSelect id="c-channel" name="channel" label={d.channel} any={d.anyChannel} value={filters.channel ?? ""}
              options={channels.map((ch) => ({ value: ch, text: t.dashboard.channels[ch] ?? ch }))}
            />
            <FilterSelect id="c-timeliness" name="timeliness" label={d.timeliness} any={d.anyTimeliness}
              value={filters.timeliness === 1 ? "on_time" : filters.timeliness === 2 ? "late" : ""}
              options={[
                { value: "on_time", text: t.timeliness.groups.onTime },
                { value: "late", text: t.timeliness.groups.late },
              ]}
            />
          </div>
          <div className="filter-actions">
            <button type="submit" className="secondary">{d.apply}</button>
            <Link href={drillLink({ agencyId: agency.id, period: period.key })}>{d.reset}</Link>
          </div>
        </details>
      </form>
      {filters.officerId != null && (
        <p data-testid="officer-filter">
          {fill(d.officer, { name: officer?.name ?? fill(d.unknownOfficer, { id: filters.officerId }) })}{" "}
          <Link href={drillLink({ agencyId: agency.id, period: period.key, ...filters, officerId: undefined })}>{d.removeOfficer}</Link>
        </p>
      )}
      {filters.deskId != null && (
        <p data-testid="desk-filter">
          {fill(d.desk, { name: desk?.name ?? fill(d.unknownDesk, { id: filters.deskId }) })}{" "}
          <Link href={drillLink({ agencyId: agency.id, period: period.key, ...filters, deskId: undefined })}>{d.removeDesk}</Link>
        </p>
      )}
      {invalid.length > 0 && (
        <p className="alert" role="alert" data-testid="filter-invalid">
          {fill(d.invalid, { fields: invalid.map((k) => fill(d.fieldNames[k] ?? k, { max: MAX_SEARCH_LENGTH })).join(", ") })}
        </p>
      )}
      {result && (
        <>
          <p data-testid="comments-count">{fill(result.more ? t.dashboard.commentsCountMore : t.dashboard.commentsCount, { count: f.num(result.total) })}</p>
          <p className="small muted" data-testid="sheets-count">
            {result.sheets == null ? d.textOnlyComments : fill(d.sheets, { count: f.num(result.sheets) })}
          </p>
          {result.rows.length === 0 ? (
            <p>{t.dashboard.noComments}</p>
          ) : (
            <ol className="comments" data-testid="comments" start={(page - 1) * COMMENTS_PAGE_SIZE + 1}>
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
            <nav aria-label={fill(open ? t.dashboard.pageOpen : t.dashboard.page, { page, pages })} className="pager">
              {page > 1 && <Link href={href(page - 1)}>{t.dashboard.newer}</Link>} <span>{fill(open ? t.dashboard.pageOpen : t.dashboard.page, { page, pages })}</span>{" "}
              {page < pages && <Link href={href(page + 1)}>{t.dashboard.older}</Link>}
            </nav>
          )}
        </>
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
