import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import type { Db } from "@/db/client";
import type { StaffUser } from "@/lib/auth/accounts";
import { getStaff } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { isDomainError } from "@/lib/errors";
import { fill, getLocale, messagesFor, type Messages } from "@/lib/i18n";
import type { AdminFormState } from "./form-state";

/** The message a form shows for an error thrown by an administration service. */
export function errorMessage(err: unknown, t: Messages): string {
  const errors = t.admin.errors as Record<string, string>;
  if (isDomainError(err)) {
    const reason = typeof err.details?.reason === "string" ? err.details.reason : undefined;
    if (reason && reason !== "invalid" && errors[reason]) return errors[reason];
    const field = typeof err.details?.field === "string" ? err.details.field : "";
    if (err.kind === "invalid" && field && t.admin.fields[field]) return fill(t.admin.errors.invalidField, { field: t.admin.fields[field] });
    return errors[err.kind] ?? t.admin.errors.generic;
  }
  // Anything else is a bug or an outage: logged for the operator, never shown.
  console.error("admin action failed:", err instanceof Error ? err.message : err);
  return t.admin.errors.generic;
}

/**
 * The gate every administration action runs: authenticate (anonymous → sign-in), then the
 * service parses, authorises against the database and writes with its audit row; domain errors
 * become the form's message. Every administration page is rendered afresh on success: a change
 * shows in the lists at once.
 */
export async function runAdminAction(
  returnTo: string,
  work: (db: Db, staff: StaffUser, t: Messages) => Promise<string | AdminFormState | void>,
): Promise<AdminFormState> {
  const staff = await getStaff();
  if (!staff) redirect(`/login?callbackUrl=${encodeURIComponent(returnTo)}`);
  const t = messagesFor(await getLocale());
  try {
    const result = await work(await getDb(), staff, t);
    revalidatePath("/admin", "layout");
    if (typeof result === "object") return result;
    return { ok: result ?? t.admin.saved };
  } catch (err) {
    return { error: errorMessage(err, t) };
  }
}

export function text(form: FormData, name: string): string {
  const v = form.get(name);
  return typeof v === "string" ? v : "";
}
