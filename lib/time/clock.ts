/**
 * The one clock. Everything that asks "what time is it" for a business rule (deadlines, the
 * default period, retention, jobs) asks here, so that tests and the demo can set the date:
 *
 * - `CLOCK_AT` (ISO 8601, e.g. `2026-12-02T09:00:00+07:00`) makes a whole process start its clock
 *   at that instant; it then runs at the normal pace, so timeouts and expiries still behave;
 * - `setClockForTests(instant)` pins the clock inside one test process (null restores it).
 *
 * Read straight from process.env rather than lib/env: the clock is needed by code that runs
 * before and outside the server's validated environment (scripts, the seed), and a malformed value
 * must stop the process with one line, which `clockOffsetMs` does.
 */
let pinned: Date | null = null;
let offsetMs: number | undefined;

function clockOffsetMs(): number {
  if (offsetMs !== undefined) return offsetMs;
  const raw = process.env.CLOCK_AT?.trim();
  if (!raw) {
    offsetMs = 0;
    return offsetMs;
  }
  const at = new Date(raw);
  if (Number.isNaN(at.getTime())) throw new Error(`CLOCK_AT=${JSON.stringify(raw)} is not an ISO 8601 date and time`);
  offsetMs = at.getTime() - Date.now();
  return offsetMs;
}

export function now(): Date {
  if (pinned) return new Date(pinned.getTime());
  return new Date(Date.now() + clockOffsetMs());
}

/** Tests only: pins the clock (or, with null, lets it run again). */
export function setClockForTests(instant: Date | null): void {
  pinned = instant ? new Date(instant.getTime()) : null;
}
