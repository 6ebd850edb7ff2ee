"use server";

import { saveBands, saveCaseSettings, saveGeneralSettings, savePublicationSettings } from "@/lib/admin/settings";
import type { AdminFormState } from "../form-state";
import { runAdminAction, text } from "../run-action";

// Matches the form: the setting allows at most 10 bands.
const BAND_ROWS = 10;

export async function saveBandsAction(_prev: AdminFormState, form: FormData): Promise<AdminFormState> {
  return runAdminAction("/admin/settings", async (db, staff) => {
    const rows = Array.from({ length: BAND_ROWS }, (_, i) => ({
      label: text(form, `band-label-${i}`),
      labelEn: text(form, `band-labelEn-${i}`),
      min: text(form, `band-min-${i}`),
    }));
    await saveBands(db, staff, { rows });
  });
}

export async function saveGeneralAction(_prev: AdminFormState, form: FormData): Promise<AdminFormState> {
  return runAdminAction("/admin/settings", async (db, staff) => {
    await saveGeneralSettings(db, staff, { includeUnverified: text(form, "includeUnverified"), ttlDays: text(form, "ttlDays") });
  });
}

export async function savePublicationAction(_prev: AdminFormState, form: FormData): Promise<AdminFormState> {
  return runAdminAction("/admin/settings", async (db, staff) => {
    await savePublicationSettings(db, staff, { defaultPeriodKind: text(form, "defaultPeriodKind"), publicMinimum: text(form, "publicMinimum") });
  });
}

export async function saveCaseSettingsAction(_prev: AdminFormState, form: FormData): Promise<AdminFormState> {
  return runAdminAction("/admin/settings", async (db, staff) => {
    await saveCaseSettings(db, staff, {
      lowAtMost: text(form, "lowAtMost"),
      elements: form.getAll("elements").filter((v): v is string => typeof v === "string"),
      commentWithContact: text(form, "commentWithContact"),
      forwardDays: text(form, "forwardDays"),
      replyDays: text(form, "replyDays"),
      retentionWarningDays: text(form, "retentionWarningDays"),
    });
  });
}
