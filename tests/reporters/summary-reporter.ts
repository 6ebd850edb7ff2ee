import fs from "node:fs";
import path from "node:path";
import type { Reporter, SerializedError, TestModule, TestRunEndReason, Vitest } from "vitest/node";

export type Counts = { passed: number; failed: number; skipped: number };

export function countsLine({ passed, failed, skipped }: Counts): string {
  return `${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`;
}

/**
 * Ends the run with one `N passed, N failed` line and leaves the counts in
 * `.test-results/vitest.json` for `npm test`, which adds them to the end-to-end counts.
 */
export default class SummaryReporter implements Reporter {
  private vitest?: Vitest;

  onInit(vitest: Vitest): void {
    this.vitest = vitest;
  }

  onTestRunEnd(
    testModules: ReadonlyArray<TestModule>,
    unhandledErrors: ReadonlyArray<SerializedError>,
    reason: TestRunEndReason,
  ): void {
    const counts: Counts = { passed: 0, failed: 0, skipped: 0 };
    for (const testModule of testModules) {
      let failedHere = 0;
      for (const test of testModule.children.allTests()) {
        const state = test.result().state;
        if (state === "passed") counts.passed++;
        else if (state === "failed") failedHere++;
        else counts.skipped++;
      }
      // A file that fails to load, or whose hooks fail, has no failed test but must not pass.
      if (failedHere === 0 && testModule.state() === "failed") failedHere = 1;
      counts.failed += failedHere;
    }
    counts.failed += unhandledErrors.length;
    // A failed globalSetup (database unreachable) fails the run before any module exists.
    if (reason === "failed" && counts.failed === 0) counts.failed = 1;

    const root = this.vitest?.config.root ?? process.cwd();
    const file = path.join(root, ".test-results", "vitest.json");
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `${JSON.stringify(counts)}\n`);

    const line = countsLine(counts);
    if (this.vitest) this.vitest.logger.log(line);
    else console.log(line);
  }
}
