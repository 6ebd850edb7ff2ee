import { formatDay, vietnamDayOf } from "@/lib/time/vietnam";
import { expect, test } from "./fixtures";
import { expectAxeClean } from "./pages/axe";
import { signIn } from "./pages/staff";

test("an administrator plans a merge of two communes, is told in Vietnamese what is wrong, reverses it, and plans a split with a desk given to the second successor", async ({ browser, consoleErrors }) => {
  test.setTimeout(180_000);
  const stamp = Date.now().toString(36).slice(-6).toUpperCase();
  const { context, page } = await signIn(browser, consoleErrors, "quantri");

  // Two units of their own under the commune of Đồng Hỷ, so that no other journey's figures move.
  await page.goto("/admin/agencies");
  await page.getByTestId("agency-tree").getByRole("link", { name: "Xã Đồng Hỷ", exact: true }).click();
  const child = page.getByTestId("create-child");
  for (const n of [1, 2]) {
    await child.getByLabel("Mã", { exact: true }).fill(`SX${stamp}-${n}`);
    await child.getByLabel("Tên", { exact: true }).fill(`Xã Sắp Xếp ${stamp} ${n}`);
    await child.getByLabel("Cấp", { exact: true }).fill("Xã");
    await child.getByRole("button", { name: "Thêm đơn vị" }).click();
    await expect(child.getByRole("status")).toHaveText("Đã thêm đơn vị.");
  }

  await page.goto("/admin");
  await page.getByRole("navigation", { name: "Mục quản trị" }).getByRole("link", { name: "Sắp xếp đơn vị hành chính" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Sắp xếp đơn vị hành chính" })).toBeVisible();
  await expectAxeClean(page, "reorganisations");

  const merge = page.getByTestId("merge-form");
  const fillMerge = async (effectiveOn: string) => {
    await merge.getByLabel(`Xã Sắp Xếp ${stamp} 1`).check();
    await merge.getByLabel(`Xã Sắp Xếp ${stamp} 2`).check();
    await merge.getByLabel("Đơn vị mới", { exact: true }).check();
    const parent = merge.getByLabel("Đơn vị cấp trên của đơn vị mới");
    await parent.selectOption((await parent.locator("option", { hasText: "Xã Đồng Hỷ" }).first().getAttribute("value"))!);
    await merge.getByLabel("Mã đơn vị mới").fill(`SX${stamp}`);
    await merge.getByLabel("Tên đơn vị mới").fill(`Xã Hợp Nhất ${stamp}`);
    await merge.getByLabel("Cấp", { exact: true }).fill("Xã");
    await merge.getByLabel("Ngày có hiệu lực").fill(effectiveOn);
    await merge.getByLabel("Căn cứ").fill("Nghị quyết 9999/NQ-UBTVQH15");
  };
  // Today is not after today: refused, in Vietnamese, and nothing is planned.
  const today = formatDay(vietnamDayOf(new Date()));
  await fillMerge(today);
  await merge.getByRole("button", { name: "Lập phương án" }).click();
  await expect(merge.getByRole("alert")).toHaveText("Ngày có hiệu lực phải sau hôm nay.");
  await page.reload();
  await expect(page.getByTestId("reorganisations").getByRole("row", { name: new RegExp(`Xã Hợp Nhất ${stamp}`) })).toHaveCount(0);

  // A date next year: planned, listed with both communes and the new one.
  const next = `01/01/${Number(vietnamDayOf(new Date()).slice(0, 4)) + 1}`;
  await fillMerge(next);
  await merge.getByRole("button", { name: "Lập phương án" }).click();
  await expect(merge.getByRole("status")).toHaveText("Đã lập phương án. Phương án được thực hiện tự động vào ngày có hiệu lực.");
  await page.reload();
  const row = page.getByTestId("reorganisations").getByRole("row", { name: new RegExp(`Xã Hợp Nhất ${stamp}`) });
  await expect(row).toContainText(next);
  await expect(row).toContainText("Sáp nhập");
  await expect(row).toContainText(`Xã Sắp Xếp ${stamp} 1 (SX${stamp}-1); Xã Sắp Xếp ${stamp} 2 (SX${stamp}-2)`);
  await expect(row).toContainText("Đã lên phương án");

  // The same communes in a second plan: refused by name.
  await fillMerge(next);
  await merge.getByLabel("Mã đơn vị mới").fill(`SX${stamp}-B`);
  await merge.getByRole("button", { name: "Lập phương án" }).click();
  await expect(merge.getByRole("alert")).toHaveText("Một trong các đơn vị đã có trong một phương án sắp xếp khác.");

  // The successor waits, inactive, in the tree until the date.
  await page.goto("/admin/agencies");
  await expect(page.getByTestId("agency-tree").getByRole("listitem").filter({ hasText: `Xã Hợp Nhất ${stamp}` })).toContainText("Ngừng hoạt động");

  // Reversed with a reason: gone from the list, recorded in the audit.
  await page.goto("/admin/reorganisations");
  await row.getByLabel("Lý do huỷ").fill("Nghị quyết được thay thế");
  await row.getByRole("button", { name: "Huỷ phương án" }).click();
  await expect(page.getByRole("status")).toHaveText("Đã huỷ phương án. Nhật ký thay đổi vẫn ghi lại phương án đã lập.");
  await expect(page).toHaveURL(/\/admin\/reorganisations\?reversed=1$/);
  await expect(page.getByTestId("reorganisations").getByRole("row", { name: new RegExp(`Xã Hợp Nhất ${stamp}`) })).toHaveCount(0);
  await page.goto("/admin/audit");
  await expect(page.getByText("reorganisation.reversed").first()).toBeVisible();

  // A split of the first commune: its desk goes to the second successor, the first takes the rest.
  await page.goto("/admin/agencies");
  await page.getByTestId("agency-tree").getByRole("link", { name: `Xã Sắp Xếp ${stamp} 1`, exact: true }).click();
  const desks = page.getByRole("region", { name: "Quầy tiếp nhận và trả kết quả" });
  await desks.getByLabel("Mã quầy", { exact: true }).fill("Q1");
  await desks.getByLabel("Tên quầy", { exact: true }).fill("Quầy một cửa");
  await desks.getByRole("button", { name: "Thêm quầy" }).click();
  await expect(desks.getByRole("status")).toHaveText("Đã lưu thay đổi.");
  await page.goto("/admin/reorganisations");
  const choose = page.getByLabel("Đơn vị bị chia tách");
  await choose.selectOption((await choose.locator("option", { hasText: `Xã Sắp Xếp ${stamp} 1` }).getAttribute("value"))!);
  await page.getByRole("button", { name: "Tiếp tục" }).click();
  const split = page.getByTestId("split-form");
  await expect(split).toContainText(`Xã Sắp Xếp ${stamp} 1 (SX${stamp}-1)`);
  await expectAxeClean(page, "the split form");
  for (const n of [1, 2]) {
    const slot = split.getByRole("group", { name: `Đơn vị kế thừa ${n}` });
    const parentSelect = slot.getByLabel("Đơn vị cấp trên của đơn vị mới");
    await parentSelect.selectOption((await parentSelect.locator("option", { hasText: "Xã Đồng Hỷ" }).first().getAttribute("value"))!);
    await slot.getByLabel("Mã đơn vị mới").fill(`ST${stamp}-${n}`);
    await slot.getByLabel("Tên đơn vị mới").fill(`Xã Tách ${stamp} ${n}`);
    await slot.getByLabel("Cấp", { exact: true }).fill("Xã");
  }
  await split.getByLabel("Giao Quầy một cửa (Q1) cho").selectOption("2");
  await split.getByLabel("Ngày có hiệu lực").fill(next);
  await split.getByLabel("Căn cứ").fill("Nghị quyết 9998/NQ-UBTVQH15");
  await split.getByRole("button", { name: "Lập phương án" }).click();
  await expect(split.getByRole("status")).toHaveText("Đã lập phương án. Phương án được thực hiện tự động vào ngày có hiệu lực.");
  await page.goto("/admin/reorganisations");
  const splitRow = page.getByTestId("reorganisations").getByRole("row", { name: new RegExp(`Xã Tách ${stamp} 1`) });
  await expect(splitRow).toContainText("Chia tách");
  await expect(splitRow).toContainText(`Xã Tách ${stamp} 1 (ST${stamp}-1) · nhận phần còn lại`);
  await expect(splitRow).toContainText(`Xã Tách ${stamp} 2 (ST${stamp}-2) · 1 quầy, 0 thủ tục, 0 tài khoản`);

  await page.setViewportSize({ width: 360, height: 800 });
  await page.goto("/admin/reorganisations");
  await expectAxeClean(page, "reorganisations at 360 px");
  await context.close();
});
