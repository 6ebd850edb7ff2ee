import { describe, expect, it } from "vitest";
import { DatabaseUnavailableError, openDatabase } from "./client";

describe("openDatabase", () => {
  it("refuses an unreachable PostgreSQL with one clear line", async () => {
    const error = await openDatabase({ url: "postgres://postgres@127.0.0.1:1/nowhere" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseUnavailableError);
    const message = (error as Error).message;
    expect(message).toMatch(/^Cannot reach PostgreSQL at 127\.0\.0\.1:1\/nowhere: /);
    expect(message).not.toContain("\n");
  });
});
