import { describe, expect, it } from "vitest";
import { acknowledgementMail, fillText, isReferenceCollision } from "./opening";
import { caseStatusPath, caseStatusToken, hashStatusToken, isCaseReference, isWellFormedStatusToken, newCaseReference, normaliseCaseReference } from "./reference";
import { caseReasons, DEFAULT_CASE_RULE } from "./rule";
import { decodeStatusView, encodeStatusView } from "./status";
import { decodeView, encodeView } from "@/lib/survey/submission";

const parsed = (scale: Record<string, number>, comment: string | null = null) => ({
  scale: Object.entries(scale).map(([element, value]) => ({ key: element, element, value })),
  comment,
});

describe("the case rule", () => {
  it("opens a case for low answers and for a comment with contact details", () => {
    expect(caseReasons(DEFAULT_CASE_RULE, { parsed: parsed({ officials: 1, access: 5 }), hasContact: false, verified: true })).toEqual(["low:officials"]);
    expect(caseReasons(DEFAULT_CASE_RULE, { parsed: parsed({ officials: 3 }, "Góp ý"), hasContact: true, verified: true })).toEqual(["comment_contact"]);
    expect(caseReasons(DEFAULT_CASE_RULE, { parsed: parsed({ officials: 3 }, "Góp ý"), hasContact: false, verified: true })).toEqual([]);
  });

  it("opens none for a standing-QR sheet without contact details", () => {
    expect(caseReasons(DEFAULT_CASE_RULE, { parsed: parsed({ officials: 1 }), hasContact: false, verified: false })).toEqual([]);
    expect(caseReasons(DEFAULT_CASE_RULE, { parsed: parsed({ officials: 1 }), hasContact: true, verified: false })).toEqual(["low:officials"]);
  });
});

describe("references and status tokens", () => {
  it("makes short references read out on the phone, typed back in any case", () => {
    const ref = newCaseReference();
    expect(isCaseReference(ref)).toBe(true);
    expect(ref.slice(3)).not.toMatch(/[01ILOUV]/);
    expect(normaliseCaseReference(ref.toLowerCase().replace("-", " "))).toBe(ref);
    expect(normaliseCaseReference("PA-0000")).toBeNull();
  });

  it("derives a 128-bit status token from the secret and reference, independent of each", () => {
    const token = caseStatusToken("secret-one-1234567", "PA-ABCDEF");
    expect(isWellFormedStatusToken(token)).toBe(true);
    expect(Buffer.from(token, "base64url")).toHaveLength(16);
    expect(caseStatusToken("secret-one-1234567", "PA-ABCDEF")).toBe(token);
    expect(caseStatusToken("secret-two-1234567", "PA-ABCDEF")).not.toBe(token);
    expect(caseStatusToken("secret-one-1234567", "PA-ABCDEG")).not.toBe(token);
    expect(hashStatusToken(token)).not.toContain(token);
    expect(caseStatusPath(token)).toBe(`/theo-doi/${token}`);
  });
});

describe("citizen mail", () => {
  it("fills placeholders once, so a reply cannot inject another placeholder", () => {
    expect(fillText("{a} and {b}", { a: "{b}", b: "x" })).toBe("{b} and x");
    expect(fillText("{missing}", {})).toBe("{missing}");
  });

  it("acknowledges with the reference and the status address, in the sheet's language", () => {
    const vi = acknowledgementMail("vi", "PA-ABCDEF", "A".repeat(22));
    expect(vi.subject).toContain("PA-ABCDEF");
    expect(vi.body).toContain(`/theo-doi/${"A".repeat(22)}`);
    expect(vi.body).toMatch(/Kính gửi/);
    expect(acknowledgementMail("en", "PA-ABCDEF", "A".repeat(22)).body).toMatch(/Dear citizen/);
  });

  it("recognises a reference collision from either driver's error shape", () => {
    expect(isReferenceCollision({ code: "23505", constraint: "cases_reference_key" })).toBe(true);
    expect(isReferenceCollision({ cause: { code: "23505", constraint_name: "cases_reference_key" } })).toBe(true);
    expect(isReferenceCollision({ code: "23505", constraint: "responses_invitation_key" })).toBe(false);
    expect(isReferenceCollision(new Error("other"))).toBe(false);
  });
});

describe("the status page's signed view", () => {
  it("accepts only views signed with the server secret", () => {
    const encoded = encodeStatusView("secret-1234567890", { state: "open" });
    expect(decodeStatusView("secret-1234567890", encoded)).toEqual({ state: "open" });
    expect(decodeStatusView("another-secret-123", encoded)).toBeNull();
    const forged = `${Buffer.from(JSON.stringify({ state: "open" })).toString("base64url")}.x`;
    expect(decodeStatusView("secret-1234567890", forged)).toBeNull();
    expect(decodeStatusView("secret-1234567890", null)).toBeNull();
  });
});

describe("the thank-you view of a sheet that opened a case", () => {
  it("carries the reference and status token only inside a signed view", () => {
    const view = { thanks: { reference: "PA-ABCDEF", statusToken: "A".repeat(22), replyDueOn: "2026-05-12" } };
    const encoded = encodeView("secret-1234567890", view);
    expect(decodeView("secret-1234567890", encoded)).toEqual(view);
    expect(decodeView("another-secret-123", encoded)).toBeNull();
    expect(decodeView("secret-1234567890", encodeView("secret-1234567890", { thanks: { ...view.thanks, reference: "<b>" } }))).toBeNull();
  });
});
