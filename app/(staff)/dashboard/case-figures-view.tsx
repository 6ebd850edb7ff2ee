import Link from "next/link";
import { DataTable } from "@/app/components/data-table";
import { fill, type Locale, type Messages } from "@/lib/i18n";
import { caseQueuePath, type CaseFigures, type CaseOverview } from "@/lib/metrics/case-figures";
import { formatDay } from "@/lib/time/vietnam";
import { agencyName } from "./dashboard-context";
import type { formatters } from "./figure-format";

type Format = ReturnType<typeof formatters>;

/**
 * The overview's compact block "Xử lý ý kiến phản ánh": four figures, each a link to the case
 * queue filtered as the figure was counted.
 */
export function CaseFiguresCards({ overview, t, f, detailsHref }: { overview: CaseOverview; t: Messages; f: Format; detailsHref?: string }) {
  const c = overview.agency;
  const m = t.caseFigures;
  const queue = caseQueuePath({ agencyId: c.agencyId });
  const replied = caseQueuePath({ agencyId: c.agencyId, status: "replied" });
  return (
    <section aria-labelledby="case-figures-title" data-testid="case-figures">
      <h2 id="case-figures-title">{m.title}</h2>
      <div className="cards">
        <div className="card">
          <div className="small">{m.opened}</div>
          <div className="value">
            <Link href={queue} data-testid="case-opened" aria-label={`${m.opened}: ${f.num(c.opened)}. ${m.viewQueue}`}>
              {f.num(c.opened)}
            </Link>
          </div>
          <div className="small muted">
            {m.replied}: {f.num(c.replied)} · {m.escalated}: {f.num(c.escalated)}
          </div>
        </div>
        <div className="card">
          <div className="small">{m.onTimeShare}</div>
          <div className="value">
            <Link href={replied} data-testid="case-on-time" aria-label={`${m.onTimeShare}: ${f.pct(c.onTimeShare)}. ${m.viewReplied}`}>
              {f.pct(c.onTimeShare)}
            </Link>
          </div>
          <div className="small muted">
            {m.repliedOnTime}: {f.num(c.repliedOnTime)}/{f.num(c.replied)}
          </div>
        </div>
        <div className="card">
          <div className="small">{m.medianDays}</div>
          <div className="value">
            <Link href={replied} data-testid="case-median-days" aria-label={`${m.medianDays}: ${f.days(c.medianWorkingDays)}. ${m.viewReplied}`}>
              {f.days(c.medianWorkingDays)}
            </Link>
          </div>
        </div>
        <div className="card">
          <div className="small">{m.overdueNow}</div>
          <div className="value">
            <Link href={caseQueuePath({ agencyId: c.agencyId, overdue: true })} data-testid="case-overdue" aria-label={`${m.overdueNow}: ${f.num(c.overdueNow)}. ${m.viewOverdue}`}>
              {f.num(c.overdueNow)}
            </Link>
          </div>
          <div className="small muted">{fill(m.asOf, { date: formatDay(overview.today) })}</div>
        </div>
      </div>
      <p className="small muted">
        {m.shortNote}
        {detailsHref && (
          <>
            {" "}
            <Link href={detailsHref} className="no-print">
              {m.more}
            </Link>
          </>
        )}
      </p>
    </section>
  );
}

/** The case figures of each agency in `rows` (the ranking table's shape), each linked to its queue. */
export function CaseFiguresTable({
  rows,
  t,
  f,
  locale,
  testId,
  agencyHref,
  links = true,
}: {
  rows: readonly CaseFigures[];
  t: Messages;
  f: Format;
  locale: Locale;
  testId: string;
  agencyHref?: (agencyId: number) => string;
  /** False in print, where a link is only underlined text. */
  links?: boolean;
}) {
  const m = t.caseFigures;
  const cell = (href: string, text: string) => (links ? <Link href={href}>{text}</Link> : text);
  return (
    <DataTable
      columns={[
        t.dashboard.agency,
        { label: m.opened, numeric: true },
        { label: m.replied, numeric: true },
        { label: m.repliedOnTime, numeric: true },
        { label: m.onTimeShare, numeric: true },
        { label: m.medianDays, numeric: true },
        { label: m.overdueNow, numeric: true },
        { label: m.escalated, numeric: true },
      ]}
      rows={rows}
      testId={testId}
      row={(c) => (
        <tr key={c.agencyId}>
          <th scope="row">{agencyHref && links ? <Link href={agencyHref(c.agencyId)}>{agencyName(c, locale)}</Link> : agencyName(c, locale)}</th>
          <td className="num">{cell(caseQueuePath({ agencyId: c.agencyId }), f.num(c.opened))}</td>
          <td className="num">{f.num(c.replied)}</td>
          <td className="num">{f.num(c.repliedOnTime)}</td>
          <td className="num">{f.pct(c.onTimeShare)}</td>
          <td className="num">{f.days(c.medianWorkingDays)}</td>
          <td className="num">{cell(caseQueuePath({ agencyId: c.agencyId, overdue: true }), f.num(c.overdueNow))}</td>
          <td className="num">{f.num(c.escalated)}</td>
        </tr>
      )}
    />
  );
}
