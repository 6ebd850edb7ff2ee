import type { Metadata } from "next";
import Link from "next/link";
import { caseQueue, caseQueueOptions, QUEUE_LIMIT, seesOfficers, type CaseFilters } from "@/db/queries/cases";
import { caseStatuses, type CaseStatus } from "@/db/schema";
import { requireStaffPage } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { fill, getLocale, messagesFor } from "@/lib/i18n";
import { formatDate } from "@/lib/i18n/format";
import { now } from "@/lib/time/clock";
import { formatDay, vietnamDayOf } from "@/lib/time/vietnam";
import { DataTable } from "@/app/components/data-table";
import { StaffHeader } from "@/app/components/staff-header";
import { reasonLabel } from "./labels";
import { FilterSelect } from "@/app/components/filter-select";

export const metadata: Metadata = { title: "Phiếu xử lý ý kiến" };
export const dynamic = "force-dynamic";

type Search = Record<string, string | string[] | undefined>;

const one = (v: string | string[] | undefined) => (typeof v === "string" ? v : "");
const positive = (v: string) => (/^\d{1,9}$/.test(v) && Number(v) > 0 ? Number(v) : undefined);

// The queue opens on what is still to do; "all" shows the closed ones too.
const ALL = "all";

function filtersOf(search: Search): CaseFilters {
  const status = one(search.status);
  return {
    status: (caseStatuses as readonly string[]).includes(status) ? (status as CaseStatus) : status === ALL ? undefined : "open",
    overdue: one(search.overdue) === "1",
    element: /^[a-z_]{1,32}$/.test(one(search.element)) ? one(search.element) : undefined,
    procedureId: positive(one(search.procedure)),
    channel: /^[a-z_]{1,20}$/.test(one(search.channel)) ? one(search.channel) : undefined,
    officerId: positive(one(search.officer)),
    agencyId: positive(one(search.agency)),
  };
}

/** The case queue of the viewer's subtree: a GET form of filters that works without script. */
export default async function CasesPage({ searchParams }: { searchParams: Promise<Search> }) {
  const staff = await requireStaffPage("view:cases", "/cases");
  const locale = await getLocale();
  const t = messagesFor(locale);
  const c = t.cases;
  const q = c.queue;
  const db = await getDb();
  const filters = filtersOf(await searchParams);
  const viewer = { id: staff.id, role: staff.role, scopePath: staff.scopePath };
  const [queue, options] = await Promise.all([
    caseQueue(db, { viewer, filters, today: vietnamDayOf(now()) }),
    caseQueueOptions(db, { viewer }),
  ]);
  const leader = seesOfficers(viewer);
  return (
    <>
      <StaffHeader staff={staff} t={t} locale={locale} path="/cases" />
      <main id="main">
        <h1>{q.title}</h1>
        <p className="muted">{q.intro}</p>
        <form method="get" action="/cases" className="filter-form no-print" aria-label={q.filters}>
          <FilterSelect id="f-status" name="status" label={q.statusLabel} any={q.notClosed} value={filters.status === "open" ? "" : (filters.status ?? ALL)}
            options={[...caseStatuses.map((s) => ({ value: s, text: c.status[s] })), { value: ALL, text: q.any }]}
          />
          <FilterSelect id="f-element" name="element" label={q.elementLabel} any={q.any} value={filters.element ?? ""}
            options={options.elements.map((e) => ({ value: e, text: c.elements[e] ?? e }))}
          />
          <FilterSelect id="f-procedure" name="procedure" label={q.procedureLabel} any={q.any} value={filters.procedureId ? String(filters.procedureId) : ""}
            options={options.procedures.map((p) => ({ value: String(p.id), text: p.name }))}
          />
          <FilterSelect id="f-channel" name="channel" label={q.channelLabel} any={q.any} value={filters.channel ?? ""}
            options={options.channels.map((ch) => ({ value: ch, text: c.channels[ch] ?? ch }))}
          />
          {leader && (
            <FilterSelect id="f-officer" name="officer" label={q.officerLabel} any={q.any} value={filters.officerId ? String(filters.officerId) : ""}
              options={options.officers.map((o) => ({ value: String(o.id), text: o.name }))}
            />
          )}
          <FilterSelect id="f-agency" name="agency" label={q.agencyLabel} any={q.any} value={filters.agencyId ? String(filters.agencyId) : ""}
            options={options.agencies.map((a) => ({ value: String(a.id), text: a.name }))}
          />
          <div className="field check">
            <input id="f-overdue" type="checkbox" name="overdue" value="1" defaultChecked={filters.overdue} />
            <label htmlFor="f-overdue">{q.overdueOnly}</label>
          </div>
          <div className="filter-actions">
            <button type="submit">{q.apply}</button>
            <Link href="/cases">{q.reset}</Link>
          </div>
        </form>
        <p role="status" data-testid="case-count">
          {fill(q.count, { n: queue.total.toLocaleString("vi-VN") })}
        </p>
        <DataTable
          testId="case-queue"
          columns={[q.columns.reference, q.columns.status, q.columns.replyDueOn, q.columns.agency, q.columns.reasons, q.columns.procedure, q.columns.openedOn, q.columns.assignee]}
          rows={queue.rows}
          empty={q.empty}
          row={(r) => (
            <tr key={r.id}>
              <td>
                <Link href={`/cases/${r.id}`} className="case-reference">
                  {r.reference}
                </Link>
              </td>
              <td>
                {c.status[r.status]}
                {r.overdue && <span className="badge bad"> {q.overdue}</span>}
                {r.escalated && <span className="badge"> {q.escalated}</span>}
                {r.readOnly && <span className="badge"> {q.forwarded}</span>}
              </td>
              <td>{formatDay(r.replyDueOn)}</td>
              <td data-testid="case-agency">{r.agencyName}</td>
              <td>
                {r.reasons.map((x) => reasonLabel(x, c)).join(", ")}
                {!r.verified && <span className="small muted"> · {q.unverified}</span>}
              </td>
              <td>{r.procedureName ?? ""}</td>
              <td>{formatDate(r.openedAt)}</td>
              <td>{r.assigneeName ?? ""}</td>
            </tr>
          )}
        />
        {queue.total > queue.rows.length && <p className="small muted">{fill(q.more, { n: QUEUE_LIMIT })}</p>}
      </main>
    </>
  );
}
