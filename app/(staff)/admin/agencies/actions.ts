"use server";

import { createChildAgency, moveAgency, setAgencyActive, updateAgency } from "@/lib/admin/agencies";
import { createDesk, createStandingCode, deactivateStandingCode, renameDesk, setDeskActive } from "@/lib/admin/desks";
import { linkProcedure, unlinkProcedure } from "@/lib/admin/procedures";
import { setAgencyTarget } from "@/lib/admin/targets";
import type { AdminFormState } from "../form-state";
import { runAdminAction, text } from "../run-action";

const back = (form: FormData) => `/admin/agencies/${encodeURIComponent(text(form, "returnId") || text(form, "agencyId"))}`;

export async function createAgencyAction(_prev: AdminFormState, form: FormData): Promise<AdminFormState> {
  return runAdminAction(back(form), async (db, staff, t) => {
    await createChildAgency(db, staff, {
      parentId: text(form, "parentId"),
      code: text(form, "code"),
      name: text(form, "name"),
      nameEn: text(form, "nameEn"),
      level: text(form, "level"),
      tier: text(form, "tier"),
      kind: text(form, "kind"),
    });
    return t.admin.agencies.created;
  });
}

export async function updateAgencyAction(_prev: AdminFormState, form: FormData): Promise<AdminFormState> {
  return runAdminAction(back(form), async (db, staff) => {
    await updateAgency(db, staff, {
      agencyId: text(form, "agencyId"),
      name: text(form, "name"),
      nameEn: text(form, "nameEn"),
      level: text(form, "level"),
      tier: text(form, "tier"),
      kind: text(form, "kind"),
      sortOrder: text(form, "sortOrder") || "0",
    });
  });
}

export async function moveAgencyAction(_prev: AdminFormState, form: FormData): Promise<AdminFormState> {
  return runAdminAction(back(form), async (db, staff, t) => {
    await moveAgency(db, staff, { agencyId: text(form, "agencyId"), newParentId: text(form, "newParentId") });
    return t.admin.agencies.moved;
  });
}

export async function setAgencyActiveAction(_prev: AdminFormState, form: FormData): Promise<AdminFormState> {
  return runAdminAction(back(form), async (db, staff) => {
    await setAgencyActive(db, staff, { agencyId: text(form, "agencyId"), active: text(form, "active") === "true" });
  });
}

export async function createDeskAction(_prev: AdminFormState, form: FormData): Promise<AdminFormState> {
  return runAdminAction(back(form), async (db, staff) => {
    await createDesk(db, staff, { agencyId: text(form, "agencyId"), code: text(form, "code"), name: text(form, "name") });
  });
}

export async function renameDeskAction(_prev: AdminFormState, form: FormData): Promise<AdminFormState> {
  return runAdminAction(back(form), async (db, staff) => {
    await renameDesk(db, staff, { deskId: text(form, "deskId"), name: text(form, "name") });
  });
}

export async function setDeskActiveAction(_prev: AdminFormState, form: FormData): Promise<AdminFormState> {
  return runAdminAction(back(form), async (db, staff) => {
    await setDeskActive(db, staff, { deskId: text(form, "deskId"), active: text(form, "active") === "true" });
  });
}

export async function createStandingCodeAction(_prev: AdminFormState, form: FormData): Promise<AdminFormState> {
  return runAdminAction(back(form), async (db, staff) => {
    await createStandingCode(db, staff, { agencyId: text(form, "agencyId"), deskId: text(form, "deskId"), label: text(form, "label") });
  });
}

export async function deactivateStandingCodeAction(_prev: AdminFormState, form: FormData): Promise<AdminFormState> {
  return runAdminAction(back(form), async (db, staff) => {
    await deactivateStandingCode(db, staff, { codeId: text(form, "codeId") });
  });
}

export async function linkProcedureAction(_prev: AdminFormState, form: FormData): Promise<AdminFormState> {
  return runAdminAction(back(form), async (db, staff) => {
    await linkProcedure(db, staff, { agencyId: text(form, "agencyId"), procedureId: text(form, "procedureId") });
  });
}

export async function unlinkProcedureAction(_prev: AdminFormState, form: FormData): Promise<AdminFormState> {
  return runAdminAction(back(form), async (db, staff) => {
    await unlinkProcedure(db, staff, { agencyId: text(form, "agencyId"), procedureId: text(form, "procedureId") });
  });
}

export async function setAgencyTargetAction(_prev: AdminFormState, form: FormData): Promise<AdminFormState> {
  return runAdminAction(back(form), async (db, staff, t) => {
    await setAgencyTarget(db, staff, { agencyId: text(form, "agencyId"), reportingYear: text(form, "reportingYear"), target: text(form, "target") });
    return t.peers.targetSaved;
  });
}
