import { describe, expect, it } from "vitest";
import { caseStatusToken, isCaseReference, isWellFormedStatusToken, newCaseReference, normaliseCaseReference } from "./reference";

describe("case references", () => {
  it("are short, unambiguous and read back whatever the case or spacing", () => {
    for (let i = 0; i < 200; i++) {
      const ref = newCaseReference();
      expect(isCaseReference(ref)).toBe(true);
      expect(ref.slice(3)).not.toMatch(/[01OILUV]/);
    }
    expect(normaliseCaseReference(" pa 7kq4m9 ")).toBe("PA-7KQ4M9");
    expect(normaliseCaseReference("7KQ4-M9")).toBe("PA-7KQ4M9");
    expect(normaliseCaseReference("PA-7KQ4M0")).toBeNull();
  });

  it("uses every symbol with the same chance (rejection sampling)", () => {
    // Bytes 0..231 map evenly onto 29 symbols; 232..255 are skipped: 250 is dropped, 1..6 give "345678".
    const ref = newCaseReference((n) => Buffer.from(Array.from({ length: n }, (_, i) => (i === 0 ? 250 : i))));
    expect(ref).toBe("PA-345678");
  });

  it("derives a status token independent of the survey token, stable for staff to derive again", () => {
    const a = caseStatusToken("secret-one-0123456789", "PA-7KQ4M9");
    expect(isWellFormedStatusToken(a)).toBe(true);
    expect(caseStatusToken("secret-one-0123456789", "PA-7KQ4M9")).toBe(a);
    expect(caseStatusToken("secret-two-0123456789", "PA-7KQ4M9")).not.toBe(a);
    expect(caseStatusToken("secret-one-0123456789", "PA-7KQ4MA")).not.toBe(a);
  });
});
