import { test as base, type BrowserContext } from "@playwright/test";

export { expect } from "@playwright/test";

/** Matched against `"<message> (<source url>)"`: a string as a substring, a RegExp as is. */
export type ConsoleErrorPattern = string | RegExp;

export type ConsoleErrors = {
  /** Declares an error this test expects, e.g. the 401 a failed sign-in logs. */
  allow(pattern: ConsoleErrorPattern): void;
  /** Watches a context the test made itself (`browser.newContext()`); `page` and `context` are watched already. */
  watch(context: BrowserContext): void;
};

type Fixtures = {
  /** Errors a whole file or group expects: `test.use({ expectedConsoleErrors: [/…/] })`. */
  expectedConsoleErrors: ConsoleErrorPattern[];
  consoleErrors: ConsoleErrors;
};

function matches(message: string, pattern: ConsoleErrorPattern): boolean {
  return typeof pattern === "string" ? message.includes(pattern) : pattern.test(message);
}

/**
 * The project's `test`: fails a test when any page logs a console error or throws an uncaught
 * error that the test did not declare. A broken hydration or a failed fetch often shows nowhere
 * else.
 */
export const test = base.extend<Fixtures>({
  expectedConsoleErrors: [[], { option: true }],

  // The fixture callback is named `provide`, not `use`: React's hooks lint rule claims `use`.
  consoleErrors: async ({ expectedConsoleErrors }, provide) => {
    const seen: string[] = [];
    const allowed = [...expectedConsoleErrors];
    const watched = new WeakSet<BrowserContext>();
    await provide({
      allow: (pattern) => void allowed.push(pattern),
      watch: (context) => {
        if (watched.has(context)) return;
        watched.add(context);
        context.on("console", (message) => {
          if (message.type() !== "error") return;
          const source = message.location().url;
          seen.push(source ? `${message.text()} (${source})` : message.text());
        });
        context.on("weberror", (webError) => {
          const error = webError.error();
          seen.push(`Uncaught ${error.name}: ${error.message} (${webError.page()?.url() ?? "unknown page"})`);
        });
      },
    });
    const unexpected = seen.filter((message) => !allowed.some((pattern) => matches(message, pattern)));
    if (unexpected.length > 0) {
      throw new Error(
        `Unexpected browser console errors (declare expected ones with consoleErrors.allow):\n${unexpected
          .map((m) => `  - ${m}`)
          .join("\n")}`,
      );
    }
  },

  context: async ({ context, consoleErrors }, provide) => {
    consoleErrors.watch(context);
    await provide(context);
  },
});
