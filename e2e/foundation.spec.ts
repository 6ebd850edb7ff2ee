import { expect, test } from "./fixtures";
import { parseVietnameseNumber, signIn } from "./pages/staff";

// The reporting year that contains today (01/12 – 30/11, Vietnam time).
function currentReportingYear(): number {
  const local = new Date(Date.now() + 7 * 3600 * 1000);
  return local.getUTCMonth() === 11 ? local.getUTCFullYear() + 1 : local.getUTCFullYear();
}

test("an officer issues a survey, a citizen answers it once, and the leader's figure moves", async ({ browser, consoleErrors }) => {
  const year = currentReportingYear();
  // Since 01/07/2025 Kha Sơn is a commune directly under the province.
  const leader = await signIn(browser, consoleErrors, "lanhdao.tinh");
  const dashboard = `/dashboard?year=${year}`;
  await leader.page.goto(dashboard);
  await expect(leader.page.getByRole("heading", { level: 1 })).toContainText("Tỉnh Thái Nguyên");
  const responsesBefore = parseVietnameseNumber(await leader.page.getByTestId("responses").innerText());
  const khaSonBefore = await leader.page.getByTestId("children").getByRole("row", { name: /Xã Kha Sơn/ }).innerText();

  // The officer at Kha Sơn commune hands over a result and issues its survey.
  const officer = await signIn(browser, consoleErrors, "congchuc.khason");
  await officer.page.goto("/desk");
  const dossierCode = `E2E-${Date.now()}`;
  await officer.page.getByLabel("Mã hồ sơ").fill(dossierCode);
  await officer.page.getByLabel("Thủ tục hành chính").selectOption({ index: 1 });
  await officer.page.getByRole("button", { name: "Ghi nhận đã trả kết quả và phát khảo sát" }).click();
  await expect(officer.page.getByRole("heading", { name: "Phiếu khảo sát sự hài lòng" })).toBeVisible();
  await expect(officer.page.getByRole("img", { name: "Mã QR dẫn đến phiếu khảo sát" }).locator("svg")).toBeVisible();
  await expect(officer.page.getByText(dossierCode)).toBeVisible();
  const link = await officer.page.getByTestId("survey-link").getAttribute("href");
  expect(link).toMatch(/\/s\/[A-Za-z0-9_-]{22}$/);

  // The same dossier again shows the same invitation, not a second token.
  await officer.page.goto("/desk");
  await officer.page.getByLabel("Mã hồ sơ").fill(dossierCode);
  await officer.page.getByLabel("Thủ tục hành chính").selectOption({ index: 1 });
  await officer.page.getByRole("button", { name: "Ghi nhận đã trả kết quả và phát khảo sát" }).click();
  await expect(officer.page.getByTestId("survey-link")).toHaveAttribute("href", link!);

  // A citizen, on a phone-sized screen with no account, answers.
  const citizenContext = await browser.newContext({ viewport: { width: 360, height: 740 } });
  consoleErrors.watch(citizenContext);
  const citizen = await citizenContext.newPage();
  await citizen.goto(link!);
  await expect(citizen.getByRole("heading", { name: "Phiếu khảo sát sự hài lòng" })).toBeVisible();
  const answers: [RegExp, string][] = [
    [/tiếp cận dịch vụ/, "Rất hài lòng"],
    [/thủ tục hành chính/, "Hài lòng"],
    [/sự phục vụ của công chức/, "Rất hài lòng"],
    [/kết quả giải quyết/, "Không hài lòng"],
    [/góp ý, phản ánh/, "Không áp dụng / không có ý kiến"],
  ];
  for (const [question, answer] of answers) {
    await citizen.getByRole("group", { name: question }).getByRole("radio", { name: answer, exact: true }).check();
  }
  await citizen.getByRole("button", { name: "Gửi đánh giá" }).click();
  await expect(citizen.getByRole("heading", { name: "Cảm ơn Ông/Bà đã đánh giá" })).toBeVisible();

  // Opening the link again says it has been answered.
  await citizen.goto(link!);
  await expect(citizen.getByRole("heading", { name: "Phiếu này đã được trả lời" })).toBeVisible();

  // The leader's figures for the province and for Kha Sơn now include the answer.
  await leader.page.goto(dashboard);
  await expect(leader.page.getByTestId("responses")).toHaveText(String(responsesBefore + 1));
  const khaSonAfter = await leader.page.getByTestId("children").getByRole("row", { name: /Xã Kha Sơn/ }).innerText();
  expect(khaSonAfter).not.toBe(khaSonBefore);

  await Promise.all([leader.context.close(), officer.context.close(), citizenContext.close()]);
});

test("a commune leader sees only their commune, and nothing of another", async ({ browser, consoleErrors }) => {
  // Ids of the district and of another commune, as the district leader sees them.
  const district = await signIn(browser, consoleErrors, "lanhdao.huyen");
  await district.page.goto("/dashboard?year=2023");
  const districtId = await district.page.locator("input[name=agency]").inputValue();
  const otherHref = await district.page.getByTestId("children").getByRole("link", { name: "Thị trấn Hương Sơn", exact: true }).getAttribute("href");
  const otherId = new URL(otherHref!, "http://x").searchParams.get("agency");
  await district.context.close();

  const leader = await signIn(browser, consoleErrors, "lanhdao.khason");
  await leader.page.goto("/dashboard?year=2026");
  await expect(leader.page.getByRole("heading", { level: 1 })).toContainText("Kha Sơn");
  const headline = parseVietnameseNumber(await leader.page.getByTestId("headline").locator(".value").innerText());
  expect(headline).toBeGreaterThan(50);
  await expect(leader.page.getByTestId("children")).toHaveCount(0);

  for (const id of [districtId, otherId]) {
    consoleErrors.allow(`404 (Not Found) (http://127.0.0.1:${new URL(leader.page.url()).port}/dashboard?agency=${id}&year=2023)`);
    const response = await leader.page.goto(`/dashboard?agency=${id}&year=2023`);
    expect(response?.status()).toBe(404);
    await expect(leader.page.getByText("Hương Sơn")).toHaveCount(0);
  }
  await leader.context.close();
});

test("an officer may not open the leaders' figures, and an anonymous visitor is sent to sign in", async ({ browser, page, consoleErrors }) => {
  const officer = await signIn(browser, consoleErrors, "congchuc.khason");
  consoleErrors.allow(/403 \(Forbidden\) \(http:\/\/127\.0\.0\.1:\d+\/dashboard\)/);
  const response = await officer.page.goto("/dashboard");
  expect(response?.status()).toBe(403);
  await expect(officer.page.getByRole("heading", { name: "Không có quyền truy cập" })).toBeVisible();
  // The way on: the home page, with the officer's own pages in its header.
  await officer.page.getByRole("link", { name: "Trang chủ" }).click();
  await expect(officer.page).toHaveURL(/\/$/);
  await expect(officer.page.getByRole("link", { name: "Quầy tiếp nhận" })).toBeVisible();
  await officer.context.close();

  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fdashboard/);
});
