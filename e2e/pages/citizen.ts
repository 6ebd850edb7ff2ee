import { expect, type Browser, type BrowserContextOptions, type Page } from "@playwright/test";
import type { ConsoleErrors } from "../fixtures";
import { signIn } from "./staff";

/** Survey links freshly issued at the Kha Sơn commune desk, as an officer does after handing over a result. */
export async function issueSurveyLinks(browser: Browser, consoleErrors: ConsoleErrors, count: number): Promise<string[]> {
  const officer = await signIn(browser, consoleErrors, "congchuc.khason");
  const links: string[] = [];
  for (let i = 0; i < count; i++) {
    await officer.page.goto("/desk");
    await officer.page.getByLabel("Mã hồ sơ").fill(`E2E-S-${Date.now()}-${i}`);
    await officer.page.getByLabel("Thủ tục hành chính").selectOption({ index: 1 });
    await officer.page.getByRole("button", { name: "Ghi nhận đã trả kết quả và phát khảo sát" }).click();
    const href = await officer.page.getByTestId("survey-link").getAttribute("href");
    expect(href).toMatch(/\/s\/[A-Za-z0-9_-]{22}$/);
    links.push(new URL(href!).pathname);
  }
  await officer.context.close();
  return links;
}

let phones = 0;

/**
 * An address of its own for each citizen, as a proxy would forward it: rate limits count per
 * client, and every test would otherwise be the same client, 127.0.0.1.
 */
export function citizenAddress(): string {
  phones += 1;
  return `10.${process.pid % 250}.${Math.floor(phones / 250) % 250}.${phones % 250}`;
}

/** A citizen's phone: 360 px wide, with or without JavaScript, in a context of its own. */
export async function citizenPhone(browser: Browser, consoleErrors: ConsoleErrors, options: BrowserContextOptions = {}) {
  const context = await browser.newContext({
    viewport: { width: 360, height: 740 },
    extraHTTPHeaders: { "x-forwarded-for": citizenAddress() },
    ...options,
  });
  consoleErrors.watch(context);
  return { context, page: await context.newPage() };
}

export const SCALE_QUESTIONS_VI: RegExp[] = [/tiếp cận dịch vụ/, /về thủ tục hành chính/, /sự phục vụ của công chức/, /kết quả giải quyết/, /góp ý, phản ánh/];

/** Answers one scale question by the words of its answer. */
export async function answer(page: Page, question: RegExp, label: string) {
  await page.getByRole("group", { name: question }).getByRole("radio", { name: label, exact: true }).check();
}

/** Nothing wider than the screen: no sideways scrolling on a phone or at 200 % zoom. */
export async function expectNoHorizontalScroll(page: Page) {
  const { scroll, width } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: window.innerWidth }));
  expect(scroll).toBeLessThanOrEqual(width);
}
