import { describe, expect, it } from "vitest";
import { safeRedirectPath } from "./redirect-target";

describe("safeRedirectPath", () => {
  it("keeps paths on this site, with their query and fragment", () => {
    expect(safeRedirectPath("/dashboard?period=ry:2023#top")).toBe("/dashboard?period=ry:2023#top");
    expect(safeRedirectPath("/s/abc/answer")).toBe("/s/abc/answer");
    expect(safeRedirectPath("/cong-khai?period=m%3A2026-11")).toBe("/cong-khai?period=m%3A2026-11");
  });

  it("refuses every way of naming another site", () => {
    for (const attack of [
      "//evil.example",
      "/\\evil.example",
      "\\\\evil.example",
      "/%5Cevil.example",
      "/%5cevil.example",
      "/%2F%2Fevil.example",
      "/%252F%252Fevil.example",
      "/\t/evil.example",
      "/\n/evil.example",
      " //evil.example",
      "https://evil.example",
      "javascript:alert(1)",
      "evil.example",
      "/%E0%A4%A",
      "",
    ]) {
      expect(safeRedirectPath(attack, "/fallback"), attack).toBe("/fallback");
    }
    expect(safeRedirectPath(undefined)).toBe("/");
    expect(safeRedirectPath(["/a"])).toBe("/");
  });
});
