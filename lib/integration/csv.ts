/**
 * RFC 4180 CSV: fields separated by a delimiter, quoted with `"` when they hold the delimiter,
 * a quote or a line break, `""` inside quotes for one quote. CRLF or LF end a record. Spreadsheets
 * in Vietnam often save with `;` (decimal comma locales), so the delimiter is detected from the
 * header line unless given.
 */
export type CsvParseResult = { records: string[][]; error?: { line: number; message: string } };

export function detectDelimiter(text: string): "," | ";" | "\t" {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const counts = { ",": 0, ";": 0, "\t": 0 } as Record<"," | ";" | "\t", number>;
  let quoted = false;
  for (const ch of firstLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch in counts) counts[ch as "," | ";" | "\t"] += 1;
  }
  const best = (Object.entries(counts) as ["," | ";" | "\t", number][]).sort((a, b) => b[1] - a[1])[0]!;
  return best[1] > 0 ? best[0] : ",";
}

export function parseCsv(input: string, delimiter: string = detectDelimiter(input)): CsvParseResult {
  // A byte-order mark is what Excel writes first in "CSV UTF-8"; it is not part of the header.
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const records: string[][] = [];
  let record: string[] = [];
  let field = "";
  let line = 1;
  let recordLine = 1;
  let i = 0;
  let quoted = false;
  let fieldStarted = false;

  const endField = () => {
    record.push(field);
    field = "";
    fieldStarted = false;
  };
  const endRecord = () => {
    endField();
    // A blank line is not a record of one empty field.
    if (!(record.length === 1 && record[0] === "")) records.push(record);
    record = [];
  };

  while (i < text.length) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i += 1;
        const next = text[i];
        if (next !== undefined && next !== delimiter && next !== "\n" && next !== "\r") {
          return { records, error: { line, message: "a closing quote must be followed by a delimiter or the end of the line" } };
        }
        continue;
      }
      if (ch === "\n") line += 1;
      field += ch;
      i += 1;
      continue;
    }
    if (ch === '"') {
      if (fieldStarted || field.length > 0) {
        return { records, error: { line, message: "a quote inside an unquoted field" } };
      }
      quoted = true;
      fieldStarted = true;
      i += 1;
      continue;
    }
    if (ch === delimiter) {
      endField();
      i += 1;
      continue;
    }
    if (ch === "\r" || ch === "\n") {
      endRecord();
      i += ch === "\r" && text[i + 1] === "\n" ? 2 : 1;
      line += 1;
      recordLine = line;
      continue;
    }
    field += ch;
    i += 1;
  }
  if (quoted) return { records, error: { line: recordLine, message: "a quoted field is not closed" } };
  if (field.length > 0 || fieldStarted || record.length > 0) endRecord();
  return { records };
}
