import { describe, expect, it } from "vitest";
import { normalisePhone, parseContact } from "./contact";
import { readSurveyForm } from "./submission";

describe("Vietnamese phone numbers", () => {
  it.each([
    ["0912345678", "0912345678"],
    ["0912 345 678", "0912345678"],
    ["091.234.5678", "0912345678"],
    ["+84 912 345 678", "0912345678"],
    ["84912345678", "0912345678"],
    ["0389-123-456", "0389123456"],
    ["0208 3851 234", "02083851234"],
  ])("accepts %s", (input, expected) => {
    expect(normalisePhone(input)).toBe(expected);
  });

  it.each(["12345", "0112345678", "091234567", "09123456789", "+1 415 555 0100", "0912345678 gọi tối", "0".repeat(40)])("refuses %s", (input) => {
    expect(normalisePhone(input)).toBeNull();
  });
});

describe("contact consent", () => {
  it("takes nothing without details, and nothing without consent", () => {
    expect(parseContact({ consent: false, phone: " ", email: "" })).toEqual({ ok: true, value: null });
    expect(parseContact({ consent: false, phone: "0912345678", email: "" })).toEqual({ ok: false, error: "contact_consent" });
    expect(parseContact({ consent: true, phone: "", email: "" })).toEqual({ ok: false, error: "contact_missing" });
    expect(parseContact({ consent: true, phone: "", email: "a@b" })).toEqual({ ok: false, error: "contact_email" });
    expect(parseContact({ consent: true, phone: "", email: "Ten@Example.VN" })).toEqual({ ok: true, value: { phone: null, email: "ten@example.vn" } });
  });
});

describe("reading a posted survey form", () => {
  it("collects answers, repeated options and the contact block", () => {
    const read = readSurveyForm([
      ["version", "3"],
      ["q.S1", "5"],
      ["q.E", "a"],
      ["q.E", "b"],
      ["contact.consent", "yes"],
      ["contact.phone", "0912345678"],
      ["intent", "submit"],
    ]);
    expect(read).toEqual({ ok: true, intent: "submit", versionId: 3, values: { S1: "5", E: ["a", "b"] }, contact: { consent: true, phone: "0912345678", email: "" } });
  });

  it("refuses fields the form does not have, keeping the answers", () => {
    expect(readSurveyForm([["q.S1", "4"], ["admin", "1"]])).toMatchObject({ ok: false, error: "unexpected_field", values: { S1: "4" } });
    expect(readSurveyForm([["q.C", "x".repeat(9000)]])).toMatchObject({ ok: false, error: "malformed" });
  });

  it("reads the language switch", () => {
    expect(readSurveyForm([["intent", "lang:en"]])).toMatchObject({ ok: true, intent: { lang: "en" } });
  });
});
