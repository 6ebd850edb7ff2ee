import fs from "node:fs";
import path from "node:path";
import { expect } from "@playwright/test";

export type CapturedMail = { from: string; to: string[]; subject: string; text: string };

/** The folder where `npm test`'s SMTP server writes what the server under test sent. */
function mailDir(): string {
  const dir = process.env.E2E_MAIL_DIR;
  if (!dir) throw new Error("E2E_MAIL_DIR is not set: run the journeys through `npm test` (it starts the SMTP server)");
  return dir;
}

export function allMail(): CapturedMail[] {
  const dir = mailDir();
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")) as CapturedMail);
}

/** Waits until a message to `to` matching `subject` has arrived at the real SMTP server. */
export async function waitForMail(to: string, subject: RegExp): Promise<CapturedMail> {
  let found: CapturedMail | undefined;
  await expect
    .poll(
      () => {
        found = allMail().find((m) => m.to.includes(to) && subject.test(m.subject));
        return Boolean(found);
      },
      { message: `a mail to ${to} with subject ${subject}`, timeout: 120_000, intervals: [250, 500, 1000] },
    )
    .toBe(true);
  return found!;
}
