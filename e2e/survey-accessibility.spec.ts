import { demoYearTokens } from "@/lib/demo/seed";
import { expect, test } from "./fixtures";
import { expectAxeClean } from "./pages/axe";
import { citizenPhone, expectNoHorizontalScroll, issueSurveyLinks, SCALE_QUESTIONS_VI } from "./pages/citizen";


test("axe finds no WCAG 2.2 A/AA violation on the survey, its error state, the thank-you page and every refusal page", async ({ browser, consoleErrors }) => {
  test.setTimeout(150_000);
  consoleErrors.allow(/status of (404|410|422|429)/);
  const [link] = await issueSurveyLinks(browser, consoleErrors, 1);
  // axe runs as a script in the page, so JavaScript is on; the page itself renders the same without it.
  const { context, page } = await citizenPhone(browser, consoleErrors);
  await page.goto(link!);
  await expectAxeClean(page, "survey");
  await page.getByRole("button", { name: "Gửi đánh giá" }).click();
  await expect(page.locator("#error-summary")).toBeVisible();
  await expectAxeClean(page, "survey with errors");
  await page.getByRole("button", { name: "English" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Satisfaction survey" })).toBeVisible();
  await expectAxeClean(page, "survey in English");
  await page.getByRole("button", { name: "Tiếng Việt" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Phiếu khảo sát sự hài lòng" })).toBeVisible();
  for (const q of SCALE_QUESTIONS_VI) await page.getByRole("group", { name: q }).getByRole("radio", { name: "Rất hài lòng", exact: true }).check();
  await page.getByRole("button", { name: "Gửi đánh giá" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Cảm ơn Ông/Bà đã đánh giá" })).toBeVisible();
  await expectAxeClean(page, "thank-you page");
  await page.goto(link!);
  await expect(page.getByRole("heading", { level: 1, name: "Phiếu này đã được trả lời" })).toBeVisible();
  await expectAxeClean(page, "already answered");

  for (const token of demoYearTokens(12)) {
    await page.goto(`/s/${token}`);
    if ((await page.getByRole("heading", { level: 1 }).innerText()) === "Phiếu khảo sát đã hết hạn") break;
  }
  await expect(page.getByRole("heading", { level: 1, name: "Phiếu khảo sát đã hết hạn" })).toBeVisible();
  await expectAxeClean(page, "expired");

  await page.goto(`/s/${"N".repeat(22)}`);
  await expect(page.getByRole("heading", { level: 1, name: "Không tìm thấy phiếu khảo sát" })).toBeVisible();
  await expectAxeClean(page, "not found");

  await page.goto("/q/PB-MOTCUA");
  await expectAxeClean(page, "standing QR survey");
  await context.close();

  const guesser = await citizenPhone(browser, consoleErrors);
  for (let i = 0; i < 11; i++) await guesser.page.goto(`/s/${"W".repeat(20)}${String(i).padStart(2, "0")}`);
  await expect(guesser.page.getByRole("heading", { level: 1, name: "Quá nhiều lần thử" })).toBeVisible();
  await expectAxeClean(guesser.page, "too many attempts");
  await guesser.context.close();
});

test("the survey works at 360 px and at 200 % zoom: nothing cut off, every answer reachable", async ({ browser, consoleErrors }) => {
  test.setTimeout(60_000);
  const [phone, zoomed] = await issueSurveyLinks(browser, consoleErrors, 2);
  // 200 % zoom of a 1280 px window lays the page out in 640 CSS pixels, at twice the density.
  for (const [token, options] of [
    [phone, { viewport: { width: 360, height: 740 } }],
    [zoomed, { viewport: { width: 640, height: 400 }, deviceScaleFactor: 2 }],
  ] as const) {
    const { context, page } = await citizenPhone(browser, consoleErrors, options);
    await page.goto(token!);
    await expectNoHorizontalScroll(page);
    for (const q of SCALE_QUESTIONS_VI) {
      const radio = page.getByRole("group", { name: q }).getByRole("radio", { name: "Hài lòng", exact: true });
      await radio.scrollIntoViewIfNeeded();
      await page.getByRole("group", { name: q }).getByText("Hài lòng", { exact: true }).click();
      await expect(radio).toBeChecked();
    }
    const submit = page.getByRole("button", { name: "Gửi đánh giá" });
    await submit.scrollIntoViewIfNeeded();
    const box = await submit.boundingBox();
    expect(box!.x + box!.width).toBeLessThanOrEqual(options.viewport.width);
    await submit.click();
    await expect(page.getByRole("heading", { level: 1, name: "Cảm ơn Ông/Bà đã đánh giá" })).toBeVisible();
    await expectNoHorizontalScroll(page);
    await context.close();
  }
});
