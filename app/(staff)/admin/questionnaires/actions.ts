"use server";

import { createDraftVersion, discardDraft, publishVersion, updateDraftQuestion } from "@/lib/admin/questionnaires";
import type { AdminFormState } from "../form-state";
import { runAdminAction, text } from "../run-action";

const PAGE = "/admin/questionnaires";

export async function createDraftAction(_prev: AdminFormState, form: FormData): Promise<AdminFormState> {
  return runAdminAction(PAGE, async (db, staff, t) => {
    await createDraftVersion(db, staff, { questionnaireId: text(form, "questionnaireId") });
    return t.admin.questionnaires.draftCreated;
  });
}

export async function updateQuestionAction(_prev: AdminFormState, form: FormData): Promise<AdminFormState> {
  return runAdminAction(PAGE, async (db, staff) => {
    await updateDraftQuestion(db, staff, {
      questionId: text(form, "questionId"),
      textVi: text(form, "textVi"),
      textEn: text(form, "textEn"),
      required: text(form, "required"),
      allowNotApplicable: text(form, "allowNotApplicable"),
      options: form.has("options") ? text(form, "options") : undefined,
      maxLength: text(form, "maxLength"),
    });
  });
}

export async function publishVersionAction(_prev: AdminFormState, form: FormData): Promise<AdminFormState> {
  return runAdminAction(PAGE, async (db, staff, t) => {
    await publishVersion(db, staff, { versionId: text(form, "versionId") });
    return t.admin.questionnaires.published;
  });
}

export async function discardDraftAction(_prev: AdminFormState, form: FormData): Promise<AdminFormState> {
  return runAdminAction(PAGE, async (db, staff, t) => {
    await discardDraft(db, staff, { versionId: text(form, "versionId") });
    return t.admin.questionnaires.discarded;
  });
}
