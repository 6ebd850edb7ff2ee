import { afterEach, describe, expect, it, vi } from "vitest";

// lib/env.ts reads the environment once per module instance: each case loads fresh modules.
async function optionsUnder(publicUrl: string) {
  vi.resetModules();
  vi.stubEnv("PUBLIC_URL", publicUrl);
  vi.stubEnv("NEXTAUTH_SECRET", "test-secret-test-secret-test-secret");
  const { authOptions } = await import("@/lib/auth/options");
  return authOptions();
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("the staff session cookie", () => {
  it("is Secure when PUBLIC_URL is https, and not over plain http", async () => {
    expect((await optionsUnder("https://hailong.example.gov.vn")).useSecureCookies).toBe(true);
    expect((await optionsUnder("http://localhost:3000")).useSecureCookies).toBe(false);
  });
});
