"use client";

import { useActionState } from "react";
import type { SurveyFormState } from "./actions";

export type SurveyQuestion = {
  key: string;
  kind: "scale" | "multi" | "text";
  text: string;
  required: boolean;
  allowNotApplicable: boolean;
  choices: { value: string; label: string }[];
  maxLength: number | null;
};

export type SurveyLabels = {
  required: string;
  notApplicable: string;
  submit: string;
  fixErrors: string;
  stale: string;
  errors: Record<string, string>;
  commentHint: string;
  expectationsHint: string;
  switchLanguage: string;
  switchTo: "vi" | "en";
};

function has(values: SurveyFormState["values"], key: string, value: string): boolean {
  const v = values[key];
  return Array.isArray(v) ? v.includes(value) : v === value;
}

export function SurveyForm({
  action,
  versionId,
  questions,
  labels,
  initial,
}: {
  action: (prev: SurveyFormState, form: FormData) => Promise<SurveyFormState>;
  versionId: number;
  questions: SurveyQuestion[];
  labels: SurveyLabels;
  initial: SurveyFormState;
}) {
  const [state, formAction, pending] = useActionState(action, initial);
  const errorKeys = Object.keys(state.errors);
  return (
    <form action={formAction} noValidate>
      <input type="hidden" name="version" value={versionId} />
      <div className="survey-actions">
        <button type="submit" name="intent" value={`lang:${labels.switchTo}`} className="secondary" lang={labels.switchTo} formNoValidate>
          {labels.switchLanguage}
        </button>
      </div>
      {state.status === "invalid" && errorKeys.length > 0 && (
        <div className="alert" role="alert">
          <p>{labels.fixErrors}</p>
          <ul>
            {questions
              .filter((q) => state.errors[q.key])
              .map((q) => (
                <li key={q.key}>
                  <a href={`#q-${q.key}`}>{q.text}</a>
                </li>
              ))}
          </ul>
        </div>
      )}
      {state.status === "stale" && (
        <p className="notice" role="alert">
          {labels.stale}
        </p>
      )}
      {questions.map((q) => {
        const error = state.errors[q.key];
        const errorId = `q-${q.key}-error`;
        if (q.kind === "text") {
          return (
            <div key={q.key} className={`field question${error ? " has-error" : ""}`} id={`q-${q.key}`}>
              <label htmlFor={`q-${q.key}-input`}>{q.text}</label>
              <p id={`q-${q.key}-hint`} className="small muted">
                {labels.commentHint.replace("{max}", String(q.maxLength ?? ""))}
              </p>
              {error && (
                <p id={errorId} className="error-text">
                  {labels.errors[error]}
                </p>
              )}
              <textarea
                id={`q-${q.key}-input`}
                name={`q.${q.key}`}
                maxLength={q.maxLength ?? undefined}
                defaultValue={typeof state.values[q.key] === "string" ? (state.values[q.key] as string) : ""}
                aria-describedby={[`q-${q.key}-hint`, error ? errorId : ""].filter(Boolean).join(" ")}
                aria-invalid={error ? true : undefined}
                rows={4}
              />
            </div>
          );
        }
        const type = q.kind === "multi" ? "checkbox" : "radio";
        return (
          <fieldset
            key={q.key}
            id={`q-${q.key}`}
            className={`question${error ? " has-error" : ""}`}
            aria-describedby={error ? errorId : undefined}
            aria-invalid={error ? true : undefined}
          >
            <legend>
              {q.text} {q.required && <span className="muted small">{labels.required}</span>}
            </legend>
            {q.kind === "multi" && <p className="small muted">{labels.expectationsHint}</p>}
            {error && (
              <p id={errorId} className="error-text">
                {labels.errors[error]}
              </p>
            )}
            <div className="choices">
              {q.choices.map((c) => (
                <label key={c.value} className="choice">
                  <input
                    type={type}
                    name={`q.${q.key}`}
                    value={c.value}
                    defaultChecked={has(state.values, q.key, c.value)}
                    required={q.required && type === "radio" ? true : undefined}
                  />
                  {q.kind === "scale" && <span className="code" aria-hidden="true">{c.value}</span>}
                  <span>{c.label}</span>
                </label>
              ))}
              {q.allowNotApplicable && (
                <label className="choice">
                  <input type="radio" name={`q.${q.key}`} value="na" defaultChecked={has(state.values, q.key, "na")} />
                  <span>{labels.notApplicable}</span>
                </label>
              )}
            </div>
          </fieldset>
        );
      })}
      <div className="survey-actions">
        <button type="submit" name="intent" value="submit" className="primary" disabled={pending}>
          {labels.submit}
        </button>
      </div>
    </form>
  );
}
