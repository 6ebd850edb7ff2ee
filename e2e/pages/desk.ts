import { expect, type Page } from "@playwright/test";

/** Records a completed dossier at /desk and returns the survey link shown. */
export async function issueAtDesk(page: Page, dossierCode: string, { procedureSearch, kiosk }: { procedureSearch?: string; kiosk?: boolean } = {}): Promise<{ link: string; invitationUrl: string }> {
  await page.goto("/desk");
  await page.getByLabel("Mã hồ sơ").fill(dossierCode);
  if (procedureSearch) await page.getByLabel("Tìm thủ tục").fill(procedureSearch);
  await page.getByLabel("Thủ tục hành chính").selectOption({ index: 1 });
  const tablet = page.getByLabel("Hiển thị phiếu trên máy tính bảng tại quầy");
  if (kiosk !== undefined && (await tablet.count()) > 0) await tablet.setChecked(kiosk);
  await page.getByRole("button", { name: "Ghi nhận đã trả kết quả và phát khảo sát" }).click();
  await expect(page.getByRole("heading", { name: "Phiếu khảo sát sự hài lòng" })).toBeVisible();
  const link = await page.getByTestId("survey-link").getAttribute("href");
  expect(link).toMatch(/\/s\/[A-Za-z0-9_-]{22}$/);
  return { link: link!, invitationUrl: page.url() };
}
