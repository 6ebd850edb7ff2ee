import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { unzip } from "./unzip";

/**
 * A real LibreOffice Calc, headless, to open the exports as a user's spreadsheet would. Missing
 * tools fail the test with how to install them: an export test that passes without Calc proves
 * nothing.
 */
export function requireSoffice(): string {
  try {
    return execFileSync("sh", ["-c", "command -v soffice"], { encoding: "utf8" }).trim();
  } catch {
    throw new Error(
      "LibreOffice Calc (soffice) is not installed: the export test opens the files in it. Install it with `apt-get install -y libreoffice-calc-nogui` (Debian; .ci/run does this).",
    );
  }
}

/**
 * Builds the en_US.UTF-8 and vi_VN.UTF-8 locales into `dir` (used through LOCPATH) from the
 * system's locale sources, so that the test needs no root and no system locale generation.
 */
export function buildLocales(dir: string, names: readonly string[]): void {
  fs.mkdirSync(dir, { recursive: true });
  for (const name of names) {
    const [lang] = name.split(".");
    if (fs.existsSync(path.join(dir, name))) continue;
    if (!fs.existsSync(`/usr/share/i18n/locales/${lang}`)) {
      throw new Error(`The locale source ${lang} is missing: install the Debian package \`locales\` (apt-get install -y locales; .ci/run does this).`);
    }
    // localedef exits 1 on mere warnings (the output is still written): judge by the result.
    try {
      execFileSync("localedef", ["-i", lang!, "-f", "UTF-8", path.join(dir, name)], { stdio: "pipe" });
    } catch (err) {
      if (!fs.existsSync(path.join(dir, name))) throw err;
    }
  }
}

/**
 * Converts files to .ods in `outDir` with one soffice process; `locale` is the process locale
 * (the interface and default formats), `infilter` the import filter options, for CSV.
 */
export function convertToOds(files: readonly string[], opts: { outDir: string; profileDir: string; locale: string; locPath: string; infilter?: string }): void {
  const args = [
    "--headless",
    "--norestore",
    `-env:UserInstallation=file://${opts.profileDir}`,
    ...(opts.infilter ? [`--infilter=${opts.infilter}`] : []),
    "--convert-to",
    "ods",
    "--outdir",
    opts.outDir,
    ...files,
  ];
  execFileSync("soffice", args, {
    stdio: "pipe",
    timeout: 120_000,
    env: { ...process.env, LOCPATH: opts.locPath, LC_ALL: opts.locale, LANG: opts.locale, LANGUAGE: "" },
  });
  for (const f of files) {
    const out = path.join(opts.outDir, `${path.basename(f).replace(/\.[^.]+$/, "")}.ods`);
    if (!fs.existsSync(out)) throw new Error(`soffice did not convert ${f}`);
  }
}

export type OdsCell = { type: string | null; value: string | null; text: string };
export type OdsSheet = { name: string; rows: OdsCell[][] };

const ENTITIES: Record<string, string> = { "&lt;": "<", "&gt;": ">", "&amp;": "&", "&quot;": '"', "&apos;": "'" };
const decode = (s: string) => s.replace(/&(lt|gt|amp|quot|apos);/g, (e) => ENTITIES[e]!);
const attr = (attrs: string, name: string) => new RegExp(`${name}="([^"]*)"`).exec(attrs)?.[1] ?? null;

/** The sheets of an .ods as typed cells (content.xml: office:value-type and its value). */
export function readOds(file: string): OdsSheet[] {
  const xml = unzip(fs.readFileSync(file))["content.xml"]!.toString("utf8");
  const sheets: OdsSheet[] = [];
  const tag = /<(\/?)(table:table-row|table:table-cell|table:covered-table-cell|table:table)(?=[\s/>])([^>]*?)(\/?)>/g;
  let sheet: OdsSheet | null = null;
  let row: OdsCell[] | null = null;
  let cell: { attrs: string; start: number } | null = null;
  for (let m = tag.exec(xml); m; m = tag.exec(xml)) {
    const [, close, name, attrs, selfClosing] = m;
    if (name === "table:table" && !close) sheets.push((sheet = { name: decode(attr(attrs!, "table:name") ?? ""), rows: [] }));
    else if (name === "table:table-row" && !close) row = [];
    else if (name === "table:table-row" && close) {
      // Trailing empty cells (the rest of a row) carry no value; an empty row (the rest of the
      // sheet, repeated) is no row of the data.
      while (row?.length && row[row.length - 1]!.type == null && row[row.length - 1]!.text === "") row.pop();
      if (row?.length) sheet!.rows.push(row);
      row = null;
    } else if ((name === "table:table-cell" || name === "table:covered-table-cell") && !close) {
      if (selfClosing) pushCell(row!, attrs!, "");
      else cell = { attrs: attrs!, start: m.index + m[0].length };
    } else if ((name === "table:table-cell" || name === "table:covered-table-cell") && close && cell) {
      const inner = xml.slice(cell.start, m.index);
      const text = [...inner.matchAll(/<text:p\b[^>]*>([\s\S]*?)<\/text:p>/g)].map((p) => decode(p[1]!.replace(/<text:s\/>/g, " ").replace(/<[^>]+>/g, ""))).join("\n");
      pushCell(row!, cell.attrs, text);
      cell = null;
    }
  }
  return sheets;
}

function pushCell(row: OdsCell[], attrs: string, text: string): void {
  const type = attr(attrs, "office:value-type");
  const value =
    type === "date" ? attr(attrs, "office:date-value") : type === "boolean" ? attr(attrs, "office:boolean-value") : type === "string" ? text : attr(attrs, "office:value");
  const repeat = Math.min(Number(attr(attrs, "table:number-columns-repeated") ?? 1), 1024);
  for (let i = 0; i < repeat; i++) row.push({ type, value: value == null ? null : decode(value), text });
}
