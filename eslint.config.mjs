import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const appImport = {
  group: ["@/app", "@/app/*", "../app/*", "../../app/*", "../../../app/*"],
  message: "Data flows app → lib → db: lib/ and db/ never import from app/.",
};

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  {
    files: ["lib/**/*.{ts,tsx}", "db/**/*.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: [appImport] }] },
  },
  {
    // The Drizzle client is owned by db/ and by lib/ services that run transactions.
    files: ["app/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: ["drizzle-orm", "drizzle-orm/*"], message: "Pages and routes call lib/, not the ORM." }] },
      ],
    },
  },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-console": "off",
    },
  },
  globalIgnores([
    "node_modules/**",
    ".next/**",
    ".next-*/**",
    ".data/**",
    ".data-*/**",
    "db/migrations/**",
    "next-env.d.ts",
    "test-results/**",
    "playwright-report/**",
  ]),
]);
