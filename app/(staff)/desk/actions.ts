"use server";

import { redirect } from "next/navigation";
import { getStaff } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { isDomainError } from "@/lib/errors";
import { completeAndIssue, issueForDossier, revokeAndReissue } from "@/lib/survey/desk";

export type DeskFormState = {
  error?: "code" | "procedure" | "desk" | "conflict" | "generic";
  values?: { code: string; procedureId: string; deskId: string; sendToKiosk: "on" | "" };
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
    sendToKiosk: form.get("sendToKiosk") === "on" ? ("on" as const) : ("" as const),
  };
  let invitationId: string;
  try {
    const issued = await completeAndIssue(await getDb(), staff, values);
    invitationId = issued.invitation.id + (issued.reused ? "?reused=1" : "");
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
    invitationId = issued.invitation.id + (issued.reused ? "?reused=1" : "");
  } catch (err) {
    if (!isDomainError(err)) console.error("desk: could not issue", err instanceof Error ? err.message : err);
    redirect("/desk");
  }
  redirect(`/desk/invitations/${invitationId}`);
}

/** Revokes a lost or misdelivered survey and issues a new one for the same dossier. */
export async function revokeAndReissueAction(form: FormData): Promise<void> {
  const staff = await getStaff();
  const id = String(form.get("invitationId") ?? "");
  if (!staff) redirect(`/login?callbackUrl=${encodeURIComponent("/desk")}`);
  let next: string;
  try {
    const issued = await revokeAndReissue(await getDb(), staff, id);
    next = `/desk/invitations/${issued.invitation.id}`;
  } catch (err) {
    if (!isDomainError(err)) console.error("desk: could not revoke", err instanceof Error ? err.message : err);
    next = `/desk/invitations/${encodeURIComponent(id)}?revokeFailed=1`;
  }
  redirect(next);
}
