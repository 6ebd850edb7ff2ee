/**
 * A small RFC 4180 reader: quoted fields, doubled quotes, CRLF or LF, a byte-order mark (Excel
 * writes one) and either comma or semicolon as the separator (Excel uses a semicolon where the
 * decimal mark is a comma, as in Vietnamese settings). Returns rows of fields with the 1-based
 * line each row starts on, or an error with its line.
 */
export type CsvRow = { line: number; fields: string[] };

export function parseCsv(input: string): { rows: CsvRow[] } | { error: "unterminated_quote"; line: number } {
  const textIn = input.replace(/^\uFEFF/, "");
  const firstLine = textIn.slice(0, textIn.search(/\r?\n|$/));
  const separator = !firstLine.includes(",") && firstLine.includes(";") ? ";" : ",";
  const rows: CsvRow[] = [];
  let fields: string[] = [];
  let field = "";
  let line = 1;
  let rowLine = 1;
  let quoted = false;
  let quoteStartLine = 1;
  let i = 0;
  const endRow = () => {
    fields.push(field);
    if (!(fields.length === 1 && fields[0]!.trim() === "")) rows.push({ line: rowLine, fields });
    fields = [];
    field = "";
  };
  while (i < textIn.length) {
    const ch = textIn[i]!;
    if (quoted) {
      if (ch === '"') {
        if (textIn[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else {
        if (ch === "\n") line += 1;
        field += ch;
      }
      i += 1;
      continue;
    }
    if (ch === '"' && field.trim() === "") {
      quoted = true;
      quoteStartLine = line;
      field = "";
    } else if (ch === separator) {
      fields.push(field);
      field = "";
    } else if (ch === "\r" && textIn[i + 1] === "\n") {
      // handled with the \n
    } else if (ch === "\n" || ch === "\r") {
      endRow();
      line += 1;
      rowLine = line;
    } else {
      field += ch;
    }
    i += 1;
  }
  if (quoted) return { error: "unterminated_quote", line: quoteStartLine };
  endRow();
  return { rows };
}
