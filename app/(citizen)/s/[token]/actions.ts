"use server";

import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { getDb } from "@/lib/db";
import { getLocale, isLocale, LOCALE_COOKIE } from "@/lib/i18n";
import type { AnswerError, SurveyValues } from "@/lib/survey/answers";
import { submitResponse } from "@/lib/survey/respond";

export type SurveyFormState = {
  status: "idle" | "invalid" | "stale";
  errors: Record<string, AnswerError>;
  values: SurveyValues;
};

// A whole questionnaire posts a few kilobytes; anything far larger is not a citizen's answer.
const MAX_FIELDS = 64;

function valuesFrom(form: FormData): SurveyValues {
  const values: SurveyValues = {};
  let fields = 0;
  for (const [name, value] of form.entries()) {
    if (!name.startsWith("q.") || typeof value !== "string") continue;
    if (++fields > MAX_FIELDS) break;
    const key = name.slice(2);
    const previous = values[key];
    if (previous === undefined) values[key] = value;
    else values[key] = Array.isArray(previous) ? [...previous, value] : [previous, value];
  }
  return values;
}

/**
 * The survey's one server action. It also switches the language, so that a citizen who changes
 * language halfway keeps the answers already given, with or without JavaScript.
 */
export async function submitSurveyAction(token: string, _prev: SurveyFormState, form: FormData): Promise<SurveyFormState> {
  const values = valuesFrom(form);
  const intent = String(form.get("intent") ?? "submit");
  if (intent.startsWith("lang:")) {
    const to = intent.slice(5);
    if (isLocale(to)) {
      (await cookies()).set(LOCALE_COOKIE, to, { path: "/", maxAge: 365 * 24 * 3600, sameSite: "lax" });
    }
    return { status: "idle", errors: {}, values };
  }
  const versionId = Number(form.get("version"));
  const result = await submitResponse(await getDb(), {
    token,
    versionId: Number.isInteger(versionId) ? versionId : -1,
    values,
    locale: await getLocale(),
  });
  switch (result.outcome) {
    case "saved":
    case "answered":
      // A repeat submission shows the same thank-you page and stores nothing (domain §6).
      redirect(`/s/${token}/thanks`);
    case "invalid":
      return { status: "invalid", errors: result.errors, values };
    case "stale_version":
      return { status: "stale", errors: {}, values: {} };
    default:
      redirect(`/s/${token}`);
  }
}
