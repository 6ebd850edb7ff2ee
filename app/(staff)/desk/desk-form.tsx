"use client";

import { useActionState } from "react";
import { completeAndIssueAction, type DeskFormState } from "./actions";

type Option = { id: number; label: string };
type Labels = {
  dossierCode: string;
  dossierCodeHint: string;
  procedure: string;
  chooseProcedure: string;
  desk: string;
  noDesk: string;
  submit: string;
  errors: Record<NonNullable<DeskFormState["error"]>, string>;
};

export function DeskForm({ procedures, desks, defaultDeskId, labels }: { procedures: Option[]; desks: Option[]; defaultDeskId: number | null; labels: Labels }) {
  const [state, action, pending] = useActionState(completeAndIssueAction, {});
  const error = state.error;
  return (
    <form action={action} noValidate>
      {error && (
        <p className="alert" role="alert">
          {labels.errors[error]}
        </p>
      )}
      <div className="field">
        <label htmlFor="code">{labels.dossierCode}</label>
        <input
          id="code"
          name="code"
          type="text"
          required
          maxLength={64}
          autoComplete="off"
          defaultValue={state.values?.code ?? ""}
          aria-describedby="code-hint"
          aria-invalid={error === "code" || error === "conflict" || undefined}
        />
        <p id="code-hint" className="small muted">
          {labels.dossierCodeHint}
        </p>
      </div>
      <div className="field">
        <label htmlFor="procedureId">{labels.procedure}</label>
        <select id="procedureId" name="procedureId" required defaultValue={state.values?.procedureId ?? ""} aria-invalid={error === "procedure" || undefined}>
          <option value="">{labels.chooseProcedure}</option>
          {procedures.map((p) => (
            <option key={p.id} value={p.id}>
              {p.label}
            </option>
          ))}
        </select>
      </div>
      {desks.length > 0 && (
        <div className="field">
          <label htmlFor="deskId">{labels.desk}</label>
          <select id="deskId" name="deskId" defaultValue={state.values?.deskId ?? (defaultDeskId ? String(defaultDeskId) : "")}>
            <option value="">{labels.noDesk}</option>
            {desks.map((d) => (
              <option key={d.id} value={d.id}>
                {d.label}
              </option>
            ))}
          </select>
        </div>
      )}
      <button type="submit" disabled={pending}>
        {labels.submit}
      </button>
    </form>
  );
}
