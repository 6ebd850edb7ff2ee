import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { expectAxeClean } from "./pages/axe";
import { parseVietnameseNumber, signIn } from "./pages/staff";

// Two widths, each with several page loads and axe runs.
test.describe.configure({ timeout: 180_000 });

// The demo's reporting year: 01/12/2022 – 30/11/2023.
const PERIOD = "ry:2023";
const count = async (page: Page, testId: string) => parseVietnameseNumber((await page.getByTestId(testId).innerText()).match(/[\d.]+/)![0]);

for (const width of [1366, 360]) {
  test(`at ${width} px the district leader reaches the weakest element's comments in one click and finds accented comments without typing diacritics`, async ({ browser, consoleErrors }) => {
    const { page, context } = await signIn(browser, consoleErrors, "lanhdao.huyen");
    await page.setViewportSize({ width, height: 800 });
    await page.goto(`/dashboard?period=${PERIOD}`);

    // The weakest of the five elements, as the overview's table shows them, with its 1s and 2s.
    const figures = await page
      .getByTestId("elements")
      .locator("tbody tr[id^=element-]")
      .evaluateAll((rows) =>
        // A count that links says where it goes after the number, for screen readers: keep the number.
        rows.map((r) => ({ element: r.id.replace("element-", ""), cells: [...r.querySelectorAll("td")].map((td) => (td.textContent ?? "").trim().split(" ")[0]!) })),
      );
    expect(figures).toHaveLength(5);
    // Index, change (and more changes), valid, then 1…5: the index is the first cell, the distribution the last five.
    const weakest = figures.reduce((w, e) => (parseVietnameseNumber(e.cells[0]!) < parseVietnameseNumber(w.cells[0]!) ? e : w));
    const lowAnswers = weakest.cells.slice(-5, -3).reduce((sum, n) => sum + parseVietnameseNumber(n), 0);
    expect(lowAnswers).toBeGreaterThan(0);

    await page.getByTestId(`drill-${weakest.element}`).click();
    await expect(page).toHaveURL(new RegExp(`/dashboard/comments\\?.*element=${weakest.element}&rating=low`));
    await expect(page.getByLabel("Yếu tố", { exact: true })).toHaveValue(weakest.element);
    await expect(page.getByLabel("Mức đánh giá")).toHaveValue("low");
    // Every sheet behind the element's 1s and 2s, commented or not, and only those.
    expect(await count(page, "sheets-count")).toBe(lowAnswers);
    const lowComments = await count(page, "comments-count");
    expect(lowComments).toBeGreaterThan(0);
    expect(lowComments).toBeLessThanOrEqual(lowAnswers);
    const list = page.getByTestId("comments");
    await expect(list.locator(".badge.bad").first()).toBeVisible();
    await expect(list.locator(".badge:not(.bad)")).toHaveCount(0);
    await expectAxeClean(page, `comments filtered to an element at ${width} px`);

    // A low rating opened a case: the leader, who may handle it, follows the link to it.
    if (width === 1366) {
      const caseLink = list.getByTestId("comment-case").first();
      const reference = (await caseLink.innerText()).trim();
      await caseLink.click();
      await expect(page).toHaveURL(/\/cases\/\d+$/);
      await expect(page.getByRole("heading", { level: 1 })).toContainText(reference.replace("Phiếu xử lý ", ""));
      // A case of the district the leader's branch succeeded: readable, not theirs to act on.
      await expect(page.locator("main .notice").first()).toContainText("đơn vị trước sắp xếp: Ông/Bà chỉ xem");
      await expect(page.getByRole("button", { name: "Mở lại phiếu" })).toHaveCount(0);
      await page.goBack();

      // An officer's row leads to the answers about them, S3 only: as many sheets as S3 answers.
      await page.goto(`/dashboard/by/officer?period=${PERIOD}`);
      const officerRow = page.getByTestId("breakdown").locator("tbody tr").first();
      const s3Answers = parseVietnameseNumber((await officerRow.locator("td").last().innerText()).trim());
      await officerRow.getByRole("link").click();
      await expect(page).toHaveURL(/officer=\d+/);
      await expect(page).toHaveURL(/element=officials/);
      await expect(page.getByTestId("officer-filter")).toContainText("chỉ tính yếu tố Công chức");
      expect(await count(page, "sheets-count")).toBe(s3Answers);

      // A unit's figure on the overview leads to that unit's comments.
      await page.goto(`/dashboard?period=${PERIOD}`);
      const commune = page.getByTestId("children").getByRole("link", { name: /xem ý kiến: Xã Kha Sơn/ });
      const communeId = new URL((await commune.getAttribute("href"))!, "http://x").searchParams.get("agency")!;
      await commune.click();
      await expect(page.getByLabel("Đơn vị (gồm cả đơn vị cấp dưới)")).toHaveValue(communeId);
      await expect(page.getByTestId("comments").locator("li").first()).toContainText("Xã Kha Sơn");
    }

    // The filter form works without JavaScript: a plain GET.
    const noScript = await browser.newContext({ javaScriptEnabled: false, storageState: await context.storageState(), viewport: { width, height: 800 } });
    consoleErrors.watch(noScript);
    const plain = await noScript.newPage();
    await plain.goto(`/dashboard/comments?period=${PERIOD}`);
    await plain.getByLabel("Tìm trong nội dung ý kiến").fill("thu tuc dat dai");
    await plain.getByRole("button", { name: "Tìm", exact: true }).click();
    await expect(plain).toHaveURL(/text=thu\+tuc\+dat\+dai/);
    const found = plain.getByTestId("comments").locator(".comment-text");
    await expect(found.first()).toContainText("Thủ tục đất đai");
    for (const text of await found.allInnerTexts()) expect(text.toLowerCase()).toContain("thủ tục đất đai");
    await plain.getByLabel("Tìm trong nội dung ý kiến").fill("HAI LONG");
    await plain.getByLabel("Mức đánh giá").selectOption("high");
    await plain.getByRole("button", { name: "Lọc" }).click();
    await expect(found.first()).toContainText(/hài lòng/i);
    expect(await count(plain, "comments-count")).toBeGreaterThan(0);
    await noScript.close();

    // The same search with JavaScript, checked by axe.
    await page.goto(`/dashboard/comments?period=${PERIOD}&text=${encodeURIComponent("hai long")}`);
    await expect(page.getByTestId("comments").locator(".comment-text").first()).toContainText(/hài lòng/i);
    await expectAxeClean(page, `comments searched at ${width} px`);

    // A value the form never offers: a clear message and no list, not an error page.
    const bad = await page.goto(`/dashboard/comments?period=${PERIOD}&channel=fax&rating=9`);
    expect(bad?.status()).toBe(200);
    await expect(page.getByTestId("filter-invalid")).toHaveAttribute("role", "alert");
    await expect(page.getByTestId("filter-invalid")).toContainText("Giá trị lọc không hợp lệ: mức đánh giá, kênh");
    await expect(page.getByTestId("comments")).toHaveCount(0);
    await context.close();
  });
}
