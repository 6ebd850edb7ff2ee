"use server";

import { redirect } from "next/navigation";
import { getStaff } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { isDomainError } from "@/lib/errors";
import { completeAndIssue, issueForDossier } from "@/lib/survey/desk";

export type DeskFormState = {
  error?: "code" | "procedure" | "desk" | "conflict" | "generic";
  values?: { code: string; procedureId: string; deskId: string };
};

function fieldError(field: unknown): DeskFormState["error"] {
  if (field === "procedureId") return "procedure";
  if (field === "deskId") return "desk";
  if (field === "code") return "code";
  return "generic";
}

export async function completeAndIssueAction(_prev: DeskFormState, form: FormData): Promise<DeskFormState> {
  const staff = await getStaff();
  if (!staff) redirect("/login?callbackUrl=/desk");
  const values = {
    code: String(form.get("code") ?? ""),
    procedureId: String(form.get("procedureId") ?? ""),
    deskId: String(form.get("deskId") ?? ""),
  };
  let invitationId: string;
  try {
    const issued = await completeAndIssue(await getDb(), staff, values);
    invitationId = issued.invitation.id;
  } catch (err) {
    if (isDomainError(err)) {
      if (err.kind === "conflict") return { error: "conflict", values };
      if (err.kind === "invalid") return { error: fieldError(err.details?.field), values };
    }
    console.error("desk: could not issue", err instanceof Error ? err.message : err);
    return { error: "generic", values };
  }
  redirect(`/desk/invitations/${invitationId}`);
}

/** Issues (or shows again) the survey of a dossier from the recent list. */
export async function issueForDossierAction(form: FormData): Promise<void> {
  const staff = await getStaff();
  if (!staff) redirect("/login?callbackUrl=/desk");
  let invitationId: string;
  try {
    const issued = await issueForDossier(await getDb(), staff, Number(form.get("dossierId")));
    invitationId = issued.invitation.id;
  } catch (err) {
    if (!isDomainError(err)) console.error("desk: could not issue", err instanceof Error ? err.message : err);
    redirect("/desk");
  }
  redirect(`/desk/invitations/${invitationId}`);
}
