import { z } from "zod";
import type { ParsedAnswers } from "@/lib/survey/answers";

/**
 * When an answer sheet opens a follow-up case (administrators set it; `cases.rule`). Defaults:
 * any of the five elements or the overall question answered 1 or 2, or a comment left together
 * with consented contact details. A standing-QR sheet (no dossier behind it) opens a case only
 * when the citizen left contact details: without a way to reply there is nothing to follow up.
 */
export const caseRuleSchema = z.object({
  /** Scale answers at or below this value open a case (1–3; 2 = "không hài lòng"). */
  lowAtMost: z.number().int().min(1).max(3),
  /** The elements whose low answers count (element keys of the questionnaire, "overall" for S0). */
  elements: z.array(z.string().regex(/^[a-z_]{1,32}$/)).min(1).max(16),
  /** A comment together with consented contact details opens a case whatever the ratings. */
  commentWithContact: z.boolean(),
});
export type CaseRule = z.infer<typeof caseRuleSchema>;

export const DEFAULT_CASE_RULE: CaseRule = {
  lowAtMost: 2,
  elements: ["access", "procedure", "officials", "result", "feedback", "overall"],
  commentWithContact: true,
};

export type SheetFacts = {
  parsed: Pick<ParsedAnswers, "scale" | "comment">;
  hasContact: boolean;
  verified: boolean;
};

/** The reasons a sheet opens a case ("low:officials", "comment_contact"); empty when it opens none. */
export function caseReasons(rule: CaseRule, sheet: SheetFacts): string[] {
  if (!sheet.verified && !sheet.hasContact) return [];
  const reasons: string[] = [];
  const watched = new Set(rule.elements);
  for (const answer of sheet.parsed.scale) {
    if (watched.has(answer.element) && answer.value <= rule.lowAtMost) reasons.push(`low:${answer.element}`);
  }
  if (rule.commentWithContact && sheet.hasContact && sheet.parsed.comment && sheet.parsed.comment.trim() !== "") {
    reasons.push("comment_contact");
  }
  return [...new Set(reasons)];
}
