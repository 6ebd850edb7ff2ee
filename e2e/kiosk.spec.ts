import { expect, test } from "./fixtures";
import { issueAtDesk } from "./pages/desk";
import { DEMO_PASSWORD, signIn } from "./pages/staff";

const IDLE_TITLE = "Kính chào Ông/Bà!";

test("the counter tablet picks up the survey, takes the answer, and goes back to idle", async ({ browser, consoleErrors }) => {
  test.setTimeout(90_000);
  // The tablet has no sign-out button for citizens to press: it signs in and lands on its idle screen.
  const tabletContext = await browser.newContext();
  consoleErrors.watch(tabletContext);
  const tablet = { context: tabletContext, page: await tabletContext.newPage() };
  await tablet.page.clock.install();
  await tablet.page.goto("/login?callbackUrl=/kiosk");
  await tablet.page.getByLabel("Tên đăng nhập").fill("kiosk.motcua");
  await tablet.page.getByLabel("Mật khẩu").fill(DEMO_PASSWORD);
  await tablet.page.getByRole("button", { name: "Đăng nhập" }).click();
  await expect(tablet.page.getByRole("heading", { name: IDLE_TITLE })).toBeVisible();
  await expect(tablet.page.getByText("Quầy số 1")).toBeVisible();

  // The officer at the same desk issues: the tablet is the default there.
  const officer = await signIn(browser, consoleErrors, "congchuc.motcua");
  await officer.page.goto("/desk");
  await expect(officer.page.getByLabel("Hiển thị phiếu trên máy tính bảng tại quầy")).toBeChecked();
  const first = await issueAtDesk(officer.page, `E2E-KIOSK-${Date.now()}`);
  await expect(officer.page.getByText("Phiếu đã được gửi lên máy tính bảng tại quầy.")).toBeVisible();
  const issuedAt = Date.now();

  // Within 2 s (polled every second) the survey is on the tablet.
  const frame = tablet.page.frameLocator("iframe[title='Phiếu khảo sát']");
  await expect(frame.getByRole("heading", { name: "Phiếu khảo sát sự hài lòng" })).toBeVisible({ timeout: 4_000 });
  expect(Date.now() - issuedAt).toBeLessThan(4_000);
  const token = first.link.split("/s/")[1]!;
  await expect(tablet.page.locator("iframe")).toHaveAttribute("src", `/s/${token}`);

  for (const question of [/tiếp cận dịch vụ/, /thủ tục hành chính/, /sự phục vụ của công chức/, /kết quả giải quyết/]) {
    await frame.getByRole("group", { name: question }).getByRole("radio", { name: "Hài lòng", exact: true }).check();
  }
  await frame.getByRole("group", { name: /góp ý, phản ánh/ }).getByRole("radio", { name: "Không áp dụng / không có ý kiến", exact: true }).check();
  await frame.getByRole("button", { name: "Gửi đánh giá" }).click();
  await expect(tablet.page.getByRole("heading", { name: "Cảm ơn Ông/Bà đã đánh giá!" })).toBeVisible();
  await expect(tablet.page.locator("iframe")).toHaveCount(0);
  await tablet.page.clock.fastForward(7_000);
  await expect(tablet.page.getByRole("heading", { name: IDLE_TITLE })).toBeVisible();
  await expect(tablet.page.locator("iframe")).toHaveCount(0);
  await expect(tablet.page.getByText("Hài lòng", { exact: true })).toHaveCount(0);

  // The answer is recorded for the invitation the officer issued.
  await officer.page.goto(first.invitationUrl);
  await expect(officer.page.getByTestId("invitation-status")).toHaveText("Đã trả lời");

  // The next citizen walks away without answering: after 90 s the tablet resets.
  await issueAtDesk(officer.page, `E2E-KIOSK-${Date.now()}-2`);
  await expect(frame.getByRole("heading", { name: "Phiếu khảo sát sự hài lòng" })).toBeVisible({ timeout: 4_000 });
  await frame.getByRole("group", { name: /tiếp cận dịch vụ/ }).getByRole("radio", { name: "Rất hài lòng", exact: true }).check();
  await tablet.page.clock.fastForward(60_000);
  await expect(tablet.page.locator("iframe")).toHaveCount(1);
  await tablet.page.clock.fastForward(91_000);
  await expect(tablet.page.getByRole("heading", { name: IDLE_TITLE })).toBeVisible();
  await expect(tablet.page.locator("iframe")).toHaveCount(0);
  // The abandoned survey does not come back.
  await tablet.page.clock.fastForward(3_000);
  await expect(tablet.page.locator("iframe")).toHaveCount(0);

  // The tablet reads nothing else: not the desk, not the figures.
  consoleErrors.allow(/403 \(Forbidden\)/);
  expect((await tablet.page.goto("/desk"))?.status()).toBe(403);
  expect((await tablet.page.goto("/dashboard"))?.status()).toBe(403);
  await Promise.all([tablet.context.close(), officer.context.close()]);
});
