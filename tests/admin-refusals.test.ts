import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { errorMessage } from "@/app/(staff)/admin/run-action";
import { messagesFor } from "@/lib/i18n";
import { refused } from "@/lib/admin/common";

// Every reason an administration service refuses with, read from the services' source.
const dir = path.join(__dirname, "..", "lib", "admin");
const reasons = [
  ...new Set(
    readdirSync(dir)
      .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"))
      .flatMap((f) => [...readFileSync(path.join(dir, f), "utf8").matchAll(/refused\("([a-z_]+)", "([a-z_]+)"/g)].map((m) => [m[1]!, m[2]!] as const))
      // "invalid" alone names a field instead: its message is the field's ("Thông tin chưa hợp lệ: Mã.").
      .filter(([, reason]) => reason !== "invalid")
      .map(([kind, reason]) => `${kind}:${reason}`),
  ),
].sort();

describe("the refusals of the administration services", () => {
  it("are found in the sources (the reorganisations' among them)", () => {
    expect(reasons).toContain("invalid:effective_not_future");
    expect(reasons).toContain("conflict:successor_in_use");
    expect(reasons.length).toBeGreaterThan(20);
  });

  it.each(["vi", "en"] as const)("each have their own message in %s, never the generic one", (locale) => {
    const t = messagesFor(locale);
    const missing = reasons.filter((r) => {
      const [kind, reason] = r.split(":") as [string, string];
      const shown = errorMessage(refused(kind as never, reason), t);
      return shown === t.admin.errors.generic || shown === (t.admin.errors as Record<string, string>)[kind];
    });
    expect(missing).toEqual([]);
  });
});
