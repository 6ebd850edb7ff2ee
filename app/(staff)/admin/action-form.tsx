"use client";

import { useActionState, type ReactNode } from "react";
import type { AdminFormState } from "./form-state";

type Props = {
  action: (prev: AdminFormState, form: FormData) => Promise<AdminFormState>;
  submit: string;
  children?: ReactNode;
  className?: string;
  /** A quieter button for secondary actions (deactivate, remove). */
  secondary?: boolean;
  lineLabel?: string;
  problemLabel?: string;
  testId?: string;
};

/** A form bound to a server action: shows its outcome in a live region above the fields. */
export function ActionForm({ action, submit, children, className, secondary, lineLabel, problemLabel, testId }: Props) {
  const [state, formAction, pending] = useActionState(action, {});
  return (
    <form action={formAction} className={className ?? "admin-form"} data-testid={testId}>
      {state.error && (
        <p className="alert" role="alert">
          {state.error}
        </p>
      )}
      {state.ok && (
        <p className="success" role="status">
          {state.ok}
        </p>
      )}
      {state.rowErrors && state.rowErrors.length > 0 && (
        <div className="table-wrap">
          <table className="row-errors">
            <thead>
              <tr>
                <th scope="col">{lineLabel}</th>
                <th scope="col">{problemLabel}</th>
              </tr>
            </thead>
            <tbody>
              {state.rowErrors.map((e, i) => (
                <tr key={i}>
                  <td className="num">{e.line > 0 ? e.line : ""}</td>
                  <td>{e.text}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {children}
      <button type="submit" disabled={pending} className={secondary ? "secondary" : undefined}>
        {submit}
      </button>
    </form>
  );
}
