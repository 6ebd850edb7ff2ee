import { expect, test } from "./fixtures";

test("the health endpoint answers once the database is ready", async ({ request }) => {
  const response = await request.get("/api/health");
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toContain("application/json");
  expect(await response.json()).toMatchObject({ ok: true });
});
