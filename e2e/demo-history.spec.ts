import { expect, test } from "./fixtures";
import { expectAxeClean } from "./pages/axe";
import { parseVietnameseNumber, signIn } from "./pages/staff";

// The demo's three later reporting years (01/12/2023 – 30/11/2026), across the 01/07/2025 merge.
const THREE_YEARS = "range:2023-12-01..2026-11-30";

test("the province leader reads a merged commune's three-year trend with the merge marked, as recorded and restated", async ({ browser, consoleErrors }) => {
  test.setTimeout(120_000);
  const { page, context } = await signIn(browser, consoleErrors, "lanhdao.tinh");
  // The overview opens on the two-tier province: the merged communes directly under it.
  await page.goto("/dashboard");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Tổng quan: Tỉnh Thái Nguyên");
  const children = page.getByTestId("children");
  for (const name of ["Xã Phú Bình", "Xã Kha Sơn", "Xã Điềm Thụy", "Xã Tân Khánh", "Xã Đồng Hỷ"]) await expect(children.getByRole("row", { name: new RegExp(name) })).toBeVisible();
  await expect(children.getByRole("row", { name: /Huyện Phú Bình/ })).toHaveCount(0);
  expect(parseVietnameseNumber(await page.getByTestId("responses").innerText())).toBeGreaterThan(100);
  const href = await children.getByRole("link", { name: "Xã Kha Sơn", exact: true }).getAttribute("href");
  const khaSon = new URL(href!, "http://x").searchParams.get("agency")!;

  await page.goto(`/dashboard/trend?agency=${khaSon}&period=${THREE_YEARS}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Diễn biến 12 tháng: Xã Kha Sơn");
  const rows = page.getByTestId("trend").locator("tbody tr");
  await expect(rows).toHaveCount(36);
  await expect(page.getByTestId("trend-break")).toHaveCount(1);
  await expect(page.locator(".chart-legend")).toContainText("Sắp xếp đơn vị từ 01/07/2025");
  // As recorded, the commune begins on 01/07/2025: nothing before, answers every month after.
  const responsesOf = async (month: string) => parseVietnameseNumber(await rows.filter({ has: page.getByRole("rowheader", { name: month }) }).locator("td").first().innerText());
  expect(await responsesOf("12/2023")).toBe(0);
  expect(await responsesOf("06/2025")).toBe(0);
  expect(await responsesOf("07/2025")).toBeGreaterThan(20);
  await expectAxeClean(page, "trend over three years");

  // Restated, its past is pooled from the three communes merged into it.
  const views = page.getByTestId("figure-view");
  await views.getByRole("link", { name: "Quy đổi theo cơ cấu hiện nay" }).click();
  await expect(views.getByRole("link", { name: "Quy đổi theo cơ cấu hiện nay" })).toHaveAttribute("aria-current", "page");
  expect(await responsesOf("12/2023")).toBeGreaterThan(20);
  expect(await responsesOf("06/2025")).toBeGreaterThan(20);
  await expect(page.getByTestId("trend-break")).toHaveCount(1);

  // The overview of the reporting year of the merge: as recorded, five months of the new commune;
  // restated, the whole year of the communes merged into it, ranked among today's communes.
  await page.goto(`/dashboard?agency=${khaSon}&period=ry:2025`);
  const recorded = parseVietnameseNumber(await page.getByTestId("responses").innerText());
  await expect(page.locator("[data-testid^=drill-]").first()).toBeVisible();
  await page.getByTestId("figure-view").getByRole("link", { name: "Quy đổi theo cơ cấu hiện nay" }).click();
  await expect(page).toHaveURL(/view=restated/);
  const restated = parseVietnameseNumber(await page.getByTestId("responses").innerText());
  // Restated figures pool several units' answers: they do not lead to one unit's comments.
  await expect(page.locator("[data-testid^=drill-]")).toHaveCount(0);
  expect(restated).toBeGreaterThan(recorded * 1.5);
  await expect(page.getByTestId("sibling-rank")).toHaveText(/Xếp thứ \d+\/\d+ xã, phường, thị trấn, đặc khu/);
  await expectAxeClean(page, "overview restated");
  // Another period keeps the reading: the period form carries it.
  await expect(page.locator("form.period-form input[name=view], .period-form form input[name=view]")).toHaveValue("restated");

  // By procedure: the same year's answers of the merged communes counted in the restated rows.
  const procedures = async () => {
    const cells = await page.getByTestId("breakdown").locator("tbody tr td:first-of-type").allInnerTexts();
    return cells.reduce((n, c) => n + parseVietnameseNumber(c.trim().split(" ")[0]!), 0);
  };
  await page.goto(`/dashboard/by/procedure?agency=${khaSon}&period=ry:2025`);
  const recordedRows = await procedures();
  await page.getByTestId("figure-view").getByRole("link", { name: "Quy đổi theo cơ cấu hiện nay" }).click();
  await expect(page).toHaveURL(/view=restated/);
  expect(await procedures()).toBeGreaterThan(recordedRows * 1.5);

  // The province's communes of 2024 ranked as recorded (the thirteen of then), or restated
  // (today's five, each with the communes merged into it).
  await page.goto("/dashboard/ranking?period=ry:2024");
  const communes = page.locator("[data-testid=peer-group][data-peers='commune:administrative']").getByTestId("ranked").locator("tbody th");
  await expect(communes.filter({ hasText: "Xã Úc Kỳ" })).toHaveCount(1);
  await page.getByTestId("figure-view").getByRole("link", { name: "Quy đổi theo cơ cấu hiện nay" }).click();
  await expect(communes.filter({ hasText: "Xã Úc Kỳ" })).toHaveCount(0);
  await expect(communes.filter({ hasText: "Xã Phú Bình" })).toHaveCount(1);
  await context.close();
});

test("the public page reads a past year as recorded or in today's units, without JavaScript", async ({ browser, page: scripted, consoleErrors }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  consoleErrors.watch(context);
  const page = await context.newPage();
  await page.goto("/cong-khai?period=ry:2024");
  const table = page.locator("main table").first();
  await expect(table.getByRole("rowheader", { name: /Xã Úc Kỳ/ })).toHaveCount(1);
  await page.getByTestId("figure-view").getByRole("link", { name: "Quy đổi theo cơ cấu hiện nay" }).click();
  await expect(page).toHaveURL(/view=restated/);
  await expect(table.getByRole("rowheader", { name: /Xã Úc Kỳ/ })).toHaveCount(0);
  await expect(table.getByRole("rowheader", { name: /Xã Phú Bình/ })).toHaveCount(1);
  await context.close();
  // axe runs in the page: with scripts on.
  await scripted.goto("/cong-khai?period=ry:2024&view=restated");
  await expectAxeClean(scripted, "public page restated");
});

test("the leader of the former district's branch opens the 2023 year on the district it succeeded, one click from today's unit", async ({ browser, consoleErrors }) => {
  const { page, context } = await signIn(browser, consoleErrors, "lanhdao.huyen");
  await page.goto("/dashboard");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Tổng quan: Trung tâm Phục vụ hành chính công tỉnh – Chi nhánh Phú Bình");
  await expect(page.getByTestId("opened-predecessor")).toHaveCount(0);
  await page.goto("/dashboard?period=ry:2023");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Tổng quan: Huyện Phú Bình");
  const notice = page.getByTestId("opened-predecessor");
  await expect(notice).toContainText("theo cơ cấu trước ngày sắp xếp 01/07/2025");
  await expect(notice.getByRole("link")).toHaveAccessibleName(/^xem đơn vị hiện nay ?: Trung tâm Phục vụ hành chính công tỉnh – Chi nhánh Phú Bình$/);
  await expectAxeClean(page, "a past period on the predecessor");
  await notice.getByRole("link").click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Tổng quan: Trung tâm Phục vụ hành chính công tỉnh – Chi nhánh Phú Bình");
  await expect(page.getByTestId("period")).toContainText("Năm báo cáo 2023");
  await context.close();
});
