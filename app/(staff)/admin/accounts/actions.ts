"use server";

import { changeAccount, clearSignInCounters, createAccount, resetPassword, setAccountActive } from "@/lib/admin/accounts";
import { fill } from "@/lib/i18n";
import type { AdminFormState } from "../form-state";
import { runAdminAction, text } from "../run-action";

const back = (form: FormData) => `/admin/accounts/${encodeURIComponent(text(form, "accountId"))}`;

export async function createAccountAction(_prev: AdminFormState, form: FormData): Promise<AdminFormState> {
  return runAdminAction("/admin/accounts", async (db, staff, t) => {
    await createAccount(db, staff, {
      username: text(form, "username"),
      name: text(form, "name"),
      role: text(form, "role") as "officer",
      agencyId: text(form, "agencyId"),
      deskId: text(form, "deskId"),
      password: text(form, "password"),
    });
    return t.admin.accounts.created;
  });
}

export async function changeAccountAction(_prev: AdminFormState, form: FormData): Promise<AdminFormState> {
  return runAdminAction(back(form), async (db, staff) => {
    await changeAccount(db, staff, {
      accountId: text(form, "accountId"),
      name: text(form, "name"),
      role: text(form, "role") as "officer",
      agencyId: text(form, "agencyId"),
      deskId: text(form, "deskId"),
    });
  });
}

export async function resetPasswordAction(_prev: AdminFormState, form: FormData): Promise<AdminFormState> {
  return runAdminAction(back(form), async (db, staff) => {
    await resetPassword(db, staff, { accountId: text(form, "accountId"), password: text(form, "password") });
  });
}

export async function setAccountActiveAction(_prev: AdminFormState, form: FormData): Promise<AdminFormState> {
  return runAdminAction(back(form), async (db, staff) => {
    await setAccountActive(db, staff, { accountId: text(form, "accountId"), active: text(form, "active") === "true" });
  });
}

export async function clearSignInCountersAction(_prev: AdminFormState, form: FormData): Promise<AdminFormState> {
  return runAdminAction(back(form), async (db, staff, t) => {
    const { cleared } = await clearSignInCounters(db, staff, { accountId: text(form, "accountId") });
    return fill(t.signIn.counters.cleared, { count: cleared });
  });
}
