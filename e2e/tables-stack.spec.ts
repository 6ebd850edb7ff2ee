import type { Locator, Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { expectAxeClean } from "./pages/axe";
import { signIn } from "./pages/staff";

// The demo's reporting year: 01/12/2022 – 30/11/2023.
const PERIOD = "ry:2023";
const PHONE = { width: 360, height: 740 };
const DESKTOP = { width: 1366, height: 768 };

/**
 * The cells of the page's tables, and what they hold, whose right edge lies beyond the viewport's
 * (each with its text); and the tables' wrappers that still scroll sideways.
 */
async function beyondScreen(page: Page, width: number): Promise<string[]> {
  const cells = page.locator("table tbody").locator("th, td, th *, td *");
  expect(await cells.count()).toBeGreaterThan(0);
  const beyond: string[] = [];
  for (const cell of await cells.all()) {
    const box = await cell.boundingBox();
    if (box && box.width > 1 && box.x + box.width > width + 0.5) beyond.push(`${(await cell.innerText()).trim()} (right edge ${Math.round(box.x + box.width)} px)`);
  }
  const scrolling = await page.locator(".table-wrap").evaluateAll((wraps) => wraps.filter((w) => w.scrollWidth > w.clientWidth + 1).map((w) => w.getAttribute("aria-label") ?? w.querySelector("table")?.dataset.testid ?? "a table"));
  return [...beyond, ...scrolling.map((name) => `${name} scrolls sideways`)];
}

/** What a card shows before a cell's value: the column heading drawn from its data-label. */
const labelShown = (cell: Locator) => cell.evaluate((td) => getComputedStyle(td, "::before").content);

test.describe.configure({ timeout: 120_000 });

test("at 360 px the ranking shows each unit as a card of labelled figures within the screen; at 1366 px it stays a table", async ({ browser, consoleErrors }) => {
  const { page, context } = await signIn(browser, consoleErrors, "lanhdao.huyen");
  await page.setViewportSize(PHONE);
  await page.goto(`/dashboard/ranking?period=${PERIOD}`);
  const ranked = page.getByTestId("ranked").first();
  await expect(ranked).toBeVisible();
  expect(await beyondScreen(page, PHONE.width)).toEqual([]);

  // A card: the unit's name as its title, above its figures, each figure with its heading.
  const card = ranked.locator("tbody tr").first();
  const title = card.getByRole("rowheader");
  const rank = card.getByTestId("rank");
  await expect(rank).toHaveAttribute("data-label", "Hạng");
  await expect(rank).toHaveText(/^1 trên \d+$/);
  expect(await labelShown(rank)).toContain("Hạng");
  const responses = card.locator('td[data-label="Số phiếu trả lời"]');
  await expect(responses).toHaveText(/^[\d.]+$/);
  expect(await labelShown(responses)).toContain("Số phiếu trả lời");
  const [titleBox, rankBox, responsesBox] = [(await title.boundingBox())!, (await rank.boundingBox())!, (await responses.boundingBox())!];
  expect(titleBox.y + titleBox.height).toBeLessThanOrEqual(rankBox.y + 0.5);
  expect(rankBox.y + rankBox.height).toBeLessThanOrEqual(responsesBox.y + 0.5);
  // The headings are no longer drawn as a row, yet they still name the columns for screen readers.
  expect((await ranked.locator("thead").boundingBox())!.height).toBeLessThanOrEqual(1);
  await expect(ranked.getByRole("columnheader", { name: "Hạng", exact: true })).toHaveCount(1);
  await expectAxeClean(page, "ranking at 360 px");

  await page.setViewportSize(DESKTOP);
  await expect(ranked.getByRole("columnheader", { name: "Hạng", exact: true })).toBeVisible();
  await expect(ranked.getByRole("columnheader", { name: "Cỡ mẫu cần thiết" })).toBeVisible();
  expect(await rank.evaluate((td) => getComputedStyle(td).display)).toBe("table-cell");
  expect(await labelShown(rank)).toBe("none");
  // The row's figures sit beside its name again.
  const [wideTitle, wideRank] = [(await title.boundingBox())!, (await rank.boundingBox())!];
  expect(Math.abs(wideTitle.y - wideRank.y)).toBeLessThan(1);
  await context.close();
});

test("at 360 px the public results show each agency as a card within the screen and axe finds nothing; at 1366 px the table keeps its header row", async ({ page }) => {
  await page.setViewportSize(PHONE);
  await page.goto(`/cong-khai?period=${PERIOD}`);
  const figures = page.getByTestId("public-figures");
  await expect(figures).toBeVisible();
  expect(await beyondScreen(page, PHONE.width)).toEqual([]);

  const card = figures.locator("tbody tr").first();
  await expect(card.getByRole("rowheader")).not.toBeEmpty();
  const mean = card.locator('td[data-label="Chỉ số hài lòng chung (TB 5 yếu tố)"]');
  await expect(mean).toHaveText(/^\d+,\d\d\s?%$/);
  expect(await labelShown(mean)).toContain("Chỉ số hài lòng chung (TB 5 yếu tố)");
  await expectAxeClean(page, "public page at 360 px");

  await page.setViewportSize(DESKTOP);
  await expect(figures.locator("thead tr")).toBeVisible();
  await expect(figures.getByRole("columnheader", { name: "Số phiếu trả lời" })).toBeVisible();
  expect(await labelShown(mean)).toBe("none");
});
