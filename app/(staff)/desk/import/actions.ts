"use server";

import { redirect } from "next/navigation";
import { getStaff } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { decodeUtf8, importDossiersCsv, MAX_IMPORT_KB, type ImportResult } from "@/lib/integration/import";

export type ImportState = { result?: ImportResult; fileName?: string };

export async function importCsvAction(_prev: ImportState, form: FormData): Promise<ImportState> {
  const staff = await getStaff();
  if (!staff) redirect("/login?callbackUrl=/desk/import");
  const file = form.get("file");
  if (!(file instanceof File) || file.size === 0) return { result: { outcome: "file", error: "missing" } };
  if (file.size > MAX_IMPORT_KB * 1024) return { result: { outcome: "file", error: "tooBig", max: MAX_IMPORT_KB }, fileName: file.name };
  const text = decodeUtf8(new Uint8Array(await file.arrayBuffer()));
  if (text === null) return { result: { outcome: "file", error: "encoding" }, fileName: file.name };
  try {
    return { result: await importDossiersCsv(await getDb(), staff, text), fileName: file.name };
  } catch (err) {
    console.error("import: could not import", err instanceof Error ? err.message : err);
    throw new Error("import failed");
  }
}
