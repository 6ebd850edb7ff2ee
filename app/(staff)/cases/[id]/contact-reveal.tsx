"use client";

import { useActionState } from "react";
import { showContactAction, type ContactState } from "../actions";

type Labels = { show: string; hint: string; phone: string; email: string; none: string; deleteAfter: string };

/** Contact details only on a click (a post), each view recorded by the action; nothing is kept in the page before. */
export function ContactReveal({ caseId, labels }: { caseId: number; labels: Labels }) {
  const [state, action, pending] = useActionState<ContactState, FormData>(showContactAction, {});
  return (
    <div>
      {state.error && (
        <p className="alert" role="alert">
          {state.error}
        </p>
      )}
      {state.contact === null && <p role="status">{labels.none}</p>}
      {state.contact && (
        <dl role="status">
          {state.contact.phone && (
            <>
              <dt>{labels.phone}</dt>
              <dd>
                <a href={`tel:${state.contact.phone}`}>{state.contact.phone}</a>
              </dd>
            </>
          )}
          {state.contact.email && (
            <>
              <dt>{labels.email}</dt>
              <dd>{state.contact.email}</dd>
            </>
          )}
          <dd className="small muted">{labels.deleteAfter.replace("{date}", state.contact.deleteAfter)}</dd>
        </dl>
      )}
      {state.contact === undefined && (
        <form action={action}>
          <p className="small muted">{labels.hint}</p>
          <input type="hidden" name="caseId" value={caseId} />
          <button type="submit" disabled={pending}>
            {labels.show}
          </button>
        </form>
      )}
    </div>
  );
}
