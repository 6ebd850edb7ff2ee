import { describe, expect, it } from "vitest";
import { decodeUtf8, parseVietnamTime } from "./import";

describe("parseVietnamTime", () => {
  it("reads dd/mm/yyyy [hh:mm[:ss]] as Vietnam time", () => {
    expect(parseVietnamTime("04/05/2023")!.toISOString()).toBe("2023-05-03T17:00:00.000Z");
    expect(parseVietnamTime("4/5/2023 10:30")!.toISOString()).toBe("2023-05-04T03:30:00.000Z");
    expect(parseVietnamTime("01/12/2022 00:00:05")!.toISOString()).toBe("2022-11-30T17:00:05.000Z");
  });

  it("reads ISO 8601 with an offset and refuses naive or impossible times", () => {
    expect(parseVietnamTime("2023-05-04T10:00:00+07:00")!.toISOString()).toBe("2023-05-04T03:00:00.000Z");
    expect(parseVietnamTime("2023-05-04T10:00:00")).toBeNull();
    expect(parseVietnamTime("31/02/2023")).toBeNull();
    expect(parseVietnamTime("12/13/2023")).toBeNull();
    expect(parseVietnamTime("04/05/2023 24:00")).toBeNull();
    expect(parseVietnamTime("hôm qua")).toBeNull();
  });
});

describe("decodeUtf8", () => {
  it("refuses bytes that are not UTF-8 (a file saved as Windows-1258)", () => {
    expect(decodeUtf8(new TextEncoder().encode("Hộ tịch"))).toBe("Hộ tịch");
    expect(decodeUtf8(new Uint8Array([0x48, 0xd2, 0x20]))).toBeNull();
  });
});
