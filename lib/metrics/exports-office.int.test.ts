import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { exportResponses } from "@/db/queries/figure-details";
import { procedures, responses } from "@/db/schema";
import { messagesFor } from "@/lib/i18n";
import { buildLocales, convertToOds, readOds, requireSoffice, type OdsCell, type OdsSheet } from "@/tests/helpers/libreoffice";
import { createAgencyTree, createSurveyBase, insertDossiers, insertResponses, uniformSheet } from "@/tests/helpers/fixtures";
import { createTestDatabase, inRolledBackTransaction } from "@/tests/helpers/test-db";
import { anonymise, MIN_GROUP, type AnonymisationSummary } from "./anonymise";
import { caseFiguresOverview } from "./case-figures";
import { anonymisationNote, figuresTable, responseRow, responsesColumns } from "./exports";
import { timelinessRows, timelinessView } from "./timeliness";
import { agencyOverview, type FigureSettings, type Overview } from "./figures";
import { monthPeriod } from "./periods";
import { toCsv, toXlsx, type Cell, type Column, type Table } from "./tabular";

/**
 * The exports opened in a real LibreOffice Calc (headless), under an English and a Vietnamese
 * locale: XLSX figures are numbers, CSV codes and ranks stay text, Vietnamese is intact, and the
 * figures equal what the pages compute.
 */
const MAY_2023 = monthPeriod(2023, 5);
const SETTINGS: FigureSettings = { includeUnverified: false, bands: [] };
const vi = messagesFor("vi");
// LibreOffice's CSV filter options: separator, quote, UTF-8 (76), from line 1, no column types,
// language (1033 en-US, 1066 vi-VN), quoted field as text, detect special numbers (dates).
const csvFilter = (language: number) => `CSV:44,34,76,1,,${language},true,true`;
const LOCALES = { en: "en_US.UTF-8", vi: "vi_VN.UTF-8" } as const;

let database: Database;
let work: string;

beforeAll(async () => {
  requireSoffice();
  work = fs.mkdtempSync(path.join(os.tmpdir(), "hai-long-office-"));
  buildLocales(path.join(work, "locales"), Object.values(LOCALES));
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.close();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

type Files = { tables: Table[]; summary: AnonymisationSummary; overview: Overview };

async function writeExports(db: Parameters<typeof agencyOverview>[0]): Promise<Files> {
  const base = await createSurveyBase(db);
  // Codes with leading zeros and a national procedure code that reads like a decimal number.
  const a = await createAgencyTree(db, [
    { code: "08", level: "district", name: "Huyện Phú Bình" },
    { code: "0801", level: "commune", parent: "08", name: "Xã Kha Sơn" },
    { code: "0802", level: "commune", parent: "08", name: "Thị trấn Hương Sơn" },
    { code: "0803", level: "commune", parent: "08", name: "Xã Đồng Liên" },
  ]);
  const [procedure] = await db.insert(procedures).values({ code: "1.004227", name: "Đăng ký khai sinh", field: "Hộ tịch" }).returning({ id: procedures.id });
  const at = (day: string) => new Date(`2023-05-${day}T09:15:00+07:00`);
  for (const code of ["0801", "0802", "0803"]) await insertDossiers(db, { agencyId: a[code]!.id, procedureId: base.procedureId, completedAt: at("02"), count: 5 });
  // Xã Kha Sơn: 6 on one day (released by day); Hương Sơn: 3 + 2 on two days (merged by month);
  // Đồng Liên: 2 (too few at every level: left out of the responses, counted in the figures).
  await insertResponses(db, { agencyId: a["0801"]!.id, versionId: base.versionId, submittedAt: at("14"), sheets: [{ answers: uniformSheet(5, 5), count: 5 }, { answers: uniformSheet(2) }] });
  await insertResponses(db, { agencyId: a["0802"]!.id, versionId: base.versionId, submittedAt: at("03"), sheets: [{ answers: uniformSheet(4), count: 2 }, { answers: { S1: 1, S2: 3, S3: 4, S4: 5 } }] });
  await insertResponses(db, { agencyId: a["0802"]!.id, versionId: base.versionId, submittedAt: at("20"), sheets: [{ answers: uniformSheet(3), count: 2 }] });
  await insertResponses(db, { agencyId: a["0803"]!.id, versionId: base.versionId, submittedAt: at("10"), sheets: [{ answers: uniformSheet(5), count: 2 }] });
  await db.update(responses).set({ procedureId: procedure!.id }).where(eq(responses.versionId, base.versionId));

  const district = a["08"]!;
  const params = { agencyId: district.id, scopePath: district.path, period: MAY_2023 };
  const overview = (await agencyOverview(db, { ...params, settings: SETTINGS }))!;
  const cases = (await caseFiguresOverview(db, params))!;
  const lateness = await timelinessRows(db, { path: district.path, scopePath: district.path, period: MAY_2023, includeUnverified: false });
  const figures = figuresTable(overview, vi, cases, timelinessView(overview, lateness));
  const summary: AnonymisationSummary = { released: [0, 0, 0], suppressed: 0 };
  const rows: Cell[][] = [];
  const subtree = { path: district.path, scopePath: district.path, from: MAY_2023.from, to: MAY_2023.to, includeUnverified: false };
  for await (const batch of anonymise(exportResponses(db, subtree), summary)) for (const r of batch) rows.push(responseRow(r, rows.length + 1, vi, "vi"));
  const answersTable: Table = { name: vi.exports.sheetResponses, columns: responsesColumns(vi), rows };

  fs.writeFileSync(path.join(work, "figures.xlsx"), await toXlsx([figures]));
  fs.writeFileSync(path.join(work, "responses.xlsx"), await toXlsx([answersTable, anonymisationNote(summary, vi, "vi")]));
  fs.writeFileSync(path.join(work, "figures-csv.csv"), toCsv(figures));
  fs.writeFileSync(path.join(work, "responses-csv.csv"), toCsv(answersTable));
  return { tables: [figures, answersTable], summary, overview };
}

function convertAll(): Record<string, Record<string, OdsSheet[]>> {
  const out: Record<string, Record<string, OdsSheet[]>> = {};
  const f = (name: string) => path.join(work, name);
  const runs = [
    { key: "en", locale: LOCALES.en, files: ["figures.xlsx", "responses.xlsx"] },
    { key: "en", locale: LOCALES.en, files: ["figures-csv.csv", "responses-csv.csv"], infilter: csvFilter(1033) },
    { key: "vi", locale: LOCALES.vi, files: ["figures.xlsx", "responses.xlsx"] },
    { key: "vi", locale: LOCALES.vi, files: ["figures-csv.csv", "responses-csv.csv"], infilter: csvFilter(1033) },
    // A Vietnamese user who leaves the CSV import language at Vietnamese.
    { key: "vi-csv-vi", locale: LOCALES.vi, files: ["figures-csv.csv", "responses-csv.csv"], infilter: csvFilter(1066) },
  ];
  for (const run of runs) {
    const outDir = path.join(work, `out-${run.key}`);
    convertToOds(run.files.map(f), { outDir, profileDir: path.join(work, `profile-${run.key}`), locale: run.locale, locPath: path.join(work, "locales"), infilter: run.infilter });
    for (const file of run.files) (out[run.key] ??= {})[file] = readOds(path.join(outDir, file.replace(/\.[^.]+$/, ".ods")));
  }
  return out;
}

const NUMBER_KINDS = new Set<Column["kind"]>(["integer", "decimal", "percent"]);

/** Checks every cell of a sheet read back against the table it was written from. */
function expectSheet(sheet: OdsSheet, table: Table, format: "xlsx" | "csv", where: string) {
  expect(sheet.rows[0]!.map((c) => c.text), `${where}: headers`).toEqual(table.columns.map((c) => c.header));
  expect(sheet.rows.length - 1, `${where}: rows`).toBe(table.rows.length);
  table.rows.forEach((row, r) => {
    table.columns.forEach((col, i) => {
      const cell: OdsCell = sheet.rows[r + 1]![i] ?? { type: null, value: null, text: "" };
      const expected = row[i];
      const at = `${where} row ${r + 2} "${col.header}"`;
      if (expected == null) return expect(cell.type, at).toBeNull();
      if (NUMBER_KINDS.has(col.kind)) {
        expect(cell.type, at).toBe(format === "xlsx" && col.kind === "percent" ? "percentage" : "float");
        const value = Number(cell.value);
        // The XLSX holds a rate as a fraction with a percent format, the CSV in points.
        expect(format === "xlsx" && col.kind === "percent" ? value * 100 : value, at).toBeCloseTo(expected as number, 9);
      } else if (col.kind === "date" && format === "csv" && (expected as string).length === 7) {
        // A merged row's ISO month ("2023-05") is no calendar day: the CSV reader keeps it as text.
        expect([cell.type, cell.text], at).toEqual(["string", expected]);
      } else if (col.kind === "date") {
        expect(cell.type, at).toBe("date");
        expect(cell.value!.slice(0, 10), at).toBe((expected as string).length === 7 ? `${expected}-01` : expected);
      } else if (col.kind === "boolean") {
        expect(["boolean", "float"], at).toContain(cell.type);
        expect(["true", "1"].includes(cell.value!), at).toBe(expected);
      } else {
        // Codes keep their zeros and ranks are no dates; names keep their diacritics.
        expect(cell.type, at).toBe("string");
        expect(cell.text, at).toBe(expected);
      }
    });
  });
}

describe("exports in LibreOffice Calc", () => {
  it("open with number, percent and date cells, text codes and ranks, and the pages' figures, in English and Vietnamese", () =>
    inRolledBackTransaction(database, async (db) => {
      const { tables, summary, overview } = await writeExports(db);
      const [figures, answersTable] = tables as [Table, Table];
      const opened = convertAll();

      // The written tables carry the pages' figures and are worth checking: ranks and codes present.
      const head = figures.columns.map((c) => c.header);
      const col = (h: string) => head.indexOf(h);
      const byCode = new Map(figures.rows.map((r) => [r[0], r]));
      expect([...byCode.keys()].sort()).toEqual(["08", "0801", "0802", "0803"]);
      for (const f of [overview.agency, ...overview.children]) {
        const row = byCode.get(f.code)!;
        expect(row[col(`${vi.dashboard.meanOfFive} (%)`)]).toBe(f.meanOfElements == null ? null : Number(f.meanOfElements.toFixed(2)));
        expect(row[col(vi.dashboard.responses)]).toBe(f.responses);
      }
      const ranks = figures.rows.map((r) => r[col(vi.dashboard.rank)]).filter((r) => r != null);
      expect(ranks.length).toBeGreaterThanOrEqual(2);
      for (const rank of ranks) expect(rank).toMatch(/^\d+\/\d+$/);
      expect(summary).toEqual({ released: [6, 5, 0], suppressed: 2 });
      expect(answersTable.rows.length).toBe(overview.agency.responses - 2);

      for (const key of ["en", "vi"] as const) {
        expectSheet(opened[key]!["figures.xlsx"]![0]!, figures, "xlsx", `${key} figures.xlsx`);
        expectSheet(opened[key]!["responses.xlsx"]![0]!, answersTable, "xlsx", `${key} responses.xlsx`);
        expectSheet(opened[key]!["figures-csv.csv"]![0]!, figures, "csv", `${key} figures.csv`);
        expectSheet(opened[key]!["responses-csv.csv"]![0]!, answersTable, "csv", `${key} responses.csv`);
        const names = opened[key]!["responses.xlsx"]!.map((s) => s.name);
        expect(names).toEqual([vi.exports.sheetResponses, vi.exports.sheetNote]);
        expect(opened[key]!["responses.xlsx"]![1]!.rows[1]![0]!.text).toContain(`ít nhất ${MIN_GROUP} phiếu`);
      }

      // Imported as Vietnamese, the full-stop decimals are never misread as other numbers, and
      // codes and ranks are still text.
      const asVi = opened["vi-csv-vi"]!["figures-csv.csv"]![0]!;
      figures.rows.forEach((row, r) =>
        figures.columns.forEach((c, i) => {
          const cell = asVi.rows[r + 1]![i];
          if (row[i] == null || !cell) return;
          if (NUMBER_KINDS.has(c.kind) && cell.type === "float") expect(Number(cell.value)).toBeCloseTo(row[i] as number, 9);
          if (c.kind === "code" || c.kind === "text") expect([cell.type, cell.text]).toEqual(["string", row[i]]);
        }),
      );
    }), 240_000);
});
