import { expect, test } from "./fixtures";
import { signIn } from "./pages/staff";

/** dd/mm/yyyy hh:mm in Vietnam time (UTC+7), as a clerk's spreadsheet writes it. */
function vietnamTime(date: Date): string {
  const v = new Date(date.getTime() + 7 * 3600 * 1000);
  const two = (n: number) => String(n).padStart(2, "0");
  return `${two(v.getUTCDate())}/${two(v.getUTCMonth() + 1)}/${v.getUTCFullYear()} ${two(v.getUTCHours())}:${two(v.getUTCMinutes())}`;
}

test("a clerk imports completed dossiers from a CSV file: every row's errors first, then all at once", async ({ browser, consoleErrors }) => {
  test.setTimeout(90_000);
  const { context, page } = await signIn(browser, consoleErrors, "congchuc.khason");
  const stamp = Date.now();
  const codes = [`E2E-CSV-${stamp}-1`, `E2E-CSV-${stamp}-2`] as const;
  const completed = vietnamTime(new Date(Date.now() - 3600 * 1000));
  const upload = async (name: string, lines: string[]) => {
    await page.getByLabel("Tệp CSV").setInputFiles({ name, mimeType: "text/csv", buffer: Buffer.from(`\uFEFF${lines.join("\r\n")}\r\n`, "utf8") });
    await page.getByRole("button", { name: "Kiểm tra và nhập" }).click();
  };

  await page.goto("/desk");
  await page.getByRole("link", { name: "Nhập hồ sơ từ tệp CSV" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Nhập hồ sơ đã trả kết quả từ tệp CSV" })).toBeVisible();

  // A spreadsheet saved with semicolons, a wrong date and a missing code: both rows named, nothing imported.
  const header = "ma_ho_so;ma_co_quan;ma_thu_tuc;ngay_tra_ket_qua;ma_quay";
  await upload("ho-so-loi.csv", [header, `${codes[0]};TN-PB-XKS;1.001193;${completed};`, `${codes[1]};TN-PB-XKS;1.000894;31/02/2026;`, `;TN-PB-XKS;1.001193;${completed};`]);
  const report = page.getByRole("alert").filter({ has: page.getByRole("heading", { name: "Tệp có 2 lỗi: chưa nhập hồ sơ nào" }) });
  await expect(report).toBeVisible();
  await expect(report.getByRole("row", { name: /^3 ngay_tra_ket_qua Ngày không hợp lệ/ })).toBeVisible();
  await expect(report.getByRole("row", { name: /^4 ma_ho_so Thiếu giá trị bắt buộc/ })).toBeVisible();

  // An agency code outside the clerk's commune is refused by row as well.
  await upload("ho-so-xa-khac.csv", [header, `${codes[0]};TN-PB-XKS;1.001193;${completed};`, `${codes[1]};TN-PB-TTHS;1.000894;${completed};`]);
  await expect(page.getByRole("heading", { name: "Tệp có 1 lỗi: chưa nhập hồ sơ nào" })).toBeVisible();
  await expect(page.getByRole("row", { name: /^3 ma_co_quan/ })).toBeVisible();

  await page.goto("/desk");
  for (const code of codes) await expect(page.getByRole("row", { name: new RegExp(code) })).toHaveCount(0);

  // The corrected file goes in whole; sending it again finds the same dossiers and adds none.
  await page.getByRole("link", { name: "Nhập hồ sơ từ tệp CSV" }).click();
  const fixed = [header, `${codes[0]};TN-PB-XKS;1.001193;${completed};`, `${codes[1]};TN-PB-XKS;1.000894;${completed};`];
  await upload("ho-so.csv", fixed);
  await expect(page.getByRole("status")).toHaveText("Đã nhập 2 hồ sơ: 2 hồ sơ mới, 0 hồ sơ đã có từ trước.");
  await upload("ho-so.csv", fixed);
  await expect(page.getByRole("status")).toHaveText("Đã nhập 2 hồ sơ: 0 hồ sơ mới, 2 hồ sơ đã có từ trước.");

  // The imported dossiers are at the desk, counted as completed, waiting for a survey to be issued.
  await page.goto("/desk");
  for (const code of codes) {
    const row = page.getByRole("row", { name: new RegExp(code) });
    await expect(row).toContainText("Tệp CSV");
    await expect(row).toContainText("Chưa phát");
  }
  await page.getByRole("row", { name: new RegExp(codes[0]) }).getByRole("button", { name: "Phát khảo sát" }).click();
  await expect(page.getByTestId("survey-link")).toBeVisible();
  await context.close();
});
