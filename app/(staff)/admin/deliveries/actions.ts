"use server";

import { redirect } from "next/navigation";
import { getStaff } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { isDomainError } from "@/lib/errors";
import { retryFailedMessage, runJobNow } from "@/lib/notify/deliveries";

export async function retryMessageAction(form: FormData): Promise<void> {
  const staff = await getStaff();
  if (!staff) redirect("/login?callbackUrl=/admin/deliveries");
  const raw = String(form.get("messageId") ?? "");
  let outcome = "retried=1";
  try {
    if (!/^\d{1,15}$/.test(raw)) throw new Error("malformed message id");
    await retryFailedMessage(await getDb(), staff, { messageId: Number(raw) });
  } catch (err) {
    if (!isDomainError(err)) console.error("deliveries: could not retry", err instanceof Error ? err.message : err);
    outcome = isDomainError(err) && (err.kind === "conflict" || err.kind === "not_found") ? "error=conflict" : "error=generic";
  }
  redirect(`/admin/deliveries?${outcome}`);
}

export async function runJobAction(form: FormData): Promise<void> {
  const staff = await getStaff();
  if (!staff) redirect("/login?callbackUrl=/admin/deliveries");
  let outcome = "ran=1";
  try {
    await runJobNow(await getDb(), staff, { name: String(form.get("job") ?? "").slice(0, 64) });
  } catch (err) {
    if (!isDomainError(err)) console.error("deliveries: could not run a job", err instanceof Error ? err.message : err);
    outcome = "error=generic";
  }
  redirect(`/admin/deliveries?${outcome}`);
}
