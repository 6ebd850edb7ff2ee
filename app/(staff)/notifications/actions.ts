"use server";

import { redirect } from "next/navigation";
import { markAllRead, markRead, saveAlertPreferences } from "@/lib/alerts/preferences";
import { getStaff } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { isDomainError } from "@/lib/errors";

const PAGE = "/notifications";

// Plain form posts (no client script): each ends in a redirect back to the list, which says
// what happened through its query string.
async function signedIn() {
  const staff = await getStaff();
  if (!staff) redirect(`/login?callbackUrl=${encodeURIComponent(PAGE)}`);
  return staff;
}

export async function markReadAction(form: FormData): Promise<void> {
  const staff = await signedIn();
  const page = Number(form.get("page"));
  const back = Number.isInteger(page) && page > 1 ? `&page=${page}` : "";
  try {
    await markRead(await getDb(), staff, Number(form.get("id")));
  } catch (err) {
    if (!isDomainError(err)) throw err;
    redirect(`${PAGE}?done=invalid${back}`);
  }
  redirect(`${PAGE}?done=read${back}`);
}

export async function markAllReadAction(): Promise<void> {
  const staff = await signedIn();
  const count = await markAllRead(await getDb(), staff);
  redirect(`${PAGE}?done=all&count=${count}`);
}

export async function savePreferencesAction(form: FormData): Promise<void> {
  const staff = await signedIn();
  try {
    await saveAlertPreferences(await getDb(), staff, { delivery: form.get("delivery"), weeklyDigest: form.get("weeklyDigest") === "on" });
  } catch (err) {
    if (!isDomainError(err)) throw err;
    redirect(`${PAGE}?done=invalid#preferences`);
  }
  redirect(`${PAGE}?done=saved#preferences`);
}
