import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { assignableStaff, caseToRead, forwardTargets } from "@/db/queries/cases";
import { can } from "@/lib/auth/permissions";
import { requireStaffPage } from "@/lib/auth/session";
import { caseStatusUrl } from "@/lib/cases/opening";
import { caseStatusToken } from "@/lib/cases/reference";
import { callOutcomes } from "@/lib/cases/service";
import { getDb } from "@/lib/db";
import { authSecret } from "@/lib/env";
import { fill, getLocale, messagesFor } from "@/lib/i18n";
import { formatDateTime } from "@/lib/i18n/format";
import { formatDay } from "@/lib/time/vietnam";
import { DataTable } from "@/app/components/data-table";
import { StaffHeader } from "@/app/components/staff-header";
import { ActionForm } from "../../admin/action-form";
import { assignAction, callAction, closeAction, forwardAction, noteAction, reopenAction, replyAction, statusAction } from "../actions";
import { reasonLabel } from "../labels";
import { ContactReveal } from "./contact-reveal";

export const metadata: Metadata = { title: "Phiếu xử lý ý kiến" };
export const dynamic = "force-dynamic";

/**
 * One case: its details, the answers and comment (staff may read them), its history and, for
 * someone who handles it in the owning agency's subtree, the actions. The query's WHERE clause
 * leaves out cases outside the viewer's scope and cases about their own dossier.
 */
export default async function CasePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const self = `/cases/${encodeURIComponent(id)}`;
  const staff = await requireStaffPage("view:cases", self);
  const locale = await getLocale();
  const t = messagesFor(locale);
  const c = t.cases;
  const p = c.page;
  const a = c.actions;
  const db = await getDb();
  const found = /^\d{1,12}$/.test(id) ? await caseToRead(db, { viewer: { id: staff.id, role: staff.role, scopePath: staff.scopePath }, caseId: Number(id) }) : null;
  if (!found) notFound();
  const handles = can(staff, "handle:cases") && found.owned;
  const [people, targets] = handles
    ? await Promise.all([assignableStaff(db, { caseId: found.id }), forwardTargets(db, { scopePath: staff.scopePath, exceptAgencyId: found.agencyId })])
    : [[], []];
  const hidden = <input type="hidden" name="caseId" value={found.id} />;
  const open = found.status !== "closed";
  const elementOf = (key: string, element: string) => c.elements[element] ?? key;
  return (
    <>
      <StaffHeader staff={staff} t={t} locale={locale} path={self} />
      <main id="main">
        <p className="small">
          <Link href="/cases">{p.back}</Link>
        </p>
        <h1>
          {found.reference} <span className="badge">{c.status[found.status]}</span>
        </h1>
        {!found.owned && <p className="notice">{found.ofPredecessor ? fill(p.readOnlyHistory, { agency: found.agencyName }) : p.readOnly}</p>}
        {found.escalatedAt && <p className="alert">{p.escalated}</p>}
        {!found.verified && <p className="notice">{p.unverified}</p>}

        <section aria-labelledby="details-title">
          <h2 id="details-title">{p.details}</h2>
          <dl className="case-details">
            <dt>{p.agency}</dt>
            <dd>{found.agencyName}</dd>
            <dt>{p.originAgency}</dt>
            <dd>{found.originAgencyName}</dd>
            {found.procedureName && (
              <>
                <dt>{p.procedure}</dt>
                <dd>{found.procedureName}</dd>
              </>
            )}
            {found.dossierCode && (
              <>
                <dt>{p.dossier}</dt>
                <dd>{found.dossierCode}</dd>
              </>
            )}
            <dt>{p.channel}</dt>
            <dd>{c.channels[found.channel] ?? found.channel}</dd>
            <dt>{p.openedAt}</dt>
            <dd>{formatDateTime(found.openedAt)}</dd>
            <dt>{p.forwardDueOn}</dt>
            <dd>{formatDay(found.forwardDueOn)}</dd>
            <dt>{p.replyDueOn}</dt>
            <dd>{formatDay(found.replyDueOn)}</dd>
            <dt>{p.assignee}</dt>
            <dd>{found.assigneeName ?? p.nobody}</dd>
            <dt>{p.reasons}</dt>
            <dd>{found.reasons.map((r) => reasonLabel(r, c)).join(", ")}</dd>
          </dl>
        </section>

        <section aria-labelledby="answers-title">
          <h2 id="answers-title">{p.answers}</h2>
          <DataTable
            columns={[p.answers, { label: "1–5", numeric: true }]}
            rows={found.answers}
            row={(x) => (
              <tr key={x.key}>
                <td>
                  {x.key} · {elementOf(x.key, x.element)}
                </td>
                <td className="num">{x.value}</td>
              </tr>
            )}
          />
          <h3>{p.comment}</h3>
          {found.comment ? <p className="comment-text">{found.comment}</p> : <p className="muted">{p.noComment}</p>}
          {found.replyText && (
            <>
              <h3>{p.reply}</h3>
              <p className="comment-text">{found.replyText}</p>
            </>
          )}
        </section>

        {handles && (
          <section aria-labelledby="contact-title">
            <h2 id="contact-title">{p.contact}</h2>
            {found.hasContact ? (
              <ContactReveal
                caseId={found.id}
                labels={{ show: p.showContact, hint: p.contactHint, phone: p.phone, email: p.email, none: p.noContact, deleteAfter: p.contactDeleteAfter }}
              />
            ) : (
              <p className="muted">{p.noContact}</p>
            )}
            <p className="small">
              {p.statusLink}: <span className="survey-link">{caseStatusUrl(caseStatusToken(authSecret(), found.reference))}</span>
            </p>
          </section>
        )}

        {handles && (
          <section aria-labelledby="actions-title" className="case-actions">
            <h2 id="actions-title">{a.title}</h2>
            {open && (
              <>
                <h3>{a.assign}</h3>
                <ActionForm action={assignAction} submit={a.assign}>
                  {hidden}
                  <div className="field">
                    <label htmlFor="assignee">{a.assignee}</label>
                    <select id="assignee" name="assigneeId" required defaultValue={found.assigneeId ? String(found.assigneeId) : ""}>
                      <option value="" disabled>
                        —
                      </option>
                      {people.map((x) => (
                        <option key={x.id} value={x.id}>
                          {x.name} · {x.agencyName}
                        </option>
                      ))}
                    </select>
                  </div>
                </ActionForm>

                {(found.status === "new" || found.status === "in_progress" || found.status === "replied") && (
                  <>
                    <h3>{a.status}</h3>
                    <ActionForm action={statusAction} submit={a.status}>
                      {hidden}
                      <div className="field">
                        <label htmlFor="status">{a.newStatus}</label>
                        <select id="status" name="status" required>
                          {(found.status === "new" ? (["in_progress"] as const) : found.status === "in_progress" ? (["new"] as const) : (["in_progress"] as const)).map((s) => (
                            <option key={s} value={s}>
                              {c.status[s]}
                            </option>
                          ))}
                        </select>
                      </div>
                    </ActionForm>
                  </>
                )}

                <h3>{a.reply}</h3>
                <ActionForm action={replyAction} submit={a.sendReply}>
                  {hidden}
                  <div className="field">
                    <label htmlFor="reply">{a.replyText}</label>
                    <textarea id="reply" name="reply" required maxLength={4000} rows={6} aria-describedby="reply-hint" defaultValue={found.replyText ?? ""} />
                    <p id="reply-hint" className="small muted">
                      {a.replyHint}
                    </p>
                  </div>
                </ActionForm>

                <h3>{a.call}</h3>
                <ActionForm action={callAction} submit={a.call}>
                  {hidden}
                  <div className="field">
                    <label htmlFor="outcome">{a.outcome}</label>
                    <select id="outcome" name="outcome" required>
                      {callOutcomes.map((o) => (
                        <option key={o} value={o}>
                          {a.outcomes[o]}
                        </option>
                      ))}
                    </select>
                  </div>
                  <div className="field">
                    <label htmlFor="call-note">{a.callNote}</label>
                    <input id="call-note" name="note" type="text" maxLength={2000} />
                  </div>
                </ActionForm>

                <h3>{a.forward}</h3>
                <ActionForm action={forwardAction} submit={a.forward}>
                  {hidden}
                  <div className="field">
                    <label htmlFor="forward-to">{a.forwardTo}</label>
                    <select id="forward-to" name="toAgencyId" required defaultValue="">
                      <option value="" disabled>
                        —
                      </option>
                      {targets.map((x) => (
                        <option key={x.id} value={x.id}>
                          {x.name}
                        </option>
                      ))}
                    </select>
                  </div>
                </ActionForm>
              </>
            )}

            <h3>{a.note}</h3>
            <ActionForm action={noteAction} submit={a.addNote}>
              {hidden}
              <div className="field">
                <label htmlFor="note">{a.note}</label>
                <textarea id="note" name="note" required maxLength={2000} rows={3} aria-describedby="note-hint" />
                <p id="note-hint" className="small muted">
                  {a.noteHint}
                </p>
              </div>
            </ActionForm>

            {open ? (
              <>
                <h3>{a.close}</h3>
                <p className="small muted">{a.closeHint}</p>
                <ActionForm action={closeAction} submit={a.close} secondary>
                  {hidden}
                </ActionForm>
              </>
            ) : (
              <>
                <h3>{a.reopen}</h3>
                <ActionForm action={reopenAction} submit={a.reopen} secondary>
                  {hidden}
                </ActionForm>
              </>
            )}
          </section>
        )}

        {found.forwards.length > 0 && (
          <section aria-labelledby="forwards-title">
            <h2 id="forwards-title">{p.forwards}</h2>
            <ul>
              {found.forwards.map((f, i) => (
                <li key={i}>
                  {formatDateTime(f.at)}: {fill(p.forwardLine, { from: f.fromName, to: f.toName })}
                </li>
              ))}
            </ul>
          </section>
        )}

        <section aria-labelledby="history-title">
          <h2 id="history-title">{p.history}</h2>
          <ol className="case-history">
            {found.history.map((e) => (
              <li key={e.id}>
                <span className="small muted">{formatDateTime(e.at)}</span> · <strong>{c.events[e.kind] ?? e.kind}</strong> · {e.actorName ?? c.system}
                {e.kind === "call" && typeof e.data?.outcome === "string" && <> · {a.outcomes[e.data.outcome] ?? e.data.outcome}</>}
                {e.kind === "status" && typeof e.data?.to === "string" && <> · {c.status[e.data.to as keyof typeof c.status] ?? e.data.to}</>}
                {e.note && <p className="comment-text">{e.note}</p>}
              </li>
            ))}
          </ol>
        </section>
      </main>
    </>
  );
}
