import { describe, expect, it } from "vitest";
import { jobs } from "./registry";
import { failureReason, nextTick, previousTick } from "./schedule";

describe("schedules in Vietnam time", () => {
  it("reads 06:00 as 06:00 in Hà Nội (23:00 UTC the day before), a tick at the instant itself being due", () => {
    const at = new Date("2026-12-02T05:30:00+07:00");
    expect(previousTick("0 6 * * *", at).toISOString()).toBe("2026-11-30T23:00:00.000Z");
    expect(nextTick("0 6 * * *", at).toISOString()).toBe("2026-12-01T23:00:00.000Z");
    const exactly = new Date("2026-12-02T06:00:00+07:00");
    expect(previousTick("0 6 * * *", exactly).toISOString()).toBe(exactly.toISOString());
    expect(nextTick("0 6 * * *", exactly).toISOString()).toBe("2026-12-02T23:00:00.000Z");
  });

  it("puts the weekly digest on Monday 07:00 and registers each job once with a valid expression", () => {
    // Wednesday 2 December 2026: the last Monday 07:00 was 30 November.
    expect(previousTick("0 7 * * 1", new Date("2026-12-02T10:00:00+07:00")).toISOString()).toBe("2026-11-30T00:00:00.000Z");
    expect(new Set(jobs.map((j) => j.name)).size).toBe(jobs.length);
    expect(jobs.map((j) => j.name).sort()).toEqual(
      ["carry-out-reorganisations", "compact-rollups", "contact-retention", "daily-alerts", "daily-digest", "deliver-outbox", "escalate-overdue-cases", "weekly-digest"].sort(),
    );
    for (const job of jobs) expect(() => nextTick(job.cron, new Date())).not.toThrow();
  });

  it("keeps failure reasons short and free of message text", () => {
    expect(failureReason(Object.assign(new Error("secret text"), { code: "ECONNREFUSED" }))).toBe("ECONNREFUSED");
    expect(failureReason(new TypeError("secret text"))).toBe("TypeError");
    expect(failureReason(new Error("secret text"))).toBe("error");
  });
});
