import fs from "node:fs";
import { defineConfig, devices } from "@playwright/test";

// Test tooling, not the product: it reads its few settings here rather than through lib/env.
const port = Number(process.env.E2E_PORT || 3100);
const baseURL = `http://127.0.0.1:${port}`;

/** The system Chromium (Debian's `chromium` package): browsers cannot be downloaded here. */
function chromiumPath(): string {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  return ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => fs.existsSync(p)) ?? "/usr/bin/chromium";
}

export default defineConfig({
  testDir: "e2e",
  testMatch: "**/*.spec.ts",
  outputDir: `test-results/e2e-${port}`,
  // One server with one embedded database: specs run one after another.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  timeout: 30_000,
  expect: { timeout: 10_000 },
  // Keeps a hung run inside the CI budget (20 minutes for everything).
  globalTimeout: 12 * 60_000,
  reporter: [["list"], ["./e2e/reporters/summary-reporter.ts"]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: {
          executablePath: chromiumPath(),
          args: [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
          ],
        },
      },
    },
  ],
  webServer: {
    // The production server behind its edge (docs/decisions/014), on the build `npm test` made:
    // takes the database's lock, migrates, seeds the demo, issues one live invitation, serves.
    command: "npx tsx scripts/server.ts",
    url: `${baseURL}/api/health`,
    timeout: 300_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 10_000 },
    env: {
      NODE_ENV: "production",
      PORT: String(port),
      // Deleted by `npm test` before each run, so every run starts from a fresh seed.
      DATA_DIR: process.env.E2E_DATA_DIR || ".data/e2e",
      NEXT_DIST_DIR: process.env.E2E_DIST_DIR || ".next-e2e",
      // Never the developer's PostgreSQL: the suite seeds and writes.
      DATABASE_URL: "",
      PUBLIC_URL: baseURL,
      NEXTAUTH_URL: baseURL,
      NEXT_TELEMETRY_DISABLED: "1",
      // The specs play several citizens from one machine through X-Forwarded-For: the runner on
      // loopback is their proxy.
      TRUST_PROXY: "127.0.0.1,::1",
      // `npm test` starts a real SMTP server for the run; without it mail stays queued.
      SMTP_URL: process.env.E2E_SMTP_URL ?? "",
      MAIL_FROM: "Hài Lòng <no-reply@e2e.test>",
    },
  },
});
