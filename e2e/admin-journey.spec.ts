import { currentReportingYear } from "@/lib/metrics/satisfaction";
import { DEMO_BANDS } from "@/lib/demo/local-decisions";
import { expect, test } from "./fixtures";
import { DEMO_PASSWORD, signIn } from "./pages/staff";

test("an administrator creates an agency, a procedure, an account and a new questionnaire version, all audited", async ({ browser, consoleErrors }) => {
  test.setTimeout(90_000);
  const stamp = Date.now().toString(36);
  const admin = await signIn(browser, consoleErrors, "quantri");
  const page = admin.page;

  await page.goto("/admin");
  await expect(page.getByRole("heading", { level: 1, name: "Quản trị" })).toBeVisible();
  const adminNav = page.getByRole("navigation", { name: "Mục quản trị" });
  await expect(adminNav.getByRole("link", { name: "Khoá API" })).toHaveAttribute("href", "/admin/api-keys");

  // An agency: a new unit under the merged commune of Đồng Hỷ, which no other journey reads.
  await adminNav.getByRole("link", { name: "Cơ quan, đơn vị" }).click();
  await page.getByTestId("agency-tree").getByRole("link", { name: "Xã Đồng Hỷ", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Xã Đồng Hỷ");
  const child = page.getByTestId("create-child");
  await child.getByLabel("Mã", { exact: true }).fill(`E2E-${stamp}`);
  await child.getByLabel("Tên", { exact: true }).fill(`Xã Thử ${stamp}`);
  await child.getByLabel("Cấp", { exact: true }).fill("Xã");
  await child.getByRole("button", { name: "Thêm đơn vị" }).click();
  await expect(child.getByRole("status")).toHaveText("Đã thêm đơn vị.");
  // A headline target for the commune's current reporting year, with a decimal comma.
  const year = currentReportingYear().endYear;
  const target = page.getByTestId(`target-${year}`);
  await target.getByLabel(`Mục tiêu (%) – Năm báo cáo kết thúc 30/11/${year}`).fill("91,5");
  await target.getByRole("button", { name: "Lưu" }).click();
  await expect(target.getByRole("status")).toHaveText("Đã lưu mục tiêu.");
  await page.reload();
  await expect(page.getByTestId(`target-${year}`).getByRole("textbox")).toHaveValue("91,50");
  // The same code again is refused with a clear message.
  await child.getByLabel("Mã", { exact: true }).fill(`E2E-${stamp}`);
  await child.getByLabel("Tên", { exact: true }).fill("Trùng mã");
  await child.getByLabel("Cấp", { exact: true }).fill("Xã");
  await child.getByRole("button", { name: "Thêm đơn vị" }).click();
  await expect(child.getByRole("alert")).toHaveText("Mã này đã được dùng.");

  // A desk and a standing QR code at it, shown with its /q/ link.
  const desks = page.getByRole("region", { name: "Quầy tiếp nhận và trả kết quả" });
  await desks.getByLabel("Mã quầy", { exact: true }).fill(`E${stamp}`.slice(0, 20));
  await desks.getByLabel("Tên quầy", { exact: true }).fill("Quầy thử nghiệm");
  await desks.getByRole("button", { name: "Thêm quầy" }).click();
  await expect(desks.getByRole("status")).toHaveText("Đã lưu thay đổi.");
  const codes = page.getByRole("region", { name: "Mã QR cố định" });
  await codes.getByLabel("Nhãn (nơi đặt mã)").fill(`Áp phích ${stamp}`);
  await codes.getByLabel("Quầy", { exact: true }).selectOption({ label: `${`E${stamp}`.slice(0, 20)} – Quầy thử nghiệm` });
  await codes.getByRole("button", { name: "Tạo mã QR" }).click();
  await expect(codes.getByRole("status")).toHaveText("Đã lưu thay đổi.");
  await codes.getByRole("row", { name: new RegExp(`Áp phích ${stamp}`) }).getByRole("link", { name: "Xem mã QR" }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Áp phích ${stamp}` })).toBeVisible();
  await expect(page.getByRole("img", { name: "Mã QR cố định dẫn đến phiếu khảo sát" }).locator("svg")).toBeVisible();
  expect(await page.getByTestId("standing-link").getAttribute("href")).toMatch(/\/q\/[A-Za-z0-9_-]{16}$/);

  await page.goto("/admin/agencies");
  await expect(page.getByTestId("agency-tree").getByRole("link", { name: `Xã Thử ${stamp}` })).toBeVisible();

  // A procedure, then a catalogue import: a bad file writes nothing and names its lines.
  await page.goto("/admin/procedures");
  const create = page.getByRole("region", { name: "Thêm thủ tục" });
  const code = `9.${stamp}`;
  await create.getByLabel("Mã", { exact: true }).fill(code);
  await create.getByLabel("Tên", { exact: true }).fill(`Thủ tục thử ${stamp}`);
  await create.getByLabel("Lĩnh vực", { exact: true }).fill("Thử nghiệm");
  await create.getByRole("button", { name: "Thêm thủ tục" }).click();
  await expect(create.getByRole("status")).toHaveText("Đã lưu thay đổi.");
  await page.goto(`/admin/procedures?q=${encodeURIComponent(code)}`);
  await expect(page.getByTestId("procedures").getByRole("row", { name: new RegExp(`Thủ tục thử ${stamp}`) })).toBeVisible();

  const importForm = page.getByTestId("import-form");
  const badCsv = `Mã thủ tục;Tên thủ tục;Lĩnh vực\n8.${stamp}a;Nhập thử A;Thử nghiệm\n8.${stamp}b;;Thử nghiệm\n`;
  await importForm.getByLabel("Tệp CSV").setInputFiles({ name: "danh-muc.csv", mimeType: "text/csv", buffer: Buffer.from(badCsv) });
  await importForm.getByRole("button", { name: "Nhập danh mục" }).click();
  await expect(importForm.getByRole("alert")).toContainText("tệp có 1 lỗi");
  await expect(importForm.getByRole("row", { name: /3\s+Thiếu tên\./ })).toBeVisible();
  await page.goto(`/admin/procedures?q=${encodeURIComponent(`8.${stamp}`)}`);
  await expect(page.getByText("0 thủ tục")).toBeVisible();
  const goodCsv = `code,name,field\n8.${stamp}a,Nhập thử A,Thử nghiệm\n8.${stamp}b,"Nhập thử B, có dấu phẩy",Thử nghiệm\n`;
  await importForm.getByLabel("Tệp CSV").setInputFiles({ name: "danh-muc.csv", mimeType: "text/csv", buffer: Buffer.from(goodCsv) });
  await importForm.getByRole("button", { name: "Nhập danh mục" }).click();
  await expect(importForm.getByRole("status")).toContainText("Đã nhập: 2 thủ tục mới");
  await page.goto(`/admin/procedures?q=${encodeURIComponent(`8.${stamp}`)}`);
  await expect(page.getByTestId("procedures").getByRole("row", { name: /Nhập thử B, có dấu phẩy/ })).toBeVisible();

  // An account for a new officer at Kha Sơn, who can then sign in and use the desk.
  await page.goto("/admin/accounts");
  const account = page.getByTestId("create-account");
  const username = `e2e.${stamp}`;
  await account.getByLabel("Tên đăng nhập").fill(username);
  await account.getByLabel("Tên", { exact: true }).fill("Cán bộ thử nghiệm");
  await account.getByLabel("Vai trò").selectOption({ label: "Công chức một cửa" });
  const khaSon = await account.getByLabel("Đơn vị").locator("option", { hasText: "Xã Kha Sơn" }).getAttribute("value");
  await account.getByLabel("Đơn vị").selectOption(khaSon!);
  await account.getByLabel("Mật khẩu").fill(DEMO_PASSWORD);
  await account.getByRole("button", { name: "Tạo tài khoản" }).click();
  await expect(account.getByRole("status")).toHaveText("Đã tạo tài khoản.");
  await expect(page.getByTestId("accounts").getByRole("row", { name: new RegExp(username.replace(".", "\\.")) })).toContainText("Xã Kha Sơn");
  const officer = await signIn(browser, consoleErrors, username);
  await officer.page.goto("/desk");
  await expect(officer.page.getByRole("heading", { level: 1, name: "Quầy tiếp nhận và trả kết quả" })).toBeVisible();
  await officer.context.close();

  // A new questionnaire version: a draft copy, one question edited, published; the old one retires.
  await page.goto("/admin/questionnaires");
  await page.getByRole("button", { name: "Tạo phiên bản mới từ phiên bản đang dùng" }).click();
  const draft = page.locator("details.version", { has: page.getByText("Bản nháp", { exact: true }) });
  await expect(draft).toBeVisible();
  const s0 = draft.getByRole("group", { name: /Sửa câu S0/ });
  const newText = `Nhìn chung, Ông/Bà hài lòng thế nào về sự phục vụ của cơ quan (bản ${stamp})?`;
  await s0.getByLabel("Nội dung tiếng Việt").fill(newText);
  await s0.getByRole("button", { name: "Lưu câu hỏi" }).click();
  await expect(s0.getByRole("status")).toHaveText("Đã lưu thay đổi.");
  await draft.getByRole("button", { name: "Ban hành phiên bản này" }).click();
  const current = page.locator("details.version", { has: page.getByText("Đang dùng", { exact: true }) });
  await expect(current).toContainText(newText);
  await expect(current).toContainText("Chỉ xem");
  await expect(page.locator("details.version", { has: page.getByText("Ngừng dùng", { exact: true }) }).first()).toBeAttached();
  await expect(page.getByText("Bản nháp", { exact: true })).toHaveCount(0);

  // Classification bands: a local decision, stored highest first.
  await page.goto("/admin/settings");
  const bands = page.getByTestId("bands-form");
  await bands.getByLabel("Mức 1: Tên mức").fill("Khá");
  await bands.getByLabel("Mức 1: Ngưỡng tối thiểu (%)").fill("80");
  await bands.getByLabel("Mức 2: Tên mức").fill("Tốt");
  await bands.getByLabel("Mức 2: Ngưỡng tối thiểu (%)").fill("90,5");
  await bands.getByRole("button", { name: "Lưu" }).click();
  await expect(bands.getByRole("status")).toHaveText("Đã lưu thay đổi.");
  await page.reload();
  await expect(page.getByTestId("bands-form").getByLabel("Mức 1: Tên mức")).toHaveValue("Tốt");
  await expect(page.getByTestId("bands-form").getByLabel("Mức 1: Ngưỡng tối thiểu (%)")).toHaveValue("90,5");

  // Every change is in the audit log, newest first, with who made it.
  await page.goto("/admin/audit?actor=quantri");
  const audit = page.getByTestId("audit");
  for (const action of ["agency.created", "procedure.created", "procedure.imported", "account.created", "questionnaire.published", "setting.changed"]) {
    await expect(audit.getByRole("cell", { name: action, exact: true }).first()).toBeVisible();
  }
  await expect(audit.getByRole("row").nth(1)).toContainText("setting.changed");

  // Emptying every band row means "no classification" (and leaves the demo as it was).
  await page.goto("/admin/settings");
  const clear = page.getByTestId("bands-form");
  const rows = await clear.getByLabel(/^Mức \d+: Tên mức$/).count();
  for (let n = 1; n <= rows; n++) {
    await clear.getByLabel(`Mức ${n}: Tên mức`).fill("");
    await clear.getByLabel(`Mức ${n}: Tên tiếng Anh`).fill("");
    await clear.getByLabel(`Mức ${n}: Ngưỡng tối thiểu (%)`).fill("");
  }
  await clear.getByRole("button", { name: "Lưu" }).click();
  await expect(page.getByText("Hiện chưa có thang xếp loại.")).toBeVisible();
  // And back to the demo's own bands, for the journeys that read them.
  const restore = page.getByTestId("bands-form");
  for (const [i, band] of DEMO_BANDS.entries()) {
    await restore.getByLabel(`Mức ${i + 1}: Tên mức`).fill(band.label);
    await restore.getByLabel(`Mức ${i + 1}: Tên tiếng Anh`).fill(band.labelEn ?? "");
    await restore.getByLabel(`Mức ${i + 1}: Ngưỡng tối thiểu (%)`).fill(String(band.min));
  }
  await restore.getByRole("button", { name: "Lưu" }).click();
  await expect(restore.getByRole("status")).toHaveText("Đã lưu thay đổi.");

  // Usable on a 360 px phone: nothing wider than the screen but the scrollable tables.
  await page.setViewportSize({ width: 360, height: 740 });
  for (const path of ["/admin", "/admin/agencies", "/admin/accounts", "/admin/questionnaires"]) {
    await page.goto(path);
    expect(await page.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(360);
  }
  await admin.context.close();
});
