import { chromium } from "playwright";
const base = "http://127.0.0.1:3197";
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium" });
for (const width of [360, 1366]) {
const ctx = await browser.newContext({ viewport: { width, height: 740 } });
const page = await ctx.newPage();
await page.goto(base + "/login");
await page.getByLabel("Tên đăng nhập").fill("lanhdao.huyen");
await page.getByLabel("Mật khẩu").fill("demo1234");
await Promise.all([page.waitForURL((u) => !u.pathname.startsWith("/login")), page.getByRole("button", { name: "Đăng nhập" }).click()]);
for (const p of process.argv.slice(2)) {
  await page.goto(base + p);
  const sw = await page.evaluate(() => document.documentElement.scrollWidth);
  console.log(width, p, sw);
}
await ctx.close();
}
await browser.close();
