import { fileURLToPath } from "node:url";
import { configDefaults, defineConfig, type TestProjectInlineConfiguration } from "vitest/config";

const root = fileURLToPath(new URL(".", import.meta.url));
const integrationFiles = ["lib/**/*.int.test.ts", "db/**/*.int.test.ts", "tests/**/*.int.test.ts"];
const testDatabaseUrl = process.env.TEST_DATABASE_URL?.trim() || undefined;

function integration(driver: "pglite" | "postgres"): TestProjectInlineConfiguration {
  return {
    extends: true,
    test: {
      name: `integration-${driver}`,
      include: integrationFiles,
      environment: "node",
      env: { TEST_DRIVER: driver, ...(driver === "postgres" ? { TEST_DATABASE_URL: testDatabaseUrl } : {}) },
      globalSetup: ["tests/helpers/test-db-setup.ts"],
      // Opening PGlite costs seconds on a cold worker (wasm compile + database load).
      testTimeout: 60_000,
      hookTimeout: 60_000,
    },
  };
}

export default defineConfig({
  resolve: {
    alias: [{ find: /^@\//, replacement: `${root}` }],
  },
  test: {
    // Two cores: more workers only make each PGlite start slower.
    maxWorkers: 2,
    reporters: ["default", "./tests/reporters/summary-reporter.ts"],
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["lib/**/*.test.ts", "db/**/*.test.ts", "tests/**/*.test.ts"],
          exclude: [...configDefaults.exclude, "**/*.int.test.ts"],
          environment: "node",
        },
      },
      integration("pglite"),
      ...(testDatabaseUrl ? [integration("postgres")] : []),
    ],
  },
});
