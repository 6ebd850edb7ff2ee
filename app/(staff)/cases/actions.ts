"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import type { Db } from "@/db/client";
import type { StaffUser } from "@/lib/auth/accounts";
import { getStaff } from "@/lib/auth/session";
import { addCaseNote, assignCase, closeCase, forwardCase, recordCall, reopenCase, replyToCitizen, setCaseStatus, viewCaseContact, type CaseContact } from "@/lib/cases/service";
import { getDb } from "@/lib/db";
import { isDomainError } from "@/lib/errors";
import { getLocale, messagesFor, type Messages } from "@/lib/i18n";
import { formatDate } from "@/lib/i18n/format";
import type { AdminFormState } from "../admin/form-state";

function text(form: FormData, name: string): string {
  const v = form.get(name);
  return typeof v === "string" ? v : "";
}

function errorText(err: unknown, t: Messages): string {
  if (isDomainError(err)) return t.cases.errors[err.kind] ?? t.cases.errors.generic!;
  // A bug or an outage: logged for the operator, never shown.
  console.error("case action failed:", err instanceof Error ? err.message : err);
  return t.cases.errors.generic!;
}

/**
 * The gate of every case action: authenticate (anonymous → sign-in); the service then checks the
 * permission and the owning scope against the database in its own transaction, and writes the
 * step with its history and audit rows. Domain errors become the form's message.
 */
async function runCaseAction(form: FormData, work: (db: Db, staff: StaffUser) => Promise<unknown>): Promise<AdminFormState> {
  const caseId = text(form, "caseId");
  const back = `/cases/${/^\d{1,12}$/.test(caseId) ? caseId : ""}`;
  const staff = await getStaff();
  if (!staff) redirect(`/login?callbackUrl=${encodeURIComponent(back)}`);
  const t = messagesFor(await getLocale());
  try {
    await work(await getDb(), staff);
    revalidatePath("/cases", "layout");
    return { ok: t.cases.actions.done };
  } catch (err) {
    return { error: errorText(err, t) };
  }
}

export async function assignAction(_prev: AdminFormState, form: FormData): Promise<AdminFormState> {
  return runCaseAction(form, (db, staff) => assignCase(db, staff, { caseId: text(form, "caseId"), assigneeId: text(form, "assigneeId") }));
}

export async function statusAction(_prev: AdminFormState, form: FormData): Promise<AdminFormState> {
  return runCaseAction(form, (db, staff) => setCaseStatus(db, staff, { caseId: text(form, "caseId"), status: text(form, "status") }));
}

export async function noteAction(_prev: AdminFormState, form: FormData): Promise<AdminFormState> {
  return runCaseAction(form, (db, staff) => addCaseNote(db, staff, { caseId: text(form, "caseId"), note: text(form, "note") }));
}

export async function forwardAction(_prev: AdminFormState, form: FormData): Promise<AdminFormState> {
  return runCaseAction(form, (db, staff) => forwardCase(db, staff, { caseId: text(form, "caseId"), toAgencyId: text(form, "toAgencyId") }));
}

export async function replyAction(_prev: AdminFormState, form: FormData): Promise<AdminFormState> {
  return runCaseAction(form, (db, staff) => replyToCitizen(db, staff, { caseId: text(form, "caseId"), reply: text(form, "reply") }));
}

export async function callAction(_prev: AdminFormState, form: FormData): Promise<AdminFormState> {
  return runCaseAction(form, (db, staff) => recordCall(db, staff, { caseId: text(form, "caseId"), outcome: text(form, "outcome"), note: text(form, "note") }));
}

export async function closeAction(_prev: AdminFormState, form: FormData): Promise<AdminFormState> {
  return runCaseAction(form, (db, staff) => closeCase(db, staff, { caseId: text(form, "caseId") }));
}

export async function reopenAction(_prev: AdminFormState, form: FormData): Promise<AdminFormState> {
  return runCaseAction(form, (db, staff) => reopenCase(db, staff, { caseId: text(form, "caseId") }));
}

/** What the "show contact details" form shows after its post; never kept anywhere else. */
export type ContactState = { contact?: { phone: string | null; email: string | null; deleteAfter: string } | null; error?: string };

export async function showContactAction(_prev: ContactState, form: FormData): Promise<ContactState> {
  let contact: CaseContact | null = null;
  const result = await runCaseAction(form, async (db, staff) => {
    contact = await viewCaseContact(db, staff, { caseId: text(form, "caseId") });
  });
  if (result.error) return { error: result.error };
  const found = contact as CaseContact | null;
  return { contact: found ? { phone: found.phone, email: found.email, deleteAfter: formatDate(found.deleteAfter) } : null };
}
