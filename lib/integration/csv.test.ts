import { describe, expect, it } from "vitest";
import { detectDelimiter, parseCsv } from "./csv";

describe("parseCsv (RFC 4180)", () => {
  it("splits plain fields and CRLF or LF records", () => {
    expect(parseCsv("a,b,c\r\n1,2,3\n4,5,6", ",").records).toEqual([
      ["a", "b", "c"],
      ["1", "2", "3"],
      ["4", "5", "6"],
    ]);
  });

  it("keeps delimiters, doubled quotes and line breaks inside quoted fields", () => {
    const { records, error } = parseCsv('code,name\n"HS,1","Cấp ""bản sao""\nlần 2"\n', ",");
    expect(error).toBeUndefined();
    expect(records).toEqual([
      ["code", "name"],
      ["HS,1", 'Cấp "bản sao"\nlần 2'],
    ]);
  });

  it("keeps empty fields, drops blank lines and a byte-order mark", () => {
    expect(parseCsv("\uFEFFa,,c\n\n,,\n", ",").records).toEqual([
      ["a", "", "c"],
      ["", "", ""],
    ]);
  });

  it("reports an unclosed quote and a stray quote with their line", () => {
    expect(parseCsv('a,b\n1,"open\n2,3', ",").error).toEqual({ line: 2, message: "a quoted field is not closed" });
    expect(parseCsv('a,b\n1,x"y', ",").error?.line).toBe(2);
    expect(parseCsv('a,b\n"1"x,2', ",").error?.line).toBe(2);
  });

  it("detects semicolons (spreadsheets in a decimal-comma locale) and tabs", () => {
    expect(detectDelimiter("ma_ho_so;ma_co_quan\n1;2")).toBe(";");
    expect(detectDelimiter("a\tb\n")).toBe("\t");
    expect(detectDelimiter('"x;y",b,c\n')).toBe(",");
    expect(parseCsv("a;b\n1;2").records).toEqual([
      ["a", "b"],
      ["1", "2"],
    ]);
  });
});
