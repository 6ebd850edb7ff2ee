import { describe, expect, it } from "vitest";
import { parseCsv } from "./csv";

describe("parseCsv", () => {
  it("reads quoted fields, doubled quotes, CRLF and a byte-order mark, with line numbers", () => {
    expect(parseCsv('\uFEFFa,b\r\n"x, y","say ""hi"""\r\n\r\nz,w')).toEqual({
      rows: [
        { line: 1, fields: ["a", "b"] },
        { line: 2, fields: ["x, y", 'say "hi"'] },
        { line: 4, fields: ["z", "w"] },
      ],
    });
  });

  it("uses a semicolon when the header has no comma, and keeps line breaks inside quotes", () => {
    expect(parseCsv('mã;tên\n1;"hai\ndòng"\n3;bốn\n')).toEqual({
      rows: [
        { line: 1, fields: ["mã", "tên"] },
        { line: 2, fields: ["1", "hai\ndòng"] },
        { line: 4, fields: ["3", "bốn"] },
      ],
    });
  });

  it("reports an unterminated quote with its line", () => {
    expect(parseCsv('a,b\n"open,x\n')).toEqual({ error: "unterminated_quote", line: 2 });
  });
});
