import { expect, test } from "./fixtures";
import { signIn } from "./pages/staff";

// Each journey opens many pages (every tab, every export): more than the default 30 s on a busy machine.
test.describe.configure({ timeout: 240_000 });

const PERIOD = "ry:2023";
const PAGES = ["/dashboard", "/dashboard/ranking", "/dashboard/trend", "/dashboard/by/procedure", "/dashboard/by/officer", "/dashboard/by/channel", "/dashboard/comments", "/dashboard/expectations", "/reports"];

test("a commune leader gets nothing of another agency from any leader page, report or export", async ({ browser, consoleErrors }) => {
  // Ids of the district and of another commune, as the district leader sees them.
  const district = await signIn(browser, consoleErrors, "lanhdao.huyen");
  await district.page.goto(`/dashboard?period=${PERIOD}`);
  const districtId = await district.page.locator("input[name=agency]").first().inputValue();
  const otherHref = await district.page.getByTestId("children").getByRole("link", { name: "Thị trấn Hương Sơn", exact: true }).getAttribute("href");
  const otherId = new URL(otherHref!, "http://x").searchParams.get("agency")!;
  const formerHref = await district.page.getByTestId("children").getByRole("link", { name: "Xã Kha Sơn", exact: true }).getAttribute("href");
  const formerId = new URL(formerHref!, "http://x").searchParams.get("agency")!;
  await district.context.close();

  const leader = await signIn(browser, consoleErrors, "lanhdao.khason");
  // The leader of the merged Kha Sơn reads the pages of the Kha Sơn it succeeded (decision 021) …
  const former = await leader.page.goto(`/dashboard?agency=${formerId}&period=${PERIOD}`);
  expect(former?.status()).toBe(200);
  await expect(leader.page.getByRole("heading", { level: 1 })).toHaveText("Tổng quan: Xã Kha Sơn");
  await expect(leader.page.getByTestId("headline-sentence")).toContainText(/Tỷ lệ hài lòng đạt \d+,\d\d/);
  // … and nothing of the district it was in, nor of another former commune.
  consoleErrors.allow(/404 \(Not Found\)/);
  for (const id of [districtId, otherId]) {
    for (const path of PAGES) {
      const response = await leader.page.goto(`${path}?agency=${id}&period=${PERIOD}`);
      expect(response?.status(), `${path} of agency ${id}`).toBe(404);
      await expect(leader.page.getByText("Hương Sơn")).toHaveCount(0);
      await expect(leader.page.getByText("Huyện Phú Bình")).toHaveCount(0);
    }
    for (const data of ["figures", "responses"]) {
      for (const format of ["csv", "xlsx"]) {
        const response = await leader.context.request.get(`/dashboard/export?agency=${id}&period=${PERIOD}&data=${data}&format=${format}`);
        expect(response.status(), `${data}.${format} of agency ${id}`).toBe(404);
        expect(await response.text()).not.toContain("Hương Sơn");
      }
    }
  }
  // Malformed input is refused with a clear message, not a stack trace.
  const bad = await leader.context.request.get(`/dashboard/export?period=ry:20233&data=figures&format=csv`);
  expect(bad.status()).toBe(400);
  expect(await bad.text()).toContain("Kỳ báo cáo không hợp lệ");
  await leader.context.close();
});
