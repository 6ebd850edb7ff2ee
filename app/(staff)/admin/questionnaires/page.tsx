import type { Metadata } from "next";
import { forbidden } from "next/navigation";
import { questionnairesWithVersions } from "@/db/queries/admin-questionnaires";
import type { Question } from "@/db/schema";
import { isGlobalAdmin } from "@/lib/admin/common";
import { formatOptionLines } from "@/lib/admin/questionnaires";
import { requireStaffPage } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { fill, getLocale, messagesFor, type Messages } from "@/lib/i18n";
import { formatDate } from "@/lib/i18n/format";
import { ActionForm } from "../action-form";
import { AdminShell } from "../admin-shell";
import { createDraftAction, discardDraftAction, publishVersionAction, updateQuestionAction } from "./actions";

export const metadata: Metadata = { title: "Phiếu khảo sát" };

function elementLabel(t: Messages, element: string): string {
  return (t.elements as Record<string, string>)[element] ?? element;
}

function QuestionView({ q, t, locale }: { q: Question; t: Messages; locale: string }) {
  const a = t.admin.questionnaires;
  return (
    <li className="question-view">
      <p>
        <strong>{q.key}</strong> · {a.kind[q.kind]} · {elementLabel(t, q.element)}
        {q.required && ` · ${a.required}`}
        {q.allowNotApplicable && ` · ${a.allowNotApplicable}`}
      </p>
      <p lang="vi">{q.textVi}</p>
      <p lang="en" className="small muted">
        {q.textEn}
      </p>
      {q.options && q.options.length > 0 && (
        <ul className="small">
          {q.options.map((o) => (
            <li key={o.key}>
              {locale === "en" ? o.en : o.vi} <span className="muted">({o.key})</span>
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}

function QuestionEditor({ q, t }: { q: Question; t: Messages }) {
  const a = t.admin;
  const id = `q${q.id}`;
  return (
    <li>
      <fieldset className="question-edit">
        <legend>
          {fill(a.questionnaires.editQuestion, { key: q.key })} · {a.questionnaires.kind[q.kind]} · {elementLabel(t, q.element)}
        </legend>
        <ActionForm action={updateQuestionAction} submit={a.questionnaires.saveQuestion}>
          <input type="hidden" name="questionId" value={q.id} />
          <div className="field">
            <label htmlFor={`${id}-vi`}>{a.fields.textVi}</label>
            <textarea id={`${id}-vi`} name="textVi" required maxLength={600} rows={3} defaultValue={q.textVi} lang="vi" />
          </div>
          <div className="field">
            <label htmlFor={`${id}-en`}>{a.fields.textEn}</label>
            <textarea id={`${id}-en`} name="textEn" required maxLength={600} rows={3} defaultValue={q.textEn} lang="en" />
          </div>
          <div className="field check">
            <input id={`${id}-req`} name="required" type="checkbox" defaultChecked={q.required} />
            <label htmlFor={`${id}-req`}>{a.questionnaires.required}</label>
          </div>
          {q.kind === "scale" && (
            <div className="field check">
              <input id={`${id}-na`} name="allowNotApplicable" type="checkbox" defaultChecked={q.allowNotApplicable} />
              <label htmlFor={`${id}-na`}>{a.questionnaires.allowNotApplicable}</label>
            </div>
          )}
          {q.kind === "multi" && (
            <div className="field">
              <label htmlFor={`${id}-opts`}>{a.fields.options}</label>
              <textarea id={`${id}-opts`} name="options" rows={Math.max(4, (q.options?.length ?? 0) + 1)} defaultValue={formatOptionLines(q.options)} aria-describedby={`${id}-opts-hint`} />
              <p id={`${id}-opts-hint`} className="small muted">
                {a.questionnaires.optionsHint}
              </p>
            </div>
          )}
          {q.kind === "text" && (
            <div className="field">
              <label htmlFor={`${id}-max`}>{a.fields.maxLength}</label>
              <input id={`${id}-max`} name="maxLength" type="number" min={1} max={4000} defaultValue={q.maxLength ?? ""} className="short" aria-describedby={`${id}-max-hint`} />
              <p id={`${id}-max-hint`} className="small muted">
                {a.questionnaires.maxLengthHint}
              </p>
            </div>
          )}
        </ActionForm>
      </fieldset>
    </li>
  );
}

export default async function QuestionnairesPage() {
  const staff = await requireStaffPage("manage:questionnaires", "/admin/questionnaires");
  if (!isGlobalAdmin(staff, "manage:questionnaires")) forbidden();
  const locale = await getLocale();
  const t = messagesFor(locale);
  const a = t.admin.questionnaires;
  const list = await questionnairesWithVersions(await getDb());
  return (
    <AdminShell staff={staff} t={t} locale={locale} path="/admin/questionnaires" section="questionnaires">
      <h1>{a.title}</h1>
      <p>{a.intro}</p>
      {list.map((qn) => {
        const hasDraft = qn.versions.some((v) => v.status === "draft");
        return (
          <section key={qn.id} aria-labelledby={`qn-${qn.id}`}>
            <h2 id={`qn-${qn.id}`}>{locale === "en" ? qn.nameEn : qn.name}</h2>
            {!hasDraft && (
              <ActionForm action={createDraftAction} submit={a.newDraft}>
                <input type="hidden" name="questionnaireId" value={qn.id} />
              </ActionForm>
            )}
            {qn.versions.map((v) => {
              const editable = v.status === "draft" && v.responses === 0;
              return (
                <details key={v.id} open={v.status !== "retired"} className="version" data-testid={`version-${v.version}`}>
                  <summary>
                    <strong>{fill(a.version, { n: v.version })}</strong> <span className={`badge${v.status === "published" ? " ok" : ""}`}>{a.status[v.status]}</span>{" "}
                    <span className="small muted">
                      {fill(a.responses, { n: v.responses })}
                      {v.publishedAt ? ` · ${a.publishedAt} ${formatDate(v.publishedAt)}` : ""}
                    </span>
                  </summary>
                  {!editable && <p className="small muted">{a.readOnly}</p>}
                  <ol className="questions">
                    {v.questions.map((q) => (editable ? <QuestionEditor key={q.id} q={q} t={t} /> : <QuestionView key={q.id} q={q} t={t} locale={locale} />))}
                  </ol>
                  {editable && (
                    <div className="row-actions">
                      <ActionForm action={publishVersionAction} submit={a.publish}>
                        <input type="hidden" name="versionId" value={v.id} />
                      </ActionForm>
                      <ActionForm action={discardDraftAction} submit={a.discard} secondary>
                        <input type="hidden" name="versionId" value={v.id} />
                      </ActionForm>
                    </div>
                  )}
                </details>
              );
            })}
          </section>
        );
      })}
    </AdminShell>
  );
}
