import { expect, test } from "./fixtures";
import { parseVietnameseNumber, signIn } from "./pages/staff";

// Each journey opens many pages (every tab, every export): more than the default 30 s on a busy machine.
test.describe.configure({ timeout: 240_000 });

// The demo's reporting year: 01/12/2022 – 30/11/2023.
const PERIOD = "ry:2023";

/** Rows of a CSV export (the BOM removed; the exports quote only when needed). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  const body = text.replace(/^\uFEFF/, "");
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (quoted) {
      if (ch === '"' && body[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      row.push(cell);
      cell = "";
    } else if (ch === "\n") {
      row.push(cell.replace(/\r$/, ""));
      rows.push(row);
      row = [];
      cell = "";
    } else cell += ch;
  }
  return rows;
}

test("a district leader sees the whole district on every figure page, and the exports agree with the pages", async ({ browser, consoleErrors }) => {
  const { page, context } = await signIn(browser, consoleErrors, "lanhdao.huyen");
  await page.goto(`/dashboard?period=${PERIOD}`);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Huyện Phú Bình");
  await expect(page.getByTestId("period")).toHaveText("Năm báo cáo 2023 (01/12/2022 – 30/11/2023)");
  const children = page.getByTestId("children");
  await expect(children.getByRole("row", { name: /Xã Kha Sơn/ })).toBeVisible();
  await expect(children.getByRole("row", { name: /Thị trấn Hương Sơn/ })).toBeVisible();
  const headline = (await page.getByTestId("mean-of-five").innerText()).trim();
  const responses = parseVietnameseNumber(await page.getByTestId("responses").innerText());
  expect(responses).toBeGreaterThan(1000);
  const districtId = await page.locator("input[name=agency]").first().inputValue();

  // The figures export holds the same numbers as the page, digit for digit once formatted.
  const csv = await context.request.get(`/dashboard/export?agency=${districtId}&period=${PERIOD}&data=figures&format=csv`);
  expect(csv.status()).toBe(200);
  expect(csv.headers()["content-type"]).toContain("text/csv");
  const table = parseCsv(await csv.text());
  const head = table[0]!;
  const meanCol = head.findIndex((h) => h.startsWith("Chỉ số hài lòng chung"));
  const responsesCol = head.indexOf("Số phiếu trả lời");
  expect(table[1]![1]).toBe("Huyện Phú Bình");
  const asPage = (v: string) => `${Number(v).toFixed(2).replace(".", ",")}%`;
  expect(asPage(table[1]![meanCol]!)).toBe(headline);
  expect(Number(table[1]![responsesCol])).toBe(responses);
  for (const line of table.slice(2)) {
    const row = children.getByRole("row", { name: new RegExp(line[1]!.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")) });
    await expect(row.getByRole("cell").first()).toContainText(line[meanCol] === "" ? "chưa có dữ liệu" : asPage(line[meanCol]!));
  }
  const xlsx = await context.request.get(`/dashboard/export?agency=${districtId}&period=${PERIOD}&data=figures&format=xlsx`);
  expect(xlsx.status()).toBe(200);
  expect((await xlsx.body()).subarray(0, 2).toString()).toBe("PK");

  // The anonymised responses: at most as many rows as the page counts (groups under k are
  // merged or left out), days without times, and no identifying column nor the free text.
  const responsesCsv = await context.request.get(`/dashboard/export?agency=${districtId}&period=${PERIOD}&data=responses&format=csv`);
  expect(responsesCsv.status()).toBe(200);
  expect(responsesCsv.headers()["content-disposition"]).toMatch(/^attachment; filename="[\x20-\x7e]+\.csv"; filename\*=UTF-8''/);
  const sheet = parseCsv(await responsesCsv.text());
  expect(sheet.length - 1).toBeGreaterThan(responses * 0.9);
  expect(sheet.length - 1).toBeLessThanOrEqual(responses);
  expect(sheet[0]!.join(",")).not.toMatch(/token|IP|điện thoại|phone|email|Ý kiến|Thời điểm/i);
  // One assertion over every row (thirteen thousand expect calls each cost a trace step).
  expect(sheet.slice(1).filter((line) => !/^\d{4}-\d{2}(-\d{2})?$/.test(line[1]!))).toEqual([]);

  // Ranking: ranks with ties, insufficient samples apart.
  await page.getByRole("link", { name: "Xếp hạng đơn vị trực thuộc" }).click();
  await expect(page.getByTestId("ranked").getByTestId("rank").first()).toHaveText(/^1 trên \d+$/);

  // Trend: server-drawn charts with accessible names, readable without script.
  await page.getByRole("link", { name: "Diễn biến 12 tháng" }).click();
  await expect(page.getByRole("img", { name: /Biểu đồ tỷ lệ hài lòng theo tháng/ })).toHaveCount(1);
  // One large chart for the chosen figure, with the same months of the previous year.
  await page.getByRole("link", { name: "Thủ tục hành chính", exact: true }).click();
  await expect(page.getByRole("img", { name: /Biểu đồ tỷ lệ hài lòng theo tháng: Thủ tục hành chính/ })).toBeVisible();
  await expect(page.getByTestId("trend").getByRole("row")).toHaveCount(13);

  // By officer: the officials element only.
  await page.getByRole("link", { name: "Theo công chức" }).click();
  await expect(page.getByText("chỉ được đánh giá qua yếu tố Công chức")).toBeVisible();
  await expect(page.getByTestId("breakdown").getByRole("columnheader")).toHaveText(["Công chức", "Số phiếu trả lời", "Công chức", "Số câu trả lời hợp lệ"]);

  await page.getByRole("link", { name: "Theo kênh" }).click();
  await expect(page.getByTestId("breakdown")).toContainText("QR trên phiếu trả kết quả");

  // Comments: newest first, filterable to low ratings.
  await page.getByRole("link", { name: "Ý kiến", exact: true }).click();
  // A district's year has more comments than are counted: "Hơn 200 ý kiến"; the sheets behind
  // the filter are counted exactly.
  await expect(page.getByTestId("comments-count")).toHaveText(/^Hơn 200 ý kiến, mới nhất trước\.$/);
  // Past the counted 200 the pager goes on without a last page, and the numbering runs on.
  await page.goto(`/dashboard/comments?agency=${districtId}&period=${PERIOD}&page=11`);
  await expect(page.locator(".pager")).toContainText("Trang 11");
  await expect(page.locator(".pager")).not.toContainText("Trang 11/");
  await expect(page.getByTestId("comments")).toHaveAttribute("start", "201");
  await page.goto(`/dashboard/comments?agency=${districtId}&period=${PERIOD}`);
  const sheets = async () => parseVietnameseNumber(/: ([\d.]*\d)/.exec(await page.getByTestId("sheets-count").innerText())![1]!);
  const all = await sheets();
  await page.getByLabel("Mức đánh giá").selectOption("low");
  await page.getByRole("button", { name: "Lọc" }).click();
  await expect(page.getByTestId("comments-count")).toHaveText(/ý kiến/);
  const low = await sheets();
  expect(low).toBeGreaterThan(0);
  expect(low).toBeLessThan(all);
  await expect(page.getByTestId("comments").locator(".badge.bad").first()).toBeVisible();

  await page.getByRole("link", { name: "Mong đợi" }).click();
  await expect(page.getByTestId("expectations")).toContainText("Rút ngắn thời gian");

  // The printable report, in the words leaders use.
  await page.goto(`/reports?agency=${districtId}&period=${PERIOD}`);
  await expect(page.getByTestId("report-headline")).toContainText(`Tỷ lệ hài lòng đạt ${headline}`);
  await expect(page.getByTestId("report-children")).toContainText("Xã Kha Sơn");

  // The period selector works as a plain GET form.
  await page.goto(`/dashboard?agency=${districtId}&period=${PERIOD}`);
  await page.locator("summary", { hasText: "Kỳ báo cáo" }).click();
  await page.getByLabel("Loại kỳ").selectOption("quarter");
  await page.getByLabel("Năm", { exact: true }).fill("2023");
  await page.getByLabel("Quý", { exact: true }).selectOption("2");
  await page.getByRole("button", { name: "Xem" }).click();
  await expect(page.getByTestId("period")).toHaveText("Quý 2/2023");
  await context.close();
});

test("a commune leader sees their commune with its rank among the communes", async ({ browser, consoleErrors }) => {
  // The merged commune of 01/07/2025, in its first full reporting year.
  const { page, context } = await signIn(browser, consoleErrors, "lanhdao.khason");
  await page.goto(`/dashboard?period=ry:2026`);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Xã Kha Sơn");
  await expect(page.getByTestId("children")).toHaveCount(0);
  await expect(page.getByTestId("sibling-rank")).toHaveText(/Xếp thứ \d+\/\d+|Chưa xếp hạng/);
  await page.goto(`/reports?period=ry:2026`);
  await expect(page.getByTestId("report-headline")).toContainText("Tỷ lệ hài lòng đạt");
  await expect(page.getByText("Thị trấn Hương Sơn")).toHaveCount(0);
  await context.close();
});

test("an officer and an anonymous visitor get no leader page and no export; the public page shows no officer", async ({ browser, page, consoleErrors }) => {
  const officer = await signIn(browser, consoleErrors, "congchuc.motcua");
  consoleErrors.allow(/403 \(Forbidden\)/);
  for (const path of ["/dashboard/ranking", "/dashboard/by/officer", "/reports"]) {
    const response = await officer.page.goto(path);
    expect(response?.status()).toBe(403);
  }
  expect((await officer.context.request.get(`/dashboard/export?period=${PERIOD}&data=responses&format=csv`)).status()).toBe(403);
  await officer.context.close();

  await page.goto("/dashboard/comments");
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fdashboard%2Fcomments/);
  expect((await page.request.get(`/dashboard/export?period=${PERIOD}&data=figures&format=csv`)).status()).toBe(401);

  // The names of the officers, as the district leader sees them …
  const leader = await signIn(browser, consoleErrors, "lanhdao.huyen");
  await leader.page.goto(`/dashboard/by/officer?period=${PERIOD}`);
  const officers = (await leader.page.getByTestId("breakdown").locator("tbody th").allInnerTexts()).map((s) => s.trim());
  expect(officers.length).toBeGreaterThan(0);
  await leader.context.close();

  // … appear nowhere on the public page, which needs no sign-in.
  await page.goto("/");
  await page.getByRole("link", { name: "Xem kết quả đánh giá công khai" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Công khai kết quả đánh giá sự hài lòng");
  await page.getByLabel("Kỳ báo cáo").selectOption(PERIOD);
  await page.getByRole("button", { name: "Xem" }).click();
  const table = page.getByTestId("public-figures");
  await expect(table.getByRole("row", { name: /Xã Kha Sơn/ })).toBeVisible();
  const text = await table.innerText();
  for (const name of officers) expect(text).not.toContain(name);
});
