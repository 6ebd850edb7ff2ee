import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { issueAtDesk } from "./pages/desk";
import { signIn } from "./pages/staff";

/**
 * Prints the page to PDF as Chromium would for the printer, rasterises it at 300 dpi (a thermal
 * printer has 203) and decodes every QR code on it with zbar: what a phone would read.
 */
async function decodePrinted(page: Page, name: string): Promise<string[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "slip-"));
  try {
    const pdf = path.join(dir, `${name}.pdf`);
    await page.emulateMedia({ media: "print" });
    await page.pdf({ path: pdf, preferCSSPageSize: true, printBackground: true });
    execFileSync("pdftoppm", ["-r", "300", "-gray", "-png", pdf, path.join(dir, "page")]);
    const images = fs.readdirSync(dir).filter((f) => f.endsWith(".png")).map((f) => path.join(dir, f));
    expect(images.length).toBeGreaterThan(0);
    let out = "";
    try {
      out = execFileSync("zbarimg", ["--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", ...images], { encoding: "utf8" });
    } catch (err) {
      // zbarimg exits 4 when it finds nothing: the assertion below says so.
      out = String((err as { stdout?: string }).stdout ?? "");
    }
    return out.split("\n").map((l) => l.trim()).filter(Boolean);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Width of the printed QR in mm, and mm per module (quiet zone included). */
async function printedModuleMm(page: Page): Promise<number[]> {
  return page.locator(".slip-qr svg").evaluateAll((svgs) =>
    svgs.map((svg) => {
      const width = Number.parseFloat(svg.getAttribute("width") ?? "0");
      const modules = Number(svg.getAttribute("viewBox")!.split(" ")[2]);
      return width / modules;
    }),
  );
}

test("every slip layout prints a QR that decodes to the exact survey URL", async ({ browser, consoleErrors }) => {
  test.setTimeout(120_000);
  const officer = await signIn(browser, consoleErrors, "congchuc.khason");
  const page = officer.page;
  const stamp = Date.now();
  const issued: { link: string; id: string }[] = [];
  for (let i = 0; i < 8; i++) {
    const { link, invitationUrl } = await issueAtDesk(page, `E2E-SLIP-${stamp}-${i}`);
    issued.push({ link, id: invitationUrl.split("/desk/invitations/")[1]!.split("?")[0]! });
  }
  const { link, id } = issued[0]!;

  for (const layout of ["80mm", "58mm"]) {
    await page.goto(`/desk/invitations/${id}/print?layout=${layout}`);
    await expect(page.locator("article.slip")).toContainText("Quét mã QR để đánh giá sự hài lòng");
    for (const mm of await printedModuleMm(page)) expect(mm).toBeGreaterThanOrEqual(0.5);
    expect(await decodePrinted(page, layout), layout).toEqual([link]);
    await page.emulateMedia({ media: "screen" });
  }

  // The A4 sheet of 8 chosen slips: every one decodes to its own URL.
  await page.goto(`/desk/print?ids=${issued.map((s) => s.id).join(",")}`);
  await expect(page.locator("article.slip")).toHaveCount(8);
  for (const mm of await printedModuleMm(page)) expect(mm).toBeGreaterThanOrEqual(0.5);
  const decoded = await decodePrinted(page, "a4");
  expect(decoded.sort()).toEqual(issued.map((s) => s.link).sort());
  await officer.context.close();
});
