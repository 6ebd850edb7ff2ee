import fs from "node:fs";
import path from "node:path";
import type { FullConfig, FullResult, Reporter, Suite, TestError } from "@playwright/test/reporter";

/** Leaves the end-to-end counts in `.test-results/playwright.json` for `npm test`. */
export default class SummaryReporter implements Reporter {
  private root?: Suite;
  private dir = process.cwd();
  private globalErrors = 0;

  onBegin(config: FullConfig, suite: Suite): void {
    this.root = suite;
    if (config.configFile) this.dir = path.dirname(config.configFile);
  }

  onError(_error: TestError): void {
    // A web server that never came up, a broken config: no test failed, yet the run did.
    this.globalErrors++;
  }

  onEnd(result: FullResult): void {
    const counts = { passed: 0, failed: 0, skipped: 0 };
    for (const test of this.root?.allTests() ?? []) {
      const outcome = test.outcome();
      if (outcome === "expected" || outcome === "flaky") counts.passed++;
      else if (outcome === "unexpected") counts.failed++;
      else counts.skipped++;
    }
    counts.failed += this.globalErrors;
    if (result.status !== "passed" && counts.failed === 0) counts.failed = 1;
    const file = path.join(this.dir, ".test-results", "playwright.json");
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `${JSON.stringify(counts)}\n`);
  }

  printsToStdio(): boolean {
    return false;
  }
}
