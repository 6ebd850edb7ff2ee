"use client";

import { useActionState, useState } from "react";
import { completeAndIssueAction, type DeskFormState } from "./actions";

type Option = { id: number; label: string };
type Labels = {
  dossierCode: string;
  dossierCodeHint: string;
  procedure: string;
  chooseProcedure: string;
  searchProcedure: string;
  searchProcedureHint: string;
  desk: string;
  noDesk: string;
  sendToKiosk: string;
  sendToKioskHint: string;
  submit: string;
  errors: Record<NonNullable<DeskFormState["error"]>, string>;
};

/** Case- and diacritic-insensitive: "ho tich" finds "Hộ tịch". */
function fold(text: string): string {
  return text.normalize("NFD").replace(/\p{M}/gu, "").replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
}

export function DeskForm({
  procedures,
  desks,
  kioskDeskIds,
  defaultDeskId,
  labels,
}: {
  procedures: Option[];
  desks: Option[];
  kioskDeskIds: number[];
  defaultDeskId: number | null;
  labels: Labels;
}) {
  const [state, action, pending] = useActionState(completeAndIssueAction, {});
  const [query, setQuery] = useState("");
  const [deskId, setDeskId] = useState(state.values?.deskId ?? (defaultDeskId ? String(defaultDeskId) : ""));
  const error = state.error;
  const needle = fold(query.trim());
  const shown = needle ? procedures.filter((p) => fold(p.label).includes(needle)) : procedures;
  const deskHasKiosk = kioskDeskIds.includes(Number(deskId));
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
        <label htmlFor="procedure-search">{labels.searchProcedure}</label>
        <input
          id="procedure-search"
          type="search"
          autoComplete="off"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          aria-describedby="procedure-search-hint"
          aria-controls="procedureId"
        />
        <p id="procedure-search-hint" className="small muted">
          {labels.searchProcedureHint} ({shown.length}/{procedures.length})
        </p>
      </div>
      <div className="field">
        <label htmlFor="procedureId">{labels.procedure}</label>
        <select id="procedureId" name="procedureId" required defaultValue={state.values?.procedureId ?? ""} aria-invalid={error === "procedure" || undefined}>
          <option value="">{labels.chooseProcedure}</option>
          {shown.map((p) => (
            <option key={p.id} value={p.id}>
              {p.label}
            </option>
          ))}
        </select>
      </div>
      {desks.length > 0 && (
        <div className="field">
          <label htmlFor="deskId">{labels.desk}</label>
          <select id="deskId" name="deskId" value={deskId} onChange={(e) => setDeskId(e.target.value)}>
            <option value="">{labels.noDesk}</option>
            {desks.map((d) => (
              <option key={d.id} value={d.id}>
                {d.label}
              </option>
            ))}
          </select>
        </div>
      )}
      {deskHasKiosk && (
        <div className="field">
          <label className="checkbox">
            <input key={deskId} type="checkbox" name="sendToKiosk" defaultChecked aria-describedby="kiosk-hint" /> {labels.sendToKiosk}
          </label>
          <p id="kiosk-hint" className="small muted">
            {labels.sendToKioskHint}
          </p>
        </div>
      )}
      <button type="submit" disabled={pending}>
        {labels.submit}
      </button>
    </form>
  );
}
