"use client";

import { useActionState } from "react";

/** What an action that creates a secret (an API key, a webhook's signing key) answers. */
export type SecretOnceState = {
  /** A key of `labels.errors`: the named field or "generic". */
  error?: string;
  /** The new secret: in this one response only, never shown again. */
  created?: { title: string; secret: string };
  /** What was typed, kept after an error. */
  values?: { text: string; agencyId: string };
};

type Labels = { agency: string; chooseAgency: string; create: string; createdTitle: string; createdHint: string; errors: Record<string, string> };

/**
 * A form that creates something with a secret for one agency of the administrator's scope, and
 * shows the secret once, above the form, with the hint to keep it now.
 */
export function SecretOnceForm({
  action,
  field,
  agencies,
  labels,
  testId,
}: {
  action: (prev: SecretOnceState, form: FormData) => Promise<SecretOnceState>;
  /** The one text field beside the agency (the key's name, the webhook's URL); its error key is its name. */
  field: { name: string; label: string; type: "text" | "url"; maxLength: number };
  agencies: { id: number; label: string }[];
  labels: Labels;
  testId: string;
}) {
  const [state, formAction, pending] = useActionState(action, {});
  const id = `secret-form-${field.name}`;
  return (
    <>
      {state.created && (
        <div className="notice" role="status">
          <h3>
            {labels.createdTitle}: {state.created.title}
          </h3>
          <p>{labels.createdHint}</p>
          <p className="key-secret" data-testid={testId}>
            {state.created.secret}
          </p>
        </div>
      )}
      <form action={formAction} noValidate>
        {state.error && (
          <p className="alert" role="alert">
            {labels.errors[state.error] ?? labels.errors.generic}
          </p>
        )}
        <div className="field">
          <label htmlFor={id}>{field.label}</label>
          <input id={id} name={field.name} type={field.type} required maxLength={field.maxLength} autoComplete="off" defaultValue={state.values?.text ?? ""} aria-invalid={state.error === field.name || undefined} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-agency`}>{labels.agency}</label>
          <select id={`${id}-agency`} name="agencyId" required defaultValue={state.values?.agencyId ?? ""} aria-invalid={state.error === "agency" || undefined}>
            <option value="">{labels.chooseAgency}</option>
            {agencies.map((a) => (
              <option key={a.id} value={a.id}>
                {a.label}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" disabled={pending}>
          {labels.create}
        </button>
      </form>
    </>
  );
}
