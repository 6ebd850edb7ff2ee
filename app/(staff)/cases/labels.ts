import type { Messages } from "@/lib/i18n";

/** A rule key as people read it: "low:officials" → "Công chức thấp". */
export function reasonLabel(reason: string, c: Messages["cases"]): string {
  if (reason === "comment_contact") return c.reasons.comment_contact;
  if (reason.startsWith("low:")) {
    const element = reason.slice(4);
    return c.reasons.low.replace("{element}", c.elements[element] ?? element);
  }
  return reason;
}
