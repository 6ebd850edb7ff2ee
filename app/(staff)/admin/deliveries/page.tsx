import type { Metadata } from "next";
import { forbidden } from "next/navigation";
import { isGlobalAdmin } from "@/lib/admin/common";
import { requireStaffPage } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { fill, getLocale, messagesFor } from "@/lib/i18n";
import { formatDateTime } from "@/lib/i18n/format";
import { deliveryOverview } from "@/lib/notify/deliveries";
import { DataTable } from "@/app/components/data-table";
import { AdminShell } from "../admin-shell";
import { OutcomeNotice } from "../outcome-notice";
import { retryMessageAction, runJobAction } from "./actions";

export const metadata: Metadata = { title: "Thư và webhook" };

export default async function DeliveriesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const staff = await requireStaffPage("manage:deliveries", "/admin/deliveries");
  if (!isGlobalAdmin(staff, "manage:deliveries")) forbidden();
  const query = await searchParams;
  const locale = await getLocale();
  const t = messagesFor(locale);
  const n = t.notify;
  const d = n.deliveries;
  const overview = await deliveryOverview(await getDb(), staff);
  const label = (map: Record<string, string>, key: string) => map[key] ?? key;
  const count = (value: number) => value.toLocaleString(locale === "vi" ? "vi-VN" : "en-GB");
  return (
    <AdminShell staff={staff} t={t} locale={locale} path="/admin/deliveries" section="deliveries">
      <h1>{d.title}</h1>
      <p>{d.intro}</p>
      {overview.mailHeld && (
        <p className="alert" role="status" data-testid="mail-held">
          {d.mailHeld}
        </p>
      )}
      <OutcomeNotice query={query} successes={{ ran: d.ran, retried: d.retried }} errors={d.errors} />
      <section aria-labelledby="counts-title">
        <h2 id="counts-title">{d.countsTitle}</h2>
        <DataTable
          testId="delivery-counts"
          columns={[d.channel, d.kind, d.state, { label: d.count, numeric: true }]}
          rows={overview.counts}
          empty={d.noneCounts}
          row={(c, i) => (
            <tr key={i}>
              <td>{label(n.channels, c.channel)}</td>
              <td>{label(n.kinds, c.kind)}</td>
              <td>{label(n.states, c.state)}</td>
              <td className="num">{count(c.n)}</td>
            </tr>
          )}
        />
      </section>
      <section aria-labelledby="problems-title">
        <h2 id="problems-title">{d.problemsTitle}</h2>
        <DataTable
          testId="delivery-problems"
          columns={[d.id, d.channel, d.kind, d.state, { label: d.attempts, numeric: true }, d.lastError, d.nextAttempt, d.createdAt, { label: d.retry, hidden: true }]}
          rows={overview.problems}
          empty={d.noneProblems}
          row={(m) => (
            <tr key={m.id}>
              <td className="num">{m.id}</td>
              <td>{label(n.channels, m.channel)}</td>
              <td>{label(n.kinds, m.kind)}</td>
              <td>{label(n.states, m.state)}</td>
              <td className="num">{m.attempts}</td>
              <td>
                <code>{m.lastError ?? "—"}</code>
              </td>
              <td>{m.state === "retrying" ? formatDateTime(m.nextAttemptAt) : "—"}</td>
              <td>{formatDateTime(m.createdAt)}</td>
              <td>
                {m.state === "failed" && (
                  <form action={retryMessageAction} className="inline-form">
                    <input type="hidden" name="messageId" value={m.id} />
                    <button type="submit" className="secondary" aria-label={fill(d.retryLabel, { id: m.id })}>
                      {d.retry}
                    </button>
                  </form>
                )}
              </td>
            </tr>
          )}
        />
      </section>
      <section aria-labelledby="jobs-title">
        <h2 id="jobs-title">{d.jobsTitle}</h2>
        <DataTable
          columns={[d.job, d.schedule, d.lastRun, d.outcome, { label: d.runNow, hidden: true }]}
          rows={overview.jobs}
          row={(j) => (
            <tr key={j.name}>
              <td>
                {label(d.jobNames, j.name)} <code className="small">{j.name}</code>
              </td>
              <td>
                <code>{j.cron}</code>
              </td>
              <td>{j.lastFinishedAt ? formatDateTime(j.lastFinishedAt) : d.never}</td>
              <td>
                {j.lastOutcome ? label(d.outcomes, j.lastOutcome) : "—"}
                {j.lastError ? ` (${j.lastError})` : ""}
              </td>
              <td>
                <form action={runJobAction} className="inline-form">
                  <input type="hidden" name="job" value={j.name} />
                  <button type="submit" className="secondary" aria-label={fill(d.runNowLabel, { job: label(d.jobNames, j.name) })}>
                    {d.runNow}
                  </button>
                </form>
              </td>
            </tr>
          )}
        />
      </section>
    </AdminShell>
  );
}
