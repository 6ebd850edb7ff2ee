"use server";

import { CatalogueImportError, IMPORT_MAX_BYTES, createProcedure, importCatalogue, updateProcedure, type ImportRowError } from "@/lib/admin/procedures";
import { fill, type Messages } from "@/lib/i18n";
import type { AdminFormState } from "../form-state";
import { runAdminAction, text } from "../run-action";

export async function createProcedureAction(_prev: AdminFormState, form: FormData): Promise<AdminFormState> {
  return runAdminAction("/admin/procedures", async (db, staff) => {
    await createProcedure(db, staff, { code: text(form, "code"), name: text(form, "name"), field: text(form, "field") });
  });
}

export async function updateProcedureAction(_prev: AdminFormState, form: FormData): Promise<AdminFormState> {
  const id = text(form, "procedureId");
  return runAdminAction(`/admin/procedures/${encodeURIComponent(id)}`, async (db, staff) => {
    await updateProcedure(db, staff, { procedureId: id, code: text(form, "code"), name: text(form, "name"), field: text(form, "field") });
  });
}

function describe(e: ImportRowError, t: Messages): { line: number; text: string } {
  const p = t.admin.procedures;
  const template = p.rowErrors[e.reason] ?? t.admin.errors.invalid;
  return { line: e.line, text: fill(template, { column: e.column ? (p.columns[e.column] ?? e.column) : "", value: e.value ?? "" }) };
}

export async function importCatalogueAction(_prev: AdminFormState, form: FormData): Promise<AdminFormState> {
  return runAdminAction("/admin/procedures", async (db, staff, t) => {
    const p = t.admin.procedures;
    const file = form.get("file");
    if (!(file instanceof File) || file.size === 0) return { error: p.noFile };
    if (file.size > IMPORT_MAX_BYTES) return { error: p.rowErrors.file_too_large! };
    const agency = text(form, "agencyId");
    try {
      const result = await importCatalogue(db, staff, {
        content: await file.text(),
        agencyId: /^\d{1,9}$/.test(agency) ? Number(agency) : null,
      });
      return { ok: fill(p.imported, result) };
    } catch (err) {
      if (err instanceof CatalogueImportError) {
        return { error: fill(p.importFailed, { n: err.errors.length }), rowErrors: err.errors.map((e) => describe(e, t)) };
      }
      throw err;
    }
  });
}
