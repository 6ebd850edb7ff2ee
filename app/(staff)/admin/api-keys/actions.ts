"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { getStaff } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { isDomainError } from "@/lib/errors";
import type { SecretOnceState } from "../secret-once-form";
import { createApiKey, revokeApiKey } from "@/lib/integration/api-keys";

export async function createApiKeyAction(_prev: SecretOnceState, form: FormData): Promise<SecretOnceState> {
  const staff = await getStaff();
  if (!staff) redirect("/login?callbackUrl=/admin/api-keys");
  const values = { text: String(form.get("name") ?? ""), agencyId: String(form.get("agencyId") ?? "") };
  try {
    const created = await createApiKey(await getDb(), staff, { name: values.text, agencyId: Number(values.agencyId) });
    revalidatePath("/admin/api-keys");
    return { created: { secret: created.key, title: values.text.trim() } };
  } catch (err) {
    if (isDomainError(err) && err.kind === "invalid") return { error: err.details?.field === "name" ? "name" : "agency", values };
    if (!isDomainError(err)) console.error("api keys: could not create", err instanceof Error ? err.message : err);
    return { error: "generic", values };
  }
}

export async function revokeApiKeyAction(form: FormData): Promise<void> {
  const staff = await getStaff();
  if (!staff) redirect("/login?callbackUrl=/admin/api-keys");
  let outcome = "revoked=1";
  try {
    await revokeApiKey(await getDb(), staff, { keyId: String(form.get("keyId") ?? "") });
  } catch (err) {
    if (!isDomainError(err)) console.error("api keys: could not revoke", err instanceof Error ? err.message : err);
    outcome = isDomainError(err) && err.kind === "conflict" ? "error=conflict" : "error=generic";
  }
  redirect(`/admin/api-keys?${outcome}`);
}
