import type { APIRequestContext, Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { signIn } from "./pages/staff";

const BIRTH = "1.001193"; // Đăng ký khai sinh, handled by communes
const KHA_SON = "TN-XKS";
const HUONG_SON = "TN-XPB"; // Xã Phú Bình, which Hương Sơn merged into

async function createKey(page: Page, name: string, agency: RegExp): Promise<string> {
  await page.goto("/admin/api-keys");
  await page.getByLabel("Tên khoá (hệ thống, đơn vị sử dụng)").fill(name);
  const option = page.getByLabel("Phạm vi: cơ quan và các đơn vị trực thuộc").locator("option", { hasText: agency });
  await page.getByLabel("Phạm vi: cơ quan và các đơn vị trực thuộc").selectOption((await option.first().getAttribute("value"))!);
  await page.getByRole("button", { name: "Tạo khoá" }).click();
  const key = (await page.getByTestId("new-api-key").innerText()).trim();
  expect(key).toMatch(/^hl_[0-9a-f]{8}_[A-Za-z0-9_-]{43}$/);
  return key;
}

function post(request: APIRequestContext, key: string | null, data: unknown, query = "") {
  return request.post(`/api/v1/dossiers${query}`, { headers: key ? { authorization: `Bearer ${key}` } : {}, data });
}

const dossier = (code: string, extra: Record<string, unknown> = {}) => ({
  dossierCode: code,
  agencyCode: KHA_SON,
  procedureCode: BIRTH,
  officerCode: "congchuc.khason",
  receivedAt: "2026-01-05T08:00:00+07:00",
  completedAt: new Date().toISOString().replace("Z", "+00:00"),
  ...extra,
});

test("the one-stop system reports a dossier and a citizen answers through the returned URL", async ({ browser, consoleErrors, request }) => {
  test.setTimeout(60_000);
  const admin = await signIn(browser, consoleErrors, "quantri");
  const key = await createKey(admin.page, `Một cửa Kha Sơn ${Date.now()}`, /Xã Kha Sơn/);
  // Shown once: the list shows only the prefix.
  await admin.page.reload();
  await expect(admin.page.getByTestId("new-api-key")).toHaveCount(0);
  await expect(admin.page.getByRole("cell", { name: `${key.slice(0, 11)}_…` })).toBeVisible();

  const code = `E2E-API-${Date.now()}`;
  const created = await post(request, key, dossier(code), "?qr=svg");
  expect(created.status()).toBe(201);
  const invitation = await created.json();
  expect(invitation).toMatchObject({ dossierCode: code, agencyCode: KHA_SON, status: "issued" });
  expect(invitation.qrSvg).toContain("<svg");
  expect(invitation.surveyUrl).toMatch(/\/s\/[A-Za-z0-9_-]{22}$/);

  // Idempotent: the same dossier returns the same invitation.
  const retry = await post(request, key, dossier(code));
  expect(retry.status()).toBe(200);
  expect((await retry.json()).id).toBe(invitation.id);

  // A batch, with the known dossier in it.
  const batch = await post(request, key, { dossiers: [dossier(`${code}-b1`), dossier(code), dossier(`${code}-b2`)] });
  expect(batch.status()).toBe(201);
  const list = (await batch.json()).invitations as { id: string }[];
  expect(list).toHaveLength(3);
  expect(list[1]!.id).toBe(invitation.id);

  const citizenContext = await browser.newContext({ viewport: { width: 360, height: 740 } });
  consoleErrors.watch(citizenContext);
  const citizen = await citizenContext.newPage();
  await citizen.goto(invitation.surveyUrl);
  for (const question of [/tiếp cận dịch vụ/, /thủ tục hành chính/, /sự phục vụ của công chức/, /kết quả giải quyết/]) {
    await citizen.getByRole("group", { name: question }).getByRole("radio", { name: "Rất hài lòng", exact: true }).check();
  }
  await citizen.getByRole("group", { name: /góp ý, phản ánh/ }).getByRole("radio", { name: "Không áp dụng / không có ý kiến", exact: true }).check();
  await citizen.getByRole("button", { name: "Gửi đánh giá" }).click();
  await expect(citizen.getByRole("heading", { name: "Cảm ơn Ông/Bà đã đánh giá" })).toBeVisible();

  const status = await request.get(`/api/v1/invitations/${invitation.id}`, { headers: { authorization: `Bearer ${key}` } });
  expect(status.status()).toBe(200);
  const body = await status.json();
  expect(body).toMatchObject({ id: invitation.id, status: "answered", dossierCode: code });
  expect(Object.keys(body).sort()).toEqual(["agencyCode", "answeredAt", "dossierCode", "expiresAt", "id", "issuedAt", "status"]);

  const doc = await (await request.get("/api/v1/openapi.json")).json();
  expect(doc.openapi).toBe("3.1.0");
  expect(doc.components.schemas.DossierReport.required).toContain("completedAt");
  await Promise.all([admin.context.close(), citizenContext.close()]);
});

test("wrong keys, other subtrees, malformed bodies and unknown codes get the right 4xx and write nothing", async ({ browser, consoleErrors, request }) => {
  const admin = await signIn(browser, consoleErrors, "quantri");
  const khaSon = await createKey(admin.page, `Kha Sơn ${Date.now()}`, /Xã Kha Sơn/);
  const revoked = await createKey(admin.page, `Thu hồi ${Date.now()}`, /Xã Kha Sơn/);
  await admin.page.getByRole("button", { name: new RegExp(`Thu hồi khoá Thu hồi`) }).first().click();
  await expect(admin.page.getByText("Đã thu hồi khoá.")).toBeVisible();
  const code = `E2E-API-BAD-${Date.now()}`;

  const expectProblem = async (response: Awaited<ReturnType<typeof post>>, status: number, field?: string) => {
    expect(response.status()).toBe(status);
    expect(response.headers()["content-type"]).toContain("application/problem+json");
    const body = await response.json();
    expect(body).toMatchObject({ status, title: expect.any(String), type: expect.any(String) });
    if (field) expect(body.errors.map((e: { field: string }) => e.field)).toContain(field);
  };

  await expectProblem(await post(request, null, dossier(code)), 401);
  await expectProblem(await post(request, `${khaSon.slice(0, -2)}xx`, dossier(code)), 401);
  await expectProblem(await post(request, revoked, dossier(code)), 401);
  await expectProblem(await post(request, khaSon, dossier(code, { agencyCode: HUONG_SON })), 403, "agencyCode");
  await expectProblem(await post(request, khaSon, { dossiers: [dossier(code), dossier(`${code}-2`, { agencyCode: HUONG_SON })] }), 403, "dossiers[1].agencyCode");
  await expectProblem(await post(request, khaSon, dossier(code, { completedAt: "2026-01-05T10:00:00" })), 400, "completedAt");
  await expectProblem(await post(request, khaSon, { ...dossier(code), dossierCode: undefined }), 400, "dossierCode");
  await expectProblem(await post(request, khaSon, { dossiers: [dossier(code), { ...dossier(`${code}-3`), surprise: 1 }] }), 400, "dossiers[1].surprise");
  const notJson = await request.post("/api/v1/dossiers", { headers: { authorization: `Bearer ${khaSon}`, "content-type": "application/json" }, data: "{oops" });
  await expectProblem(notJson, 400, "body");
  await expectProblem(await post(request, khaSon, dossier(code, { agencyCode: "KHONG-CO" })), 422, "agencyCode");
  await expectProblem(await post(request, khaSon, dossier(code, { procedureCode: "9.999999" })), 422, "procedureCode");
  await expectProblem(await post(request, khaSon, { dossiers: [dossier(code), dossier(`${code}-4`, { deskCode: "Q99" })] }), 422, "dossiers[1].deskCode");

  // Nothing of the rejected requests was stored: the dossier is new now.
  const first = await post(request, khaSon, dossier(code));
  expect(first.status()).toBe(201);
  const unknownInvitation = await request.get("/api/v1/invitations/00000000-0000-4000-8000-000000000000", { headers: { authorization: `Bearer ${khaSon}` } });
  await expectProblem(unknownInvitation, 404);
  await admin.context.close();
});
