"use server";

import { removeCalendarDay, saveCalendarDay } from "@/lib/admin/calendar";
import type { AdminFormState } from "../form-state";
import { runAdminAction, text } from "../run-action";

export async function saveCalendarDayAction(_prev: AdminFormState, form: FormData): Promise<AdminFormState> {
  return runAdminAction("/admin/calendar", async (db, staff) => {
    await saveCalendarDay(db, staff, {
      day: text(form, "day"),
      kind: text(form, "kind") === "working" ? "working" : "off",
      name: text(form, "name"),
      nameEn: text(form, "nameEn"),
    });
  });
}

export async function removeCalendarDayAction(_prev: AdminFormState, form: FormData): Promise<AdminFormState> {
  return runAdminAction("/admin/calendar", async (db, staff) => {
    await removeCalendarDay(db, staff, { day: text(form, "day") });
  });
}
