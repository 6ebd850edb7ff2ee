import type { VersionWithQuestions } from "@/db/queries/questionnaires";
import type { Locale, Messages } from "@/lib/i18n";
import { SCALE_LABELS } from "@/lib/questionnaire/sipas-v1";
import type { SurveyDraft } from "@/lib/survey/submission";

type Question = VersionWithQuestions["questions"][number];

function has(values: SurveyDraft["values"], key: string, value: string): boolean {
  const v = values[key];
  return Array.isArray(v) ? v.includes(value) : v === value;
}

function choicesOf(q: Question, locale: Locale): { value: string; label: string }[] {
  if (q.kind === "scale") {
    // Best first: the order people read a rating scale in, top to bottom.
    return [5, 4, 3, 2, 1].map((v) => ({ value: String(v), label: SCALE_LABELS[v]![locale] }));
  }
  if (q.kind === "multi") return (q.options ?? []).map((o) => ({ value: o.key, label: locale === "en" ? o.en : o.vi }));
  return [];
}

/**
 * The questionnaire as a plain HTML form posted to a route handler: it works the same with and
 * without JavaScript, and needs no script of its own. Errors sit next to their question and in a
 * summary at the top that links to each.
 */
export function SurveyForm({
  action,
  version,
  locale,
  t,
  draft,
}: {
  action: string;
  version: VersionWithQuestions;
  locale: Locale;
  t: Messages;
  draft: SurveyDraft;
}) {
  const labels = t.survey;
  const text = (q: Question) => (locale === "en" ? q.textEn : q.textVi);
  const errorFor = (key: string) => {
    const code = draft.errors[key];
    return code ? ((labels.errors as Record<string, string>)[code] ?? labels.errors.invalid_choice) : null;
  };
  const switchTo: Locale = locale === "vi" ? "en" : "vi";
  const summary = [
    ...(draft.errors.form ? [{ href: "#survey-form", text: errorFor("form")! }] : []),
    ...version.questions.filter((q) => draft.errors[q.key]).map((q) => ({ href: `#q-${q.key}`, text: text(q) })),
    ...Object.keys(draft.errors)
      .filter((k) => k !== "form" && k !== "contact" && !version.questions.some((q) => q.key === k))
      .map((k) => ({ href: "#survey-form", text: `${k}: ${errorFor(k)}` })),
    ...(draft.errors.contact ? [{ href: "#contact", text: labels.contact.legend }] : []),
  ];
  const contactError = errorFor("contact");
  return (
    <form method="post" action={action} id="survey-form" noValidate>
      <input type="hidden" name="version" value={version.id} />
      <div className="survey-actions">
        <button type="submit" name="intent" value={`lang:${switchTo}`} className="secondary" lang={switchTo} title={t.survey.switchHint} formNoValidate>
          {t.language.switchTo}
        </button>
      </div>
      {draft.status === "invalid" && summary.length > 0 && (
        <div className="alert" role="alert" tabIndex={-1} id="error-summary">
          <p>{labels.fixErrors}</p>
          <ul>
            {summary.map((item, i) => (
              <li key={i}>
                <a href={item.href}>{item.text}</a>
              </li>
            ))}
          </ul>
        </div>
      )}
      {draft.status === "stale" && (
        <p className="notice" role="alert">
          {labels.stale}
        </p>
      )}
      {version.questions.map((q) => {
        const error = errorFor(q.key);
        const errorId = `q-${q.key}-error`;
        if (q.kind === "text") {
          const value = draft.values[q.key];
          return (
            <div key={q.key} className={`field question${error ? " has-error" : ""}`} id={`q-${q.key}`}>
              <label htmlFor={`q-${q.key}-input`}>{text(q)}</label>
              <p id={`q-${q.key}-hint`} className="small muted">
                {labels.commentHint.replace("{max}", String(q.maxLength ?? ""))}
              </p>
              {error && (
                <p id={errorId} className="error-text">
                  {error}
                </p>
              )}
              <textarea
                id={`q-${q.key}-input`}
                name={`q.${q.key}`}
                maxLength={q.maxLength ?? undefined}
                defaultValue={typeof value === "string" ? value : ""}
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
          >
            <legend>
              {text(q)} {q.required && <span className="muted small">{labels.required}</span>}
            </legend>
            {q.kind === "multi" && <p className="small muted">{labels.expectationsHint}</p>}
            {error && (
              <p id={errorId} className="error-text">
                {error}
              </p>
            )}
            <div className="choices">
              {choicesOf(q, locale).map((c) => (
                <label key={c.value} className="choice">
                  <input
                    type={type}
                    name={`q.${q.key}`}
                    value={c.value}
                    defaultChecked={has(draft.values, q.key, c.value)}
                    aria-invalid={error ? true : undefined}
                  />
                  {q.kind === "scale" && (
                    <span className="code" aria-hidden="true">
                      {c.value}
                    </span>
                  )}
                  <span>{c.label}</span>
                </label>
              ))}
              {q.allowNotApplicable && (
                <label className="choice">
                  <input type="radio" name={`q.${q.key}`} value="na" defaultChecked={has(draft.values, q.key, "na")} />
                  <span>{labels.notApplicable}</span>
                </label>
              )}
            </div>
          </fieldset>
        );
      })}
      <fieldset id="contact" className={`question contact${contactError ? " has-error" : ""}`} aria-describedby={contactError ? "contact-error" : "contact-intro"}>
        <legend>{labels.contact.legend}</legend>
        <p id="contact-intro" className="small">
          {labels.contact.intro}
        </p>
        {contactError && (
          <p id="contact-error" className="error-text">
            {contactError}
          </p>
        )}
        <label className="choice consent">
          <input type="checkbox" name="contact.consent" value="yes" defaultChecked={draft.contact.consent} />
          <span>{labels.contact.consent}</span>
        </label>
        <div className="field">
          <label htmlFor="contact-phone">{labels.contact.phone}</label>
          <input id="contact-phone" type="tel" name="contact.phone" autoComplete="tel" inputMode="tel" maxLength={20} defaultValue={draft.contact.phone} />
        </div>
        <div className="field">
          <label htmlFor="contact-email">{labels.contact.email}</label>
          <input id="contact-email" type="email" name="contact.email" autoComplete="email" maxLength={254} defaultValue={draft.contact.email} />
        </div>
      </fieldset>
      <div className="survey-actions">
        <button type="submit" name="intent" value="submit" className="primary">
          {labels.submit}
        </button>
      </div>
    </form>
  );
}
