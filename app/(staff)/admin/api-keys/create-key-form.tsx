"use client";

import { useActionState } from "react";
import { createApiKeyAction, type CreateKeyState } from "./actions";

type Labels = {
  name: string;
  agency: string;
  chooseAgency: string;
  create: string;
  createdTitle: string;
  createdHint: string;
  errors: Record<NonNullable<CreateKeyState["error"]>, string>;
};

export function CreateKeyForm({ agencies, labels }: { agencies: { id: number; label: string }[]; labels: Labels }) {
  const [state, action, pending] = useActionState(createApiKeyAction, {});
  return (
    <>
      {state.created && (
        <div className="notice" role="status">
          <h3>
            {labels.createdTitle}: {state.created.name}
          </h3>
          <p>{labels.createdHint}</p>
          <p className="key-secret" data-testid="new-api-key">
            {state.created.key}
          </p>
        </div>
      )}
      <form action={action} noValidate>
        {state.error && (
          <p className="alert" role="alert">
            {labels.errors[state.error]}
          </p>
        )}
        <div className="field">
          <label htmlFor="key-name">{labels.name}</label>
          <input id="key-name" name="name" type="text" required maxLength={100} autoComplete="off" defaultValue={state.values?.name ?? ""} aria-invalid={state.error === "name" || undefined} />
        </div>
        <div className="field">
          <label htmlFor="key-agency">{labels.agency}</label>
          <select id="key-agency" name="agencyId" required defaultValue={state.values?.agencyId ?? ""} aria-invalid={state.error === "agency" || undefined}>
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
