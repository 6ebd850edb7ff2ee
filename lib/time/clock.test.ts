import { afterEach, describe, expect, it } from "vitest";
import { now, setClockForTests } from "./clock";

afterEach(() => setClockForTests(null));

describe("clock", () => {
  it("runs with the system clock unless pinned", () => {
    const before = Date.now();
    const t = now().getTime();
    expect(t).toBeGreaterThanOrEqual(before);
    setClockForTests(new Date("2026-12-02T02:00:00Z"));
    expect(now().toISOString()).toBe("2026-12-02T02:00:00.000Z");
    // A copy: a caller changing it changes nothing.
    now().setUTCFullYear(2000);
    expect(now().toISOString()).toBe("2026-12-02T02:00:00.000Z");
    setClockForTests(null);
    expect(now().getUTCFullYear()).toBeGreaterThan(2000);
  });
});
