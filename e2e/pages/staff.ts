import { expect, type Browser, type BrowserContext, type Page } from "@playwright/test";
import type { ConsoleErrors } from "../fixtures";

export const DEMO_PASSWORD = "demo1234";

// Sessions signed in once per run, by account: each journey gets a context of its own with the
// same cookies, instead of typing the password again (each sign-in costs a password hash on the
// server). Kept in memory only, so every `npm test` signs in afresh against its fresh database.
const sessions = new Map<string, Awaited<ReturnType<BrowserContext["storageState"]>>>();

/**
 * A signed-in staff member in a browser context of their own, on the page their role starts on.
 * The first sign-in of an account in a worker goes through the sign-in form; later ones reuse its
 * session cookie.
 */
export async function signIn(browser: Browser, consoleErrors: ConsoleErrors, username: string): Promise<{ context: BrowserContext; page: Page }> {
  const saved = sessions.get(username);
  const context = await browser.newContext(saved ? { storageState: saved } : {});
  consoleErrors.watch(context);
  const page = await context.newPage();
  if (saved) {
    await page.goto("/after-sign-in");
    // A session that no longer holds (the account changed, say) falls back to the form.
    if (!new URL(page.url()).pathname.startsWith("/login")) {
      await expect(page.getByRole("button", { name: "Đăng xuất" })).toBeVisible();
      return { context, page };
    }
  }
  await page.goto("/login");
  await page.getByLabel("Tên đăng nhập").fill(username);
  await page.getByLabel("Mật khẩu").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await expect(page.getByRole("button", { name: "Đăng xuất" })).toBeVisible();
  sessions.set(username, await context.storageState());
  return { context, page };
}

/** Reads a figure such as "92,61%" or "41.484" as a number. */
export function parseVietnameseNumber(text: string): number {
  const cleaned = text.replace(/[%\s]/g, "").replace(/\./g, "").replace(",", ".");
  return Number(cleaned);
}
