import { z } from "zod";
import type { Question } from "@/db/schema";

/** What a citizen posted, keyed by question key: a scale code or "na", options, or text. */
export type SurveyValues = Record<string, string | string[]>;

export type AnswerError = "required" | "invalid_choice" | "too_long" | "unknown_question";

export type ParsedAnswers = {
  /** Scale answers with a value; "not applicable" and blanks are absent (domain §3). */
  scale: { key: string; element: string; value: number }[];
  expectations: string[];
  comment: string | null;
};

export const NOT_APPLICABLE = "na";

// Keys are short codes (S1, E, C); anything longer is not a question of ours.
const keySchema = z.string().regex(/^[A-Za-z0-9_]{1,16}$/);

/**
 * Checks posted values against the questions of the version the citizen answered. Unknown
 * questions (another version's, or forged) are rejected rather than ignored, so nothing is
 * silently dropped.
 */
export function parseAnswers(
  questions: Question[],
  values: SurveyValues,
): { ok: true; value: ParsedAnswers } | { ok: false; errors: Record<string, AnswerError> } {
  const errors: Record<string, AnswerError> = {};
  const byKey = new Map(questions.map((q) => [q.key, q]));
  for (const key of Object.keys(values)) {
    if (!keySchema.safeParse(key).success || !byKey.has(key)) errors[key] = "unknown_question";
  }
  const result: ParsedAnswers = { scale: [], expectations: [], comment: null };
  for (const q of questions) {
    const raw = values[q.key];
    const single = Array.isArray(raw) ? (raw.length === 1 ? raw[0] : raw.length === 0 ? undefined : null) : raw;
    if (q.kind === "scale") {
      const text = single?.trim() ?? "";
      if (single === null) {
        errors[q.key] = "invalid_choice";
      } else if (text === "") {
        if (q.required) errors[q.key] = "required";
      } else if (text === NOT_APPLICABLE) {
        if (!q.allowNotApplicable) errors[q.key] = "invalid_choice";
      } else {
        const scale = q.scale ?? 5;
        const value = /^\d$/.test(text) ? Number(text) : NaN;
        if (!Number.isInteger(value) || value < 1 || value > scale) errors[q.key] = "invalid_choice";
        else result.scale.push({ key: q.key, element: q.element, value: scaleToFive(value, scale) });
      }
    } else if (q.kind === "multi") {
      const list = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
      const allowed = new Set((q.options ?? []).map((o) => o.key));
      if (list.some((v) => !allowed.has(v))) errors[q.key] = "invalid_choice";
      else if (q.required && list.length === 0) errors[q.key] = "required";
      else result.expectations = [...new Set(list)];
    } else {
      if (single === null) {
        errors[q.key] = "invalid_choice";
        continue;
      }
      const text = (single ?? "").replace(/\r\n/g, "\n").trim();
      if (q.maxLength != null && [...text].length > q.maxLength) errors[q.key] = "too_long";
      else if (q.required && !text) errors[q.key] = "required";
      else result.comment = text || null;
    }
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, value: result };
}

/**
 * The 3-level desk variant (Rất hài lòng / Hài lòng / Không hài lòng) is stored on the 5-level
 * codes 5 / 4 / 2 (domain §3), so that indices never mix scales.
 */
export function scaleToFive(value: number, scale: number): number {
  if (scale === 3) return value === 3 ? 5 : value === 2 ? 4 : 2;
  return value;
}
