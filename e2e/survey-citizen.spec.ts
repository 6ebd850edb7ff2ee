import { demoYearTokens } from "@/lib/demo/seed";
import { expect, test } from "./fixtures";
import { answer, citizenAddress, citizenPhone, expectNoHorizontalScroll, issueSurveyLinks, SCALE_QUESTIONS_VI } from "./pages/citizen";
import { parseVietnameseNumber, signIn } from "./pages/staff";

// Each journey signs an officer in to issue its links: more than the default 30 s on two cores.
test.describe.configure({ timeout: 60_000 });

const isPost = (path: string) => (r: { url(): string; request(): { method(): string } }) => r.url().endsWith(path) && r.request().method() === "POST";

test("a citizen answers on a 360 px phone with JavaScript off: errors beside the questions, answers kept, then thanks", async ({ browser, consoleErrors }) => {
  const [link] = await issueSurveyLinks(browser, consoleErrors, 1);
  consoleErrors.allow(/status of 422/);
  const { context, page } = await citizenPhone(browser, consoleErrors, { javaScriptEnabled: false });
  const opened = await page.goto(link!);
  expect(opened?.status()).toBe(200);
  expect(opened?.headers()["referrer-policy"]).toBe("no-referrer");
  await expect(page.getByRole("heading", { level: 1, name: "Phiếu khảo sát sự hài lòng" })).toBeVisible();
  // Headed by the agency, the procedure and the date of the dossier, with no personal data.
  const head = page.locator(".survey-head");
  await expect(head).toContainText("Xã Kha Sơn");
  await expect(head).toContainText(/\d{2}\/\d{2}\/\d{4}/);
  // Five answers in words per question, S5 with "not applicable", each a target of at least 44×44 px.
  for (const question of SCALE_QUESTIONS_VI) {
    const group = page.getByRole("group", { name: question });
    for (const label of ["Rất hài lòng", "Hài lòng", "Bình thường", "Không hài lòng", "Rất không hài lòng"]) {
      const box = await group.locator("label.choice", { has: page.getByRole("radio", { name: label, exact: true }) }).boundingBox();
      expect(box!.height).toBeGreaterThanOrEqual(44);
      expect(box!.width).toBeGreaterThanOrEqual(44);
    }
  }
  await expect(page.getByRole("group", { name: /góp ý, phản ánh/ }).getByRole("radio", { name: "Không áp dụng / không có ý kiến" })).toBeVisible();
  await expectNoHorizontalScroll(page);

  // Half an answer: two questions, an expectation, a comment, and a phone number without consent.
  await answer(page, SCALE_QUESTIONS_VI[0]!, "Rất hài lòng");
  await answer(page, SCALE_QUESTIONS_VI[2]!, "Bình thường");
  await page.getByRole("checkbox", { name: "Rút ngắn thời gian" }).check();
  await page.getByLabel("Ý kiến khác").fill("Chỗ ngồi chờ hơi chật.");
  await page.getByRole("textbox", { name: "Số điện thoại" }).fill("0912 345 678");
  const [refused] = await Promise.all([page.waitForResponse(isPost(`${link}/answer`)), page.getByRole("button", { name: "Gửi đánh giá" }).click()]);
  expect(refused.status()).toBe(422);
  await expect(page.getByRole("alert")).toContainText("Phiếu chưa gửi được");
  const s2 = page.getByRole("group", { name: SCALE_QUESTIONS_VI[1]! });
  await expect(s2).toContainText("Vui lòng chọn một mức đánh giá.");
  await expect(page.getByRole("group", { name: /Nhận phản hồi/ })).toContainText("Vui lòng đánh dấu đồng ý");
  // What was given is still there.
  await expect(page.getByRole("group", { name: SCALE_QUESTIONS_VI[0]! }).getByRole("radio", { name: "Rất hài lòng", exact: true })).toBeChecked();
  await expect(page.getByRole("group", { name: SCALE_QUESTIONS_VI[2]! }).getByRole("radio", { name: "Bình thường", exact: true })).toBeChecked();
  await expect(page.getByLabel("Ý kiến khác")).toHaveValue("Chỗ ngồi chờ hơi chật.");
  await expect(page.getByRole("textbox", { name: "Số điện thoại" })).toHaveValue("0912 345 678");
  // The summary links to the question.
  await expect(page.getByRole("alert").getByRole("link", { name: /về thủ tục hành chính/ })).toHaveAttribute("href", "#q-S2");

  await answer(page, SCALE_QUESTIONS_VI[1]!, "Hài lòng");
  await answer(page, SCALE_QUESTIONS_VI[3]!, "Không hài lòng");
  await answer(page, SCALE_QUESTIONS_VI[4]!, "Không áp dụng / không có ý kiến");
  await page.getByRole("checkbox", { name: /Tôi đồng ý/ }).check();
  const [saved] = await Promise.all([page.waitForResponse(isPost(`${link}/answer`)), page.getByRole("button", { name: "Gửi đánh giá" }).click()]);
  expect(saved.status()).toBe(303);
  await expect(page.getByRole("heading", { level: 1, name: "Cảm ơn Ông/Bà đã đánh giá" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Điều gì xảy ra tiếp theo" })).toBeVisible();
  await expectNoHorizontalScroll(page);
  await context.close();
});

test("with JavaScript, a citizen switches to English halfway and keeps the answers given", async ({ browser, consoleErrors }) => {
  const [link] = await issueSurveyLinks(browser, consoleErrors, 1);
  const { context, page } = await citizenPhone(browser, consoleErrors);
  await page.goto(link!);
  // The form needs no script, so the page ships none: nothing to download on a slow phone.
  await expect(page.locator("script")).toHaveCount(0);
  await answer(page, SCALE_QUESTIONS_VI[0]!, "Hài lòng");
  await answer(page, SCALE_QUESTIONS_VI[1]!, "Rất không hài lòng");
  await page.getByLabel("Ý kiến khác").fill("Cần thêm bảng hướng dẫn.");
  await page.getByRole("button", { name: "English" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Satisfaction survey" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("group", { name: /access to the service/ }).getByRole("radio", { name: "Satisfied", exact: true })).toBeChecked();
  await expect(page.getByRole("group", { name: /with the procedure/ }).getByRole("radio", { name: "Very dissatisfied", exact: true })).toBeChecked();
  await expect(page.getByLabel("Other comments")).toHaveValue("Cần thêm bảng hướng dẫn.");
  await page.getByRole("group", { name: /with the officials/ }).getByRole("radio", { name: "Very satisfied", exact: true }).check();
  await page.getByRole("group", { name: /with the result/ }).getByRole("radio", { name: "Neutral", exact: true }).check();
  await page.getByRole("group", { name: /feedback and complaints/ }).getByRole("radio", { name: "Not applicable / no opinion" }).check();
  await page.getByRole("button", { name: "Send" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Thank you for your feedback" })).toBeVisible();
  // The link again: answered, in the language chosen; back to Vietnamese with the plain link.
  await page.goto(link!);
  await expect(page.getByRole("heading", { level: 1, name: "This survey has been answered" })).toBeVisible();
  await page.getByRole("link", { name: "Tiếng Việt" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Phiếu này đã được trả lời" })).toBeVisible();
  await context.close();
});

test("the survey can be completed with the keyboard alone", async ({ browser, consoleErrors }) => {
  const [link] = await issueSurveyLinks(browser, consoleErrors, 1);
  const { context, page } = await citizenPhone(browser, consoleErrors);
  await page.goto(link!);
  const focused = () => page.evaluate(() => {
    const el = document.activeElement as HTMLInputElement | HTMLButtonElement | null;
    return { name: el?.getAttribute("name") ?? "", type: el?.getAttribute("type") ?? el?.tagName ?? "", value: el?.getAttribute("value") ?? "", text: el?.textContent ?? "" };
  });
  // Tab from the top of the page to each scale question; Space chooses the focused answer.
  const answered = new Set<string>();
  for (let i = 0; i < 60 && answered.size < 6; i++) {
    await page.keyboard.press("Tab");
    const f = await focused();
    if (f.type === "radio" && !answered.has(f.name)) {
      // Arrow down moves within the group: "Hài lòng" instead of the first answer.
      await page.keyboard.press("ArrowDown");
      answered.add(f.name);
    }
  }
  expect([...answered].sort()).toEqual(["q.S0", "q.S1", "q.S2", "q.S3", "q.S4", "q.S5"]);
  for (let i = 0; i < 40; i++) {
    const f = await focused();
    if (f.value === "submit") break;
    await page.keyboard.press("Tab");
  }
  expect((await focused()).text).toBe("Gửi đánh giá");
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 1, name: "Cảm ơn Ông/Bà đã đánh giá" })).toBeVisible();
  await context.close();
});

test("every refusal has its own page and status: unknown, expired, answered, too many attempts", async ({ browser, consoleErrors, playwright }) => {
  test.setTimeout(90_000);
  consoleErrors.allow(/status of (404|410|429)/);
  const [link] = await issueSurveyLinks(browser, consoleErrors, 1);
  const { context, page } = await citizenPhone(browser, consoleErrors, { javaScriptEnabled: false });

  for (const path of ["/s/abc", `/s/${"Z".repeat(22)}`]) {
    const response = await page.goto(path);
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { level: 1, name: "Không tìm thấy phiếu khảo sát" })).toBeVisible();
  }
  // English is a link away on every such page.
  await page.getByRole("link", { name: "English" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Survey not found" })).toBeVisible();
  await page.getByRole("link", { name: "Tiếng Việt" }).click();

  // The demo year's links: each is answered or has expired.
  const seen = new Map<string, string>();
  for (const token of demoYearTokens(12)) {
    const response = await page.goto(`/s/${token}`);
    const heading = await page.getByRole("heading", { level: 1 }).innerText();
    expect(response?.status(), heading).toBe(heading === "Phiếu khảo sát đã hết hạn" ? 410 : 200);
    seen.set(heading, token);
  }
  expect([...seen.keys()].sort()).toEqual(["Phiếu khảo sát đã hết hạn", "Phiếu này đã được trả lời"]);
  const api = await playwright.request.newContext({ baseURL: new URL(page.url()).origin, extraHTTPHeaders: { "x-forwarded-for": citizenAddress() } });
  const expired = await api.post(`/s/${seen.get("Phiếu khảo sát đã hết hạn")}/answer`, { form: { version: "1", "q.S1": "5" }, maxRedirects: 0 });
  expect(expired.status()).toBe(410);
  expect(await expired.text()).toContain("Thời hạn trả lời của phiếu này đã kết thúc");

  // Answering the same link twice: the thank-you page again, nothing stored twice.
  await page.goto(link!);
  for (const q of SCALE_QUESTIONS_VI) await page.getByRole("group", { name: q }).getByRole("radio").first().check();
  const form = await page.locator("#survey-form").evaluate((f) => [...new FormData(f as HTMLFormElement).entries()].map(([k, v]) => [k, String(v)]));
  await page.getByRole("button", { name: "Gửi đánh giá" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Cảm ơn Ông/Bà đã đánh giá" })).toBeVisible();
  const again = await api.post(`${link}/answer`, { form: Object.fromEntries(form), maxRedirects: 0 });
  expect(again.status()).toBe(303);
  expect(again.headers()["location"]).toBe(`${link}/thanks`);

  // A client that tries too many wrong links is paused, even for a good link; others are not.
  const guesser = await browser.newContext({ viewport: { width: 360, height: 740 }, extraHTTPHeaders: { "x-forwarded-for": "203.0.113.77" } });
  consoleErrors.watch(guesser);
  const guess = await guesser.newPage();
  for (let i = 0; i < 10; i++) expect((await guess.goto(`/s/${"G".repeat(20)}${String(i).padStart(2, "0")}`))?.status()).toBe(404);
  const [fresh] = await issueSurveyLinks(browser, consoleErrors, 1);
  expect((await guess.goto(fresh!))?.status()).toBe(429);
  await expect(guess.getByRole("heading", { level: 1, name: "Quá nhiều lần thử" })).toBeVisible();
  const limited = await api.post(`${fresh}/answer`, { form: Object.fromEntries(form), headers: { "x-forwarded-for": "203.0.113.77" }, maxRedirects: 0 });
  expect(limited.status()).toBe(429);
  expect(Number(limited.headers()["retry-after"])).toBeGreaterThan(0);
  expect(await limited.text()).toContain("Quá nhiều lần thử");
  await page.goto(fresh!);
  await expect(page.getByRole("heading", { level: 1, name: "Phiếu khảo sát sự hài lòng" })).toBeVisible();

  await Promise.all([context.close(), guesser.close(), api.dispose()]);
});

test("a malformed post gets a 4xx with a clear message and uses up nothing", async ({ browser, consoleErrors, playwright }) => {
  const [link] = await issueSurveyLinks(browser, consoleErrors, 1);
  const { context, page } = await citizenPhone(browser, consoleErrors);
  await page.goto(link!);
  const version = await page.locator("input[name=version]").inputValue();
  const api = await playwright.request.newContext({ baseURL: new URL(page.url()).origin, extraHTTPHeaders: { "x-forwarded-for": citizenAddress() } });
  const valid = { version, "q.S1": "5", "q.S2": "4", "q.S3": "4", "q.S4": "5", "q.S5": "na", intent: "submit" };
  const cases: [Record<string, string>, number, string][] = [
    [{ ...valid, "q.S2": "6" }, 422, "Lựa chọn không hợp lệ. Vui lòng chọn lại."],
    [{ ...valid, "q.E": "hoi-lo" }, 422, "Lựa chọn không hợp lệ. Vui lòng chọn lại."],
    [{ ...valid, "q.C": "x".repeat(2001) }, 422, "Ý kiến quá dài, vui lòng rút gọn."],
    [{ ...valid, "q.S9": "5" }, 422, "Câu hỏi không thuộc phiếu này."],
    [{ ...valid, admin: "1" }, 400, "Phiếu gửi lên có nội dung không thuộc phiếu khảo sát."],
    [{ ...valid, "q.C": "x".repeat(40_000) }, 413, "Phiếu gửi lên không đọc được."],
  ];
  for (const [form, status, message] of cases) {
    const response = await api.post(`${link}/answer`, { form, maxRedirects: 0 });
    expect(response.status(), message).toBe(status);
    const html = await response.text();
    expect(html).toContain(message);
    expect(html).not.toMatch(/\.js:\d+:\d+/);
  }
  // Still open. Fifty copies of the valid sheet at once: every one gets the thank-you page, none an error.
  const all = await Promise.all(Array.from({ length: 50 }, () => api.post(`${link}/answer`, { form: valid, maxRedirects: 0 })));
  expect(all.map((r) => r.status())).toEqual(Array(50).fill(303));
  expect(new Set(all.map((r) => r.headers()["location"]))).toEqual(new Set([`${link}/thanks`]));
  await page.goto(link!);
  await expect(page.getByRole("heading", { level: 1, name: "Phiếu này đã được trả lời" })).toBeVisible();
  await Promise.all([context.close(), api.dispose()]);
});

test("a standing QR takes the same survey, marked unverified, and limits one client", async ({ browser, consoleErrors, playwright }) => {
  consoleErrors.allow(/status of (404|429)/);
  const { context, page } = await citizenPhone(browser, consoleErrors, { javaScriptEnabled: false });
  expect((await page.goto("/q/NOPE-0000"))?.status()).toBe(404);
  await page.goto("/q/PB-KHASON");
  await expect(page.getByRole("heading", { level: 1, name: "Phiếu khảo sát sự hài lòng" })).toBeVisible();
  await expect(page.locator(".survey-head")).toContainText("Xã Kha Sơn");
  await expect(page.getByText("phiếu chưa xác thực")).toBeVisible();
  for (const q of SCALE_QUESTIONS_VI) await page.getByRole("group", { name: q }).getByRole("radio", { name: "Hài lòng", exact: true }).check();
  const form = await page.locator("#survey-form").evaluate((f) => [...new FormData(f as HTMLFormElement).entries()].map(([k, v]) => [k, String(v)]));
  await page.getByRole("button", { name: "Gửi đánh giá" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Cảm ơn Ông/Bà đã đánh giá" })).toBeVisible();
  await expect(page.getByText("chưa xác thực và tổng hợp riêng")).toBeVisible();

  const api = await playwright.request.newContext({ baseURL: new URL(page.url()).origin, extraHTTPHeaders: { "x-forwarded-for": "198.51.100.23" } });
  const statuses: number[] = [];
  for (let i = 0; i < 6; i++) statuses.push((await api.post("/q/PB-KHASON/answer", { form: Object.fromEntries(form), maxRedirects: 0 })).status());
  expect(statuses).toEqual([303, 303, 303, 303, 303, 429]);
  await Promise.all([context.close(), api.dispose()]);
});

test("standing-QR answers stay out of the leader's figures until an administrator includes them", async ({ browser, consoleErrors }) => {
  test.setTimeout(120_000);
  const vietnamNow = new Date(Date.now() + 7 * 3600 * 1000);
  const month = `m:${vietnamNow.getUTCFullYear()}-${String(vietnamNow.getUTCMonth() + 1).padStart(2, "0")}`;
  const leader = await signIn(browser, consoleErrors, "lanhdao.khason");
  const responses = async () => {
    await leader.page.goto(`/dashboard?period=${month}`);
    return parseVietnameseNumber(await leader.page.getByTestId("responses").innerText());
  };
  const standingRow = () => leader.page.getByTestId("breakdown").getByRole("row", { name: /QR cố định \(chưa xác thực\)/ });
  const before = await responses();

  // A citizen answers the poster at Kha Sơn's desk: stored, thanked, and not counted.
  const { context, page } = await citizenPhone(browser, consoleErrors, { javaScriptEnabled: false });
  await page.goto("/q/PB-KHASON");
  for (const q of SCALE_QUESTIONS_VI) await page.getByRole("group", { name: q }).getByRole("radio", { name: "Rất hài lòng", exact: true }).check();
  await page.getByRole("button", { name: "Gửi đánh giá" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Cảm ơn Ông/Bà đã đánh giá" })).toBeVisible();
  expect(await responses()).toBe(before);
  await leader.page.goto(`/dashboard/by/channel?period=${month}`);
  await expect(standingRow()).toHaveCount(0);

  // The administrator's setting brings them in, on the overview and by channel; then back out.
  const admin = await signIn(browser, consoleErrors, "quantri");
  const include = async (on: boolean) => {
    await admin.page.goto("/admin/settings");
    const form = admin.page.getByTestId("general-form");
    await form.getByLabel("Tính cả phiếu qua mã QR cố định (chưa xác thực) vào số liệu chính thức").setChecked(on);
    await form.getByRole("button", { name: "Lưu" }).click();
    await expect(form.getByRole("status")).toHaveText("Đã lưu thay đổi.");
  };
  try {
    await include(true);
    expect(await responses()).toBeGreaterThan(before);
    await leader.page.goto(`/dashboard/by/channel?period=${month}`);
    await expect(standingRow()).toHaveCount(1);
  } finally {
    await include(false);
  }
  expect(await responses()).toBe(before);
  await Promise.all([context.close(), leader.context.close(), admin.context.close()]);
});
