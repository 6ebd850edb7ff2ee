"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { createWebhook, deactivateWebhook } from "@/lib/admin/webhooks";
import { getStaff } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { isDomainError } from "@/lib/errors";
import type { SecretOnceState } from "../secret-once-form";

export async function createWebhookAction(_prev: SecretOnceState, form: FormData): Promise<SecretOnceState> {
  const staff = await getStaff();
  if (!staff) redirect("/login?callbackUrl=/admin/webhooks");
  const values = { text: String(form.get("url") ?? ""), agencyId: String(form.get("agencyId") ?? "") };
  try {
    const created = await createWebhook(await getDb(), staff, { url: values.text, agencyId: Number(values.agencyId) });
    revalidatePath("/admin/webhooks");
    return { created: { secret: created.secret, title: values.text.trim() } };
  } catch (err) {
    if (isDomainError(err) && err.kind === "invalid") return { error: err.details?.reason === "url" ? "url" : "agency", values };
    if (!isDomainError(err)) console.error("webhooks: could not create", err instanceof Error ? err.message : err);
    return { error: "generic", values };
  }
}

export async function deactivateWebhookAction(form: FormData): Promise<void> {
  const staff = await getStaff();
  if (!staff) redirect("/login?callbackUrl=/admin/webhooks");
  const raw = String(form.get("webhookId") ?? "");
  let outcome = "deactivated=1";
  try {
    if (!/^\d{1,9}$/.test(raw)) throw new Error("malformed webhook id");
    await deactivateWebhook(await getDb(), staff, { webhookId: Number(raw) });
  } catch (err) {
    if (!isDomainError(err)) console.error("webhooks: could not deactivate", err instanceof Error ? err.message : err);
    outcome = isDomainError(err) && (err.kind === "conflict" || err.kind === "not_found") ? "error=conflict" : "error=generic";
  }
  redirect(`/admin/webhooks?${outcome}`);
}
