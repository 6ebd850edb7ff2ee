import { describe, expect, it } from "vitest";
import { unzip } from "@/tests/helpers/unzip";
import { asciiFileName, attachmentDisposition, sheetName, toCsv, toXlsx, type Table } from "./tabular";

const TABLE: Table = {
  name: "Số liệu",
  columns: [
    { header: "Mã đơn vị", kind: "code" },
    { header: "Đơn vị", kind: "text" },
    { header: "Tỷ lệ (%)", kind: "percent" },
    { header: "Số phiếu", kind: "integer" },
    { header: "Ngày", kind: "date" },
    { header: "Xếp hạng", kind: "code" },
    { header: "Đủ mẫu", kind: "boolean" },
    { header: "Số ngày", kind: "decimal" },
  ],
  rows: [
    ["08", 'Xã "Kha Sơn", Phú Bình', 92.6, 12932, "2023-05-14", "1/16", true, 1.5],
    ["1.004227", "=HYPERLINK()", null, 0, "2023-05", "16/16", false, null],
  ],
};

describe("toCsv", () => {
  it("writes RFC 4180 with a BOM, full-stop decimals, ISO dates, and codes and ranks quoted", () => {
    const csv = toCsv(TABLE);
    expect(csv.startsWith("\uFEFF")).toBe(true);
    expect(csv.slice(1).split("\r\n")).toEqual([
      "Mã đơn vị,Đơn vị,Tỷ lệ (%),Số phiếu,Ngày,Xếp hạng,Đủ mẫu,Số ngày",
      '"08","Xã ""Kha Sơn"", Phú Bình",92.6,12932,2023-05-14,"1/16",1,1.5',
      `"1.004227",'=HYPERLINK(),,0,2023-05,"16/16",0,`,
      "",
    ]);
  });

  it("quotes a code that holds a quote or a line break, doubling the quote", () => {
    const csv = toCsv({ name: "x", columns: [{ header: "c", kind: "code" }, { header: "t", kind: "text" }], rows: [['A"1', "dòng 1\ndòng 2"]] });
    expect(csv.slice(1).split("\r\n")[1]).toBe('"A""1","dòng 1\ndòng 2"');
  });
});

describe("toXlsx", () => {
  it("writes number, percent, date and boolean cells, codes as text, a frozen header and widths", async () => {
    const parts = unzip(await toXlsx([TABLE, { ...TABLE, name: "Phiếu: ẩn danh / 2023 [năm báo cáo dài hơn]" }]));
    const workbook = parts["xl/workbook.xml"]!.toString();
    expect(workbook).toContain('name="Số liệu"');
    expect(workbook).toContain(`name="${sheetName("Phiếu: ẩn danh / 2023 [năm báo cáo dài hơn]")}"`);
    const sheet = parts["xl/worksheets/sheet1.xml"]!.toString();
    const strings = [...parts["xl/sharedStrings.xml"]!.toString().matchAll(/<t[^>]*>([^<]*)<\/t>/g)].map((m) => m[1]);
    const styles = parts["xl/styles.xml"]!.toString();
    const cell = (ref: string) => new RegExp(`<c r="${ref}"([^>]*)><v>([^<]*)</v></c>`).exec(sheet);
    const format = (ref: string) => {
      const s = /s="(\d+)"/.exec(cell(ref)![1]!)?.[1];
      const numFmtId = [...styles.matchAll(/<xf ([^>]*)>/g)].map((m) => /numFmtId="(\d+)"/.exec(m[1]!)?.[1])[Number(s)];
      return new RegExp(`numFmtId="${numFmtId}" formatCode="([^"]+)"`).exec(styles)?.[1];
    };
    expect(sheet).toMatch(/<pane ySplit="1"[^>]*state="frozen"/);
    expect(sheet).toMatch(/<col min="2" max="2" width="\d+"/);
    // Codes and ranks are strings, so "08" keeps its zero and "1/16" is no date.
    expect(cell("A2")![1]).toContain('t="s"');
    expect(strings[Number(cell("A2")![2])]).toBe("08");
    expect(strings[Number(cell("F2")![2])]).toBe("1/16");
    expect(strings[Number(cell("A3")![2])]).toBe("1.004227");
    expect(cell("C2")![2]).toBe("0.926");
    expect(format("C2")).toBe("0.00%");
    expect(cell("D2")![2]).toBe("12932");
    expect(format("D2")).toBe("#,##0");
    // 14/05/2023 is day 45060 counted from 30/12/1899.
    expect(cell("E2")![2]).toBe("45060");
    expect(format("E2")).toBe("dd/mm/yyyy");
    expect(format("E3")).toBe("mm/yyyy");
    expect(cell("G2")![1]).toContain('t="b"');
    expect(cell("H2")![2]).toBe("1.5");
    expect(cell("C3")).toBeNull();
  });
});

describe("file names", () => {
  it("give an ASCII fallback and the exact UTF-8 name", () => {
    expect(asciiFileName("Số liệu_H.23_2022-12-01.xlsx")).toBe("So-lieu_H.23_2022-12-01.xlsx");
    expect(asciiFileName("Phiếu ẩn danh_Đồng Hỷ.csv")).toBe("Phieu-an-danh_Dong-Hy.csv");
    expect(attachmentDisposition("Số liệu (2023).csv")).toBe(
      `attachment; filename="So-lieu-2023-.csv"; filename*=UTF-8''S%E1%BB%91%20li%E1%BB%87u%20%282023%29.csv`,
    );
  });
});
