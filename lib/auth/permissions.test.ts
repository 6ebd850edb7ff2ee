import { describe, expect, it } from "vitest";
import { can, homeFor, requirePermission } from "./permissions";

describe("permissions", () => {
  it("grants each role only its own permissions", () => {
    expect(can({ role: "leader" }, "view:dashboard")).toBe(true);
    expect(can({ role: "leader" }, "issue:survey")).toBe(false);
    expect(can({ role: "officer" }, "issue:survey")).toBe(true);
    expect(can({ role: "officer" }, "view:dashboard")).toBe(false);
    expect(can({ role: "kiosk" }, "use:kiosk")).toBe(true);
    expect(can({ role: "kiosk" }, "issue:survey")).toBe(false);
    expect(can({ role: "admin" }, "manage:accounts")).toBe(true);
  });

  it("lets leaders and handlers handle cases, and nobody else", () => {
    expect(can({ role: "leader" }, "handle:cases")).toBe(true);
    expect(can({ role: "handler" }, "handle:cases")).toBe(true);
    expect(can({ role: "handler" }, "view:dashboard")).toBe(false);
    expect(can({ role: "admin" }, "view:cases")).toBe(true);
    expect(can({ role: "admin" }, "handle:cases")).toBe(false);
    expect(can({ role: "officer" }, "view:cases")).toBe(false);
    expect(can({ role: "kiosk" }, "view:cases")).toBe(false);
    expect(can({ role: "leader" }, "receive:alerts")).toBe(true);
    expect(can({ role: "handler" }, "receive:alerts")).toBe(false);
  });

  it("fails closed for unknown roles and missing users", () => {
    expect(can({ role: "superuser" }, "view:dashboard")).toBe(false);
    expect(can({ role: "constructor" }, "view:dashboard")).toBe(false);
    expect(can(null, "view:dashboard")).toBe(false);
    expect(() => requirePermission({ role: "toString" }, "view:dashboard")).toThrow(/missing permission/);
  });

  it("sends each role to its own start page", () => {
    expect(homeFor("leader")).toBe("/dashboard");
    expect(homeFor("officer")).toBe("/desk");
    expect(homeFor("kiosk")).toBe("/kiosk");
    expect(homeFor("handler")).toBe("/cases");
    expect(homeFor("unknown")).toBe("/");
  });
});
