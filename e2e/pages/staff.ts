import { expect, type Browser, type BrowserContext, type Page } from "@playwright/test";
import type { ConsoleErrors } from "../fixtures";

export const DEMO_PASSWORD = "demo1234";

/** A signed-in staff member in a browser context of their own. */
export async function signIn(browser: Browser, consoleErrors: ConsoleErrors, username: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext();
  consoleErrors.watch(context);
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByLabel("Tên đăng nhập").fill(username);
  await page.getByLabel("Mật khẩu").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await expect(page.getByRole("button", { name: "Đăng xuất" })).toBeVisible();
  return { context, page };
}

/** Reads a figure such as "92,61%" or "41.484" as a number. */
export function parseVietnameseNumber(text: string): number {
  const cleaned = text.replace(/[%\s]/g, "").replace(/\./g, "").replace(",", ".");
  return Number(cleaned);
}
