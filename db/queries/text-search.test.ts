import { describe, expect, it } from "vitest";
import { foldVietnamese, searchTerms, VIETNAMESE_LETTERS } from "./text-search";

describe("foldVietnamese", () => {
  it("drops tones and vowel marks, folds case, and turns đ/Đ into d", () => {
    expect(foldVietnamese("Hài lòng")).toBe("hai long");
    expect(foldVietnamese("ĐẤT ĐAI")).toBe("dat dai");
    expect(foldVietnamese("Thủ tục rườm rà, chờ đợi lâu")).toBe("thu tuc ruom ra, cho doi lau");
    expect(foldVietnamese("Nguyễn Văn Ất")).toBe("nguyen van at");
  });

  it("reads a decomposed (NFD) text like its precomposed form", () => {
    expect(foldVietnamese("hài lòng".normalize("NFD"))).toBe("hai long");
  });

  it("lists each of the 12 vowels with its 6 tones, lower and upper case, and đ/Đ, as single characters", () => {
    // 12 vowels × 6 tones, less the 6 plain ASCII vowels, then đ; the same in upper case.
    expect(VIETNAMESE_LETTERS).toHaveLength(2 * (12 * 6 - 6 + 1));
    expect(new Set(VIETNAMESE_LETTERS).size).toBe(VIETNAMESE_LETTERS.length);
    for (const ch of VIETNAMESE_LETTERS) {
      expect([...ch]).toHaveLength(1);
      expect(foldVietnamese(ch)).toMatch(/^[a-z]$/);
    }
    expect(VIETNAMESE_LETTERS).toEqual(expect.arrayContaining(["ặ", "Ặ", "ữ", "Ữ", "ỵ", "Ỵ", "đ", "Đ", "ơ", "Ơ"]));
  });
});

describe("searchTerms", () => {
  it("splits on spaces, folds, drops repeats and escapes LIKE's wildcards", () => {
    expect(searchTerms("  Hài   LÒNG hai ")).toEqual(["hai", "long"]);
    expect(searchTerms("100% a_b c\\d")).toEqual(["100\\%", "a\\_b", "c\\\\d"]);
    expect(searchTerms("   ")).toEqual([]);
  });

  it("keeps at most eight words", () => {
    expect(searchTerms("a b c d e f g h i j")).toHaveLength(8);
  });
});
