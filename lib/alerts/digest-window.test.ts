import { describe, expect, it } from "vitest";
import { digestWindow } from "./jobs";

describe("digestWindow", () => {
  it("covers the 24 hours up to the latest 07:00 Vietnam time", () => {
    const w = digestWindow(new Date("2026-06-11T07:00:00+07:00"));
    expect(w).toEqual({ day: "2026-06-11", from: new Date("2026-06-10T07:00:00+07:00"), to: new Date("2026-06-11T07:00:00+07:00") });
    // A late run the same day covers the same window; a run before 07:00 the previous one.
    expect(digestWindow(new Date("2026-06-11T23:59:00+07:00"))).toEqual(w);
    expect(digestWindow(new Date("2026-06-11T06:59:00+07:00")).day).toBe("2026-06-10");
  });
});
