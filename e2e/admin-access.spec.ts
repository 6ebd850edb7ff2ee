import { expect, test } from "./fixtures";
import { signIn } from "./pages/staff";

const ADMIN_PAGES = ["/admin", "/admin/agencies", "/admin/reorganisations", "/admin/procedures", "/admin/accounts", "/admin/questionnaires", "/admin/settings", "/admin/audit"];

// Each refused page logs its 403 in the browser console; that is the expected outcome here. The
// 403 page carries no icon link, so Chromium may also ask for /favicon.ico, which does not exist.
const EXPECTED = [/403 \(Forbidden\)/, /404 \(Not Found\) \(http:\/\/127\.0\.0\.1:\d+\/favicon\.ico\)/];

for (const username of ["lanhdao.tinh", "congchuc.motcua"]) {
  test(`${username} gets no administration page`, async ({ browser, consoleErrors }) => {
    for (const pattern of EXPECTED) consoleErrors.allow(pattern);
    const { context, page } = await signIn(browser, consoleErrors, username);
    await expect(page.getByRole("link", { name: "Quản trị" })).toHaveCount(0);
    for (const path of ADMIN_PAGES) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(403);
      await expect(page.getByRole("heading", { name: "Không có quyền truy cập" })).toBeVisible();
      await expect(page.getByRole("navigation", { name: "Mục quản trị" })).toHaveCount(0);
    }
    await context.close();
  });
}

test("an anonymous visitor is sent to sign in from every administration page", async ({ page }) => {
  for (const path of ADMIN_PAGES) {
    await page.goto(path);
    await expect(page).toHaveURL(new RegExp(`/login\\?callbackUrl=${encodeURIComponent(path).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`));
  }
});
