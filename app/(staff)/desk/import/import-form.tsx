"use client";

import { useActionState, useState } from "react";
import type { Messages } from "@/lib/i18n";
import { importCsvAction, type ImportState } from "./actions";

const fillIn = (template: string, values: Record<string, string | number | undefined>) =>
  template.replace(/\{(\w+)\}/g, (m, key: string) => (values[key] !== undefined ? String(values[key]) : m));

export function ImportForm({ t, maxKb }: { t: Messages["deskImport"]; maxKb: number }) {
  const [state, action, pending] = useActionState<ImportState, FormData>(importCsvAction, {});
  const [tooBig, setTooBig] = useState(false);
  const result = state.result;
  return (
    <>
      <form
        action={action}
        onSubmit={(e) => {
          const file = (e.currentTarget.elements.namedItem("file") as HTMLInputElement).files?.[0];
          // The server refuses bodies over 2 MB before this action runs: say so here first.
          if (file && file.size > maxKb * 1024) {
            e.preventDefault();
            setTooBig(true);
          } else setTooBig(false);
        }}
      >
        <div className="field">
          <label htmlFor="file">{t.file}</label>
          <input id="file" name="file" type="file" accept=".csv,text/csv" required />
        </div>
        <button type="submit" disabled={pending}>
          {t.submit}
        </button>
      </form>
      <div aria-live="polite">
        {tooBig && (
          <p className="alert" role="alert">
            {fillIn(t.fileErrors.tooBig, { max: maxKb })}
          </p>
        )}
        {!tooBig && result?.outcome === "file" && (
          <p className="alert" role="alert">
            {fillIn(t.fileErrors[result.error], { max: result.max, column: result.column, line: result.line })}
          </p>
        )}
        {!tooBig && result?.outcome === "imported" && (
          <p className="notice" role="status">
            {fillIn(t.done, { count: result.count, created: result.created, known: result.known })}
          </p>
        )}
        {!tooBig && result?.outcome === "rejected" && (
          <section className="alert" role="alert" aria-labelledby="import-errors">
            <h2 id="import-errors">{fillIn(t.errorsTitle, { count: result.errors.length })}</h2>
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t.row}</th>
                    <th scope="col">{t.column}</th>
                    <th scope="col">{t.problem}</th>
                  </tr>
                </thead>
                <tbody>
                  {result.errors.slice(0, 500).map((e, i) => (
                    <tr key={i}>
                      <td>{e.row}</td>
                      <td>{e.column}</td>
                      <td>{fillIn(t.rowErrors[e.code], { max: e.max })}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        )}
      </div>
    </>
  );
}
