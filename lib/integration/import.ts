import type { Db } from "@/db/client";
import type { StaffUser } from "@/lib/auth/accounts";
import { requirePermission } from "@/lib/auth/permissions";
import { isDomainError } from "@/lib/errors";
import { parseCsv } from "./csv";
import { reportDossiers, type ItemError, type ItemErrorCode } from "./report";
import { MAX_DOSSIER_CODE, type DossierReport } from "./schemas";
import { now as clockNow } from "@/lib/time/clock";

// A month of a busy district centre in one file, still one transaction of a few seconds.
export const MAX_IMPORT_ROWS = 10_000;
// Server-action bodies are capped at 2 MB (next.config.js); 1.800 KB holds ~20.000 rows of a
// typical export, twice the row limit.
export const MAX_IMPORT_KB = 1800;
// A clock a few minutes ahead on the clerk's computer is not an error.
const FUTURE_TOLERANCE_MS = 5 * 60 * 1000;

type Field = keyof DossierReport;

/** Vietnamese column names as clerks write them, with the English ones of the API accepted too. */
const COLUMNS: Record<string, Field> = {
  ma_ho_so: "dossierCode",
  ma_co_quan: "agencyCode",
  ma_thu_tuc: "procedureCode",
  ngay_tra_ket_qua: "completedAt",
  ngay_tiep_nhan: "receivedAt",
  han_giai_quyet: "dueAt",
  ma_quay: "deskCode",
  ma_can_bo: "officerCode",
  dossiercode: "dossierCode",
  agencycode: "agencyCode",
  procedurecode: "procedureCode",
  completedat: "completedAt",
  receivedat: "receivedAt",
  dueat: "dueAt",
  deskcode: "deskCode",
  officercode: "officerCode",
};
const REQUIRED: Field[] = ["dossierCode", "agencyCode", "procedureCode", "completedAt"];
const DATE_FIELDS = new Set<Field>(["completedAt", "receivedAt", "dueAt"]);
const CODE = /^[\p{L}\p{N}._\-/]+$/u;
const MAX_CODE: Partial<Record<Field, number>> = { dossierCode: MAX_DOSSIER_CODE, deskCode: 32 };

export type RowErrorCode = ItemErrorCode | "required" | "tooLong" | "code" | "date" | "order" | "future" | "columns";
export type RowError = { row: number; column: string; code: RowErrorCode; max?: number };
export type FileErrorCode = "missing" | "tooBig" | "encoding" | "empty" | "tooMany" | "header" | "unknownColumn" | "syntax";

export type ImportResult =
  | { outcome: "imported"; count: number; created: number; known: number }
  | { outcome: "rejected"; errors: RowError[] }
  | { outcome: "file"; error: FileErrorCode; column?: string; line?: number; max?: number };


/**
 * dd/mm/yyyy or dd/mm/yyyy hh:mm[:ss] in Vietnam time (UTC+7 all year, so a fixed offset is
 * exact), or ISO 8601 with an offset. Anything else is an error, never a guess.
 */
export function parseVietnamTime(value: string): Date | null {
  const v = value.trim();
  const local = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(v);
  if (local) {
    const [d, m, y, hh = "0", mm = "0", ss = "0"] = local.slice(1).map((x) => x ?? undefined) as string[];
    const [day, month, year, hour, minute, second] = [d, m, y, hh, mm, ss].map(Number) as [number, number, number, number, number, number];
    if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return null;
    const utc = Date.UTC(year, month - 1, day, hour - 7, minute, second);
    const check = new Date(utc + 7 * 3600 * 1000);
    if (check.getUTCDate() !== day || check.getUTCMonth() !== month - 1) return null;
    return new Date(utc);
  }
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(v)) {
    const date = new Date(v);
    return Number.isNaN(date.getTime()) ? null : date;
  }
  return null;
}

/** Decodes an uploaded file as UTF-8, refusing anything that is not valid UTF-8 text. */
export function decodeUtf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

/**
 * Imports completed dossiers from a CSV file: every row is checked first and the file is
 * stored all or none, through the same set-based path as the API batch. Row numbers count the
 * header as row 1, as a spreadsheet shows them.
 */
export async function importDossiersCsv(db: Db, staff: StaffUser, text: string, now = clockNow()): Promise<ImportResult> {
  requirePermission(staff, "issue:survey");
  const parsed = parseCsv(text);
  if (parsed.error) return { outcome: "file", error: "syntax", line: parsed.error.line };
  const [header, ...records] = parsed.records;
  if (!header || records.length === 0) return { outcome: "file", error: "empty" };
  if (records.length > MAX_IMPORT_ROWS) return { outcome: "file", error: "tooMany", max: MAX_IMPORT_ROWS };
  const fields: Field[] = [];
  for (const name of header) {
    const key = name.trim().toLowerCase().replace(/[\s-]+/g, "_");
    const field = COLUMNS[key] ?? COLUMNS[key.replace(/_/g, "")];
    if (!field) return { outcome: "file", error: "unknownColumn", column: name.trim() };
    fields.push(field);
  }
  const columnName = (field: Field) => header[fields.indexOf(field)]?.trim() ?? field;
  for (const field of REQUIRED) {
    if (!fields.includes(field)) return { outcome: "file", error: "header", column: Object.keys(COLUMNS).find((k) => COLUMNS[k] === field)! };
  }

  const errors: RowError[] = [];
  const items: DossierReport[] = [];
  const rowOfItem: number[] = [];
  records.forEach((record, i) => {
    const row = i + 2;
    if (record.length !== header.length) {
      errors.push({ row, column: "", code: "columns" });
      return;
    }
    const values: Partial<Record<Field, string>> = {};
    fields.forEach((field, c) => (values[field] = record[c]!.trim()));
    const before = errors.length;
    const item: Partial<DossierReport> = {};
    for (const field of new Set(fields)) {
      const value = values[field] ?? "";
      if (!value) {
        if (REQUIRED.includes(field)) errors.push({ row, column: columnName(field), code: "required" });
        continue;
      }
      if (DATE_FIELDS.has(field)) {
        const date = parseVietnamTime(value);
        if (!date) errors.push({ row, column: columnName(field), code: "date" });
        else (item as Record<string, unknown>)[field] = date;
        continue;
      }
      const max = MAX_CODE[field] ?? 64;
      if (value.length > max) errors.push({ row, column: columnName(field), code: "tooLong", max });
      else if (!CODE.test(value)) errors.push({ row, column: columnName(field), code: "code" });
      else (item as Record<string, unknown>)[field] = value;
    }
    if (item.completedAt && item.completedAt.getTime() > now.getTime() + FUTURE_TOLERANCE_MS) {
      errors.push({ row, column: columnName("completedAt"), code: "future" });
    }
    if (item.completedAt && item.receivedAt && item.receivedAt.getTime() > item.completedAt.getTime()) {
      errors.push({ row, column: columnName("receivedAt"), code: "order" });
    }
    if (errors.length === before) {
      items.push(item as DossierReport);
      rowOfItem.push(row);
    }
  });
  if (errors.length > 0) return { outcome: "rejected", errors };

  try {
    const reported = await reportDossiers(db, {
      scopePath: staff.scopePath,
      items,
      source: "import",
      issue: false,
      actor: { kind: "staff", id: staff.id },
      now,
    });
    const created = reported.filter((r) => r.created).length;
    return { outcome: "imported", count: reported.length, created, known: reported.length - created };
  } catch (err) {
    if (isDomainError(err) && Array.isArray(err.details?.errors)) {
      const itemErrors = err.details.errors as ItemError[];
      return { outcome: "rejected", errors: itemErrors.map((e) => ({ row: rowOfItem[e.index]!, column: columnName(e.field), code: e.code })) };
    }
    throw err;
  }
}
