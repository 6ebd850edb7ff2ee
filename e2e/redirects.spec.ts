import { expect, test } from "./fixtures";

// Every redirect that takes its target from the request stays on this site (lib/http/redirect-target.ts).
for (const back of ["/%5Cevil.example", "//evil.example", "/%2F%2Fevil.example", "/\\evil.example", "/%09/evil.example", "https://evil.example"]) {
  test(`the language switch does not send a visitor to another site (back=${back})`, async ({ request }) => {
    const response = await request.get(`/lang?to=en&back=${back}`, { maxRedirects: 0 });
    expect(response.status()).toBe(303);
    expect(response.headers().location).toBe("/");
  });
}

test("the language switch returns to the page it came from", async ({ request }) => {
  const response = await request.get(`/lang?to=en&back=${encodeURIComponent("/cong-khai?period=m:2023-11")}`, { maxRedirects: 0 });
  expect(response.status()).toBe(303);
  expect(response.headers().location).toBe("/cong-khai?period=m:2023-11");
});

test("the sign-in page keeps only a same-site return path", async ({ page }) => {
  await page.goto("/login?callbackUrl=%2F%5Cevil.example");
  // The form's target is not rendered as a link; after sign-in the role's home is used instead.
  await page.getByLabel("Tên đăng nhập").fill("lanhdao.huyen");
  await page.getByLabel("Mật khẩu").fill("demo1234");
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await expect(page).toHaveURL(/\/dashboard/);
});
