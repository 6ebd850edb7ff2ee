import { expect, test } from "./fixtures";
import { issueAtDesk } from "./pages/desk";
import { signIn } from "./pages/staff";

test("an officer finds the procedure, issues, prints, and revokes a lost slip for a new one", async ({ browser, consoleErrors }) => {
  test.setTimeout(90_000);
  const officer = await signIn(browser, consoleErrors, "congchuc.khason");
  const page = officer.page;
  const code = `E2E-DESK-${Date.now()}`;

  // The procedure list filters as the officer types, ignoring diacritics.
  await page.goto("/desk");
  const options = page.getByLabel("Thủ tục hành chính").locator("option");
  const all = await options.count();
  await page.getByLabel("Tìm thủ tục").fill("ket hon");
  await expect(options).toHaveCount(2);
  await expect(options.nth(1)).toContainText("Đăng ký kết hôn");
  expect(all).toBeGreaterThan(2);

  const first = await issueAtDesk(page, code, { procedureSearch: "kết hôn" });
  await expect(page.getByRole("img", { name: "Mã QR dẫn đến phiếu khảo sát" }).locator("svg")).toBeVisible();
  await expect(page.getByText("Đăng ký kết hôn")).toBeVisible();

  // The same dossier again: the same invitation, said so.
  const again = await issueAtDesk(page, code, { procedureSearch: "kết hôn" });
  expect(again.link).toBe(first.link);
  await expect(page.getByText("Hồ sơ này đã được phát khảo sát trước đó")).toBeVisible();

  // The printable slip, in Vietnamese, with the link and the expiry date.
  await page.getByRole("link", { name: "Giấy in nhiệt 80 mm" }).click();
  const slip = page.locator("article.slip");
  await expect(slip).toContainText("Quét mã QR để đánh giá sự hài lòng");
  await expect(slip).toContainText("Xã Kha Sơn");
  await expect(slip).toContainText(first.link);
  await expect(slip).toContainText(/Hạn đánh giá:\s*\d{2}\/\d{2}\/\d{4}/);
  await expect(page.getByRole("button", { name: "In" })).toBeVisible();

  // The slip was lost: revoke and issue anew. The old link no longer works; the new one does.
  await page.goto(first.invitationUrl);
  await page.getByRole("button", { name: "Thu hồi và phát phiếu mới" }).click();
  await expect(page).not.toHaveURL(first.invitationUrl);
  const renewed = await page.getByTestId("survey-link").getAttribute("href");
  expect(renewed).not.toBe(first.link);
  await page.goto(first.invitationUrl);
  await expect(page.getByTestId("invitation-status")).toHaveText("Đã thu hồi");

  const citizen = await browser.newContext();
  consoleErrors.watch(citizen);
  const phone = await citizen.newPage();
  consoleErrors.allow(/410 \(Gone\)/);
  // The revoked link has its own page, with JavaScript or without, and nothing to answer.
  expect((await phone.goto(first.link))?.status()).toBe(410);
  await expect(phone.getByRole("heading", { level: 1, name: "Phiếu khảo sát đã bị thu hồi" })).toBeVisible();
  await expect(phone.locator("#survey-form")).toHaveCount(0);
  const late = await phone.request.post(`${first.link}/answer`, { form: { version: "1", intent: "submit", "q.S1": "5" }, maxRedirects: 0 });
  expect(late.status()).toBe(410);
  expect(await late.text()).toContain("Phiếu này không còn hiệu lực");
  await phone.goto(renewed!);
  await expect(phone.getByRole("heading", { name: "Phiếu khảo sát sự hài lòng" })).toBeVisible();

  // The recent list shows the dossier with its survey.
  await page.goto("/desk");
  await expect(page.getByRole("row", { name: new RegExp(code) })).toContainText("Đã phát");
  await Promise.all([officer.context.close(), citizen.close()]);
});
