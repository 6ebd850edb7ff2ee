import { stringify } from "csv-stringify/sync";
import writeXlsxFile, { type Cell as XlsxCell, type Row as XlsxRow } from "write-excel-file/node";

/**
 * The CSV and XLSX writers of the exports (decision 018). A table says what each column holds,
 * so that the spreadsheet gets number, percent and date cells and codes stay text in both.
 */
export type Cell = string | number | boolean | null;

/**
 * - `text`: words (names, labels);
 * - `code`: an identifier or a rank ("08", "1.004227", "3/16"): always text, quoted in the CSV,
 *   because a spreadsheet would turn it into a number or a date;
 * - `integer`, `decimal`: counts and other figures;
 * - `percent`: a rate in percentage points (92.6 means 92,6 %), as the pages show it;
 * - `date`: an ISO day "2023-05-14", or an ISO month "2023-05" where a day was coarsened.
 */
export type ColumnKind = "text" | "code" | "integer" | "decimal" | "percent" | "date" | "boolean";
export type Column = { header: string; kind: ColumnKind };
export type Table = { name: string; columns: Column[]; rows: Cell[][] };

// UTF-8 byte order mark: without it Excel opens the file as the legacy code page and garbles
// every Vietnamese diacritic.
export const CSV_BOM = "\uFEFF";

function csvField(c: Cell, kind: ColumnKind): Cell | { value: string; quoted: boolean } {
  if (typeof c === "number" && !Number.isFinite(c)) return null;
  if (typeof c === "string" && kind === "code") return { value: c, quoted: true };
  return c;
}

const CSV_OPTIONS = {
  record_delimiter: "\r\n",
  // With a CRLF record delimiter the writer would otherwise leave a lone LF unquoted.
  quote_record_delimiter: true,
  // A leading = + - @ (or a tab or CR) runs as a formula in a spreadsheet, and names, labels and
  // codes come from people: such text gets a leading apostrophe (numbers are left alone).
  escape_formulas: true,
  cast: {
    // Numbers keep the full stop as decimal mark: the CSV is for machines; the percent
    // columns hold percentage points, as their headers say.
    number: (v: number) => String(v),
    boolean: (v: boolean) => (v ? "1" : "0"),
    // A prepared code: its text and the instruction to quote it.
    object: (v: object) => v as unknown as string,
  },
};

/** CSV records (RFC 4180: CRLF, quotes doubled), no BOM: the body of a streamed file. */
export function csvRecords(columns: readonly Column[], rows: readonly (readonly Cell[])[]): string {
  if (rows.length === 0) return "";
  const prepared = rows.map((row) => columns.map((col, i) => csvField(row[i] ?? null, col.kind)));
  // The cells are prepared above; the cast only hands over the quoting chosen there.
  return stringify(prepared, CSV_OPTIONS);
}

/** The start of a CSV file: BOM and header record. */
export function csvHead(columns: readonly Column[]): string {
  return CSV_BOM + stringify([columns.map((c) => c.header)], CSV_OPTIONS);
}

export function toCsv(table: Table): string {
  return csvHead(table.columns) + csvRecords(table.columns, table.rows);
}

// Rates are stored as fractions with a percent format (0.926 shows as 92,60 % in a Vietnamese
// spreadsheet): a sum or a chart in the sheet then works on the true value.
const XLSX_FORMATS: Record<ColumnKind, string | undefined> = {
  text: undefined,
  code: undefined,
  integer: "#,##0",
  decimal: "#,##0.00",
  percent: "0.00%",
  date: "dd/mm/yyyy",
  boolean: undefined,
};
const MONTH_FORMAT = "mm/yyyy";

function isoDate(text: string): { date: Date; month: boolean } | null {
  const m = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(text);
  if (!m) return null;
  // A calendar day, not an instant: midnight UTC is what the writer turns into the day's serial.
  return { date: new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, m[3] ? Number(m[3]) : 1)), month: !m[3] };
}

function xlsxCell(c: Cell, kind: ColumnKind): XlsxCell {
  if (c == null || c === "" || (typeof c === "number" && !Number.isFinite(c))) return null;
  if (typeof c === "boolean") return { value: c, type: Boolean };
  if (typeof c === "number") {
    // Percentage points rounded to 2 decimals become a fraction rounded to 4: the same digits.
    if (kind === "percent") return { value: Number((c / 100).toFixed(6)), type: Number, format: XLSX_FORMATS.percent };
    return { value: c, type: Number, format: XLSX_FORMATS[kind] ?? (Number.isInteger(c) ? XLSX_FORMATS.integer : XLSX_FORMATS.decimal) };
  }
  if (kind === "date") {
    const d = isoDate(c);
    if (d) return { value: d.date, type: Date, format: d.month ? MONTH_FORMAT : XLSX_FORMATS.date };
  }
  return { value: c, type: String };
}

// Column widths in characters: wide enough for most values, never so wide that a comment or a
// long name pushes the figures off screen.
const MIN_WIDTH = 6;
const MAX_WIDTH = 48;
const WIDTH_SAMPLE_ROWS = 500;

function columnWidth(col: Column, rows: readonly (readonly Cell[])[], i: number): number {
  let longest = Math.min(col.header.length, 28);
  for (const row of rows.slice(0, WIDTH_SAMPLE_ROWS)) {
    const c = row[i];
    const length = c == null ? 0 : col.kind === "date" ? 10 : col.kind === "percent" ? 8 : String(c).length;
    if (length > longest) longest = length;
  }
  return Math.max(MIN_WIDTH, Math.min(MAX_WIDTH, longest + 2));
}

/** Excel refuses sheet names over 31 characters or with any of \ / ? * [ ] :. */
export function sheetName(name: string): string {
  return name.replace(/[\\/?*[\]:]/g, " ").slice(0, 31);
}

// Excel's hard limit of rows in one sheet.
export const XLSX_MAX_ROWS = 1_048_576;

/** A workbook of the tables, one sheet each, header row frozen. */
export async function toXlsx(tables: readonly Table[]): Promise<Buffer> {
  const sheets = tables.map((t) => {
    const header: XlsxRow = t.columns.map((c) => ({ value: c.header, type: String, fontWeight: "bold", wrap: true, alignVertical: "top" }));
    const data: XlsxRow[] = [header, ...t.rows.map((row) => t.columns.map((col, i) => xlsxCell(row[i] ?? null, col.kind)))];
    return {
      data,
      sheet: sheetName(t.name),
      stickyRowsCount: 1,
      columns: t.columns.map((c, i) => ({ width: columnWidth(c, t.rows, i) })),
    };
  });
  return writeXlsxFile(sheets).toBuffer();
}

/**
 * A file name in ASCII: diacritics dropped (đ has no decomposition), anything else but letters,
 * digits, dot, underscore and hyphen turned into a hyphen.
 */
export function asciiFileName(name: string): string {
  return name
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/đ/g, "d")
    .replace(/Đ/g, "D")
    .replace(/[^0-9A-Za-z._-]+/g, "-");
}

/**
 * Content-Disposition for a download (RFC 6266): an ASCII `filename` for old clients and the
 * exact UTF-8 name in `filename*` (RFC 8187), which browsers prefer.
 */
export function attachmentDisposition(name: string): string {
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${asciiFileName(name)}"; filename*=UTF-8''${encoded}`;
}
