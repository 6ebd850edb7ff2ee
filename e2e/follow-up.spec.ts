import { expect, test } from "./fixtures";
import { answer, citizenPhone, issueSurveyLinks, SCALE_QUESTIONS_VI } from "./pages/citizen";
import { allMail, waitForMail } from "./pages/mail";
import { signIn } from "./pages/staff";

// A whole loop: citizen, mail, two staff members, the citizen again. Several sign-ins on two cores.
test.describe.configure({ timeout: 240_000 });

const COMMENT = "Cán bộ hướng dẫn không rõ ràng, tôi phải đi lại ba lần.";

test("a dissatisfied answer becomes a case: acknowledged, handled, replied, closed, and the officer never sees it", async ({ browser, consoleErrors }) => {
  const email = `nguoidan.e2e.${Date.now()}@example.com`;
  // The officer of the Kha Sơn desk issues the survey: the case is about their dossier.
  const [link] = await issueSurveyLinks(browser, consoleErrors, 1);

  // The citizen rates the officer 1/5, leaves a comment and an e-mail with consent.
  const citizen = await citizenPhone(browser, consoleErrors, { javaScriptEnabled: false });
  await citizen.page.goto(link!);
  await answer(citizen.page, SCALE_QUESTIONS_VI[0]!, "Hài lòng");
  await answer(citizen.page, SCALE_QUESTIONS_VI[1]!, "Bình thường");
  await answer(citizen.page, SCALE_QUESTIONS_VI[2]!, "Rất không hài lòng");
  await answer(citizen.page, SCALE_QUESTIONS_VI[3]!, "Hài lòng");
  await answer(citizen.page, SCALE_QUESTIONS_VI[4]!, "Không áp dụng / không có ý kiến");
  await citizen.page.getByLabel("Ý kiến khác").fill(COMMENT);
  await citizen.page.getByRole("checkbox", { name: /Tôi đồng ý/ }).check();
  await citizen.page.getByRole("textbox", { name: "Thư điện tử" }).fill(email);
  await citizen.page.getByRole("button", { name: "Gửi đánh giá" }).click();

  // The thank-you page gives the reference and the status page's own link.
  const ack = citizen.page.locator(".case-ack");
  await expect(ack.getByRole("heading", { name: "Ý kiến của Ông/Bà đã được chuyển để xử lý" })).toBeVisible();
  const reference = (await ack.locator(".case-reference").innerText()).trim();
  expect(reference).toMatch(/^PA-[2-9A-HJ-NP-TW-Z]{6}$/);
  const statusHref = await ack.getByRole("link", { name: "Theo dõi kết quả xử lý" }).getAttribute("href");
  expect(statusHref).toMatch(/^\/theo-doi\/[A-Za-z0-9_-]{22}$/);
  expect(statusHref).not.toContain(link!.split("/").pop()!);
  // Post, redirect, get: the thank-you page has its own address and survives a reload.
  expect(new URL(citizen.page.url()).pathname).toBe(`${link}/thanks`);
  await citizen.page.reload();
  await expect(citizen.page.locator(".case-ack .case-reference")).toHaveText(reference);
  // Reopening the survey link says "already answered" and does not show the status link again.
  await citizen.page.goto(link!);
  await expect(citizen.page.locator("body")).not.toContainText(reference);
  await expect(citizen.page.locator(`a[href="${statusHref}"]`)).toHaveCount(0);

  // The acknowledgement reaches the real SMTP server with the reference and the status link.
  const ackMail = await waitForMail(email, new RegExp(reference));
  expect(ackMail.text).toContain(statusHref!);
  expect(ackMail.text).not.toContain(COMMENT);

  // The status page: received, no personal data, no comment.
  await citizen.page.goto(statusHref!);
  await expect(citizen.page.getByRole("heading", { level: 1, name: "Theo dõi ý kiến" })).toBeVisible();
  await expect(citizen.page.getByTestId("case-status")).toHaveText("Mới");
  await expect(citizen.page.locator("main")).not.toContainText(email);
  await expect(citizen.page.locator("main")).not.toContainText(COMMENT);

  // The officer whose dossier it is finds no case anywhere and cannot open it.
  const officer = await signIn(browser, consoleErrors, "congchuc.khason");
  consoleErrors.allow(/status of 403/);
  const queueAsOfficer = await officer.page.goto("/cases");
  expect(queueAsOfficer?.status()).toBe(403);
  await expect(officer.page.locator("body")).not.toContainText(reference);

  // The commune leader sees the case, assigns it to the commune's handler.
  const leader = await signIn(browser, consoleErrors, "lanhdao.khason");
  await leader.page.goto("/cases");
  await leader.page.getByRole("link", { name: reference }).click();
  await expect(leader.page.getByRole("heading", { level: 1 })).toContainText(reference);
  await expect(leader.page.locator("main")).toContainText(COMMENT);
  const caseUrl = new URL(leader.page.url()).pathname;
  const caseId = caseUrl.split("/").pop()!;
  await leader.page.getByLabel("Người xử lý").selectOption({ label: "Trần Thị Thu Hà · Xã Kha Sơn" });
  await leader.page.getByRole("button", { name: "Giao xử lý" }).click();
  await expect(leader.page.getByRole("status").filter({ hasText: "Đã lưu" }).first()).toBeVisible();
  await leader.page.reload();
  await expect(leader.page.locator("main")).toContainText("Trần Thị Thu Hà");

  // The officer cannot open the case page either.
  const pageAsOfficer = await officer.page.goto(caseUrl);
  expect(pageAsOfficer?.status()).toBe(403);
  await officer.context.close();

  // The handler reads the contact details (audited), replies.
  const handler = await signIn(browser, consoleErrors, "xuly.khason");
  await handler.page.goto(caseUrl);
  await handler.page.getByRole("button", { name: "Xem thông tin liên hệ" }).click();
  await expect(handler.page.getByRole("status").filter({ hasText: email })).toBeVisible();
  const reply = `Ủy ban xã đã nhắc nhở cán bộ và bố trí người hướng dẫn tại quầy. Mã ${reference}.`;
  await handler.page.getByLabel("Nội dung trả lời").fill(reply);
  await handler.page.getByRole("button", { name: "Gửi trả lời" }).click();
  await expect(handler.page.getByRole("status").filter({ hasText: "Đã lưu" }).first()).toBeVisible();

  // The reply mail arrives; the status page shows it.
  const replyMail = await waitForMail(email, /Trả lời ý kiến/);
  expect(replyMail.text).toContain("bố trí người hướng dẫn");
  await citizen.page.goto(statusHref!);
  await expect(citizen.page.getByTestId("case-status")).toHaveText("Đã phản hồi");
  await expect(citizen.page.locator("main")).toContainText("bố trí người hướng dẫn");

  // Closing deletes the contact details: asking for them again finds none.
  await handler.page.reload();
  await handler.page.getByRole("button", { name: "Đóng phiếu" }).click();
  await expect(handler.page.getByRole("button", { name: "Mở lại phiếu" })).toBeVisible();
  await handler.page.reload();
  await expect(handler.page.getByRole("heading", { level: 1 })).toContainText("Đã đóng");
  await expect(handler.page.locator("main")).toContainText("Xoá thông tin liên hệ");
  expect(caseId).toMatch(/^\d+$/);

  // No staff mail of the whole run holds the comment, the citizen's address or phone.
  for (const mail of allMail().filter((m) => !m.to.includes(email))) {
    expect(mail.text).not.toContain(COMMENT);
    expect(mail.text).not.toContain(email);
    expect(mail.subject).not.toContain(COMMENT);
  }
  await Promise.all([citizen.context.close(), leader.context.close(), handler.context.close()]);
});

test("an overdue case escalates to the parent agency's leaders when the job runs", async ({ browser, consoleErrors }) => {
  // The demo leaves its oldest overdue case for the job to find. Since 01/07/2025 every commune
  // lies directly under the province, whose leaders are told.
  const province = await signIn(browser, consoleErrors, "lanhdao.tinh");
  await province.page.goto("/cases?overdue=1");
  const rows = province.page.getByTestId("case-queue").getByRole("row");
  await expect(rows.nth(1)).toBeVisible();
  // The oldest overdue case (newest first, so the last row) is the one the demo left for the job;
  // the job may also have reached it on its own quarter-hour schedule before this test runs.
  const row = rows.last();
  const reference = (await row.getByRole("link").first().innerText()).trim();

  // The administrator runs the escalation now rather than at its next quarter hour.
  const admin = await signIn(browser, consoleErrors, "quantri");
  await admin.page.goto("/admin/deliveries");
  await admin.page.getByRole("button", { name: "Chạy ngay tác vụ Báo cấp trên phiếu quá hạn" }).click();
  await expect(admin.page.getByRole("status")).toContainText("Đã yêu cầu chạy tác vụ");

  // The parent agency's leader is told in the app, with a link to the case.
  const parentLeader = province;
  await expect
    .poll(
      async () => {
        await parentLeader.page.goto("/notifications");
        return parentLeader.page.getByRole("link", { name: new RegExp(`Phiếu ${reference} đã quá hạn`) }).count();
      },
      { timeout: 120_000, intervals: [500, 1000, 2000] },
    )
    .toBeGreaterThan(0);
  await parentLeader.page.getByRole("link", { name: new RegExp(`Phiếu ${reference} đã quá hạn`) }).first().click();
  await expect(parentLeader.page.getByRole("heading", { level: 1 })).toContainText(reference);
  await expect(parentLeader.page.locator("main")).toContainText("Đã báo lên cấp trên vì quá hạn");
});
