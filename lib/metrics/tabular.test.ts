import { inflateRawSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { toCsv, toXlsx } from "./tabular";

/** The entries of a zip, read from its central directory. */
function unzip(buf: Buffer): Record<string, string> {
  const end = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = buf.readUInt16LE(end + 10);
  let p = buf.readUInt32LE(end + 16);
  const out: Record<string, string> = {};
  for (let i = 0; i < count; i++) {
    const size = buf.readUInt32LE(p + 20);
    const nameLength = buf.readUInt16LE(p + 28);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.subarray(p + 46, p + 46 + nameLength).toString("utf8");
    const dataStart = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    out[name] = inflateRawSync(buf.subarray(dataStart, dataStart + size)).toString("utf8");
    p += 46 + nameLength + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
  }
  return out;
}

describe("toCsv", () => {
  it("starts with a BOM, quotes what needs quoting and defuses formulas", () => {
    const csv = toCsv([
      ["Đơn vị", "Tỷ lệ"],
      ['Xã "Kha Sơn", Phú Bình', 92.6],
      ["=HYPERLINK()", null],
      [true, false],
    ]);
    expect(csv.startsWith("\uFEFF")).toBe(true);
    expect(csv.slice(1).split("\r\n")).toEqual(["Đơn vị,Tỷ lệ", '"Xã ""Kha Sơn"", Phú Bình",92.6', "'=HYPERLINK(),", "1,0", ""]);
  });
});

describe("toXlsx", () => {
  it("writes a zip of the Open XML parts with numbers as numbers and text escaped", () => {
    const parts = unzip(toXlsx([{ name: "Số liệu", rows: [["Xã <A> & B", 82.66], [null, 3]] }]));
    expect(Object.keys(parts).sort()).toEqual(["[Content_Types].xml", "_rels/.rels", "xl/_rels/workbook.xml.rels", "xl/workbook.xml", "xl/worksheets/sheet1.xml"]);
    expect(parts["xl/workbook.xml"]).toContain('name="Số liệu"');
    const sheet = parts["xl/worksheets/sheet1.xml"]!;
    expect(sheet).toContain('<c r="A1" t="inlineStr"><is><t xml:space="preserve">Xã &lt;A&gt; &amp; B</t></is></c>');
    expect(sheet).toContain('<c r="B1"><v>82.66</v></c>');
    expect(sheet).toContain('<row r="2"><c r="B2"><v>3</v></c></row>');
  });
});
