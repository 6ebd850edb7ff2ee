import { describe, expect, it } from "vitest";
import { drillLink, parseDrillQuery } from "./drill";

const query = (href: string) => Object.fromEntries(new URL(href, "http://x").searchParams);

describe("drillLink and parseDrillQuery", () => {
  it("give back the filters a link was made with", () => {
    const href = drillLink({ agencyId: 12, period: "ry:2023", element: "procedure", rating: "low", procedureId: 7, officerId: 9, channel: "kiosk", text: " hài lòng ", page: 3 });
    expect(href).toBe("/dashboard/comments?agency=12&period=ry%3A2023&element=procedure&rating=low&procedure=7&officer=9&channel=kiosk&text=h%C3%A0i+l%C3%B2ng&page=3");
    expect(parseDrillQuery(query(href))).toEqual({
      filters: { element: "procedure", rating: "low", procedureId: 7, officerId: 9, channel: "kiosk", text: "hài lòng" },
      page: 3,
      invalid: [],
    });
  });

  it("leave out what is not filtered, and the first page", () => {
    expect(drillLink({ agencyId: 5, period: "m:2023-04", text: "  ", page: 1 })).toBe("/dashboard/comments?agency=5&period=m%3A2023-04");
    expect(parseDrillQuery({ agency: "5", period: "m:2023-04", element: "", rating: "", procedure: "", channel: "", text: "" })).toEqual({ filters: {}, page: 1, invalid: [] });
  });

  it("name every value the page does not offer, instead of guessing", () => {
    const parsed = parseDrillQuery({ element: "S9", rating: "0", procedure: "abc", officer: "-1", channel: "fax", text: "x".repeat(101) });
    expect(parsed.invalid).toEqual(["element", "rating", "procedure", "officer", "channel", "text"]);
    expect(parsed.filters).toEqual({});
  });

  it("read the older ?low=1 as rating 1–2, and bound the page", () => {
    expect(parseDrillQuery({ low: "1" }).filters).toEqual({ rating: "low" });
    expect(parseDrillQuery({ low: "1", rating: "5" }).filters).toEqual({ rating: "5" });
    expect(parseDrillQuery({ page: "99999" }).page).toBe(10_000);
    expect(parseDrillQuery({ page: "0" }).page).toBe(1);
    expect(parseDrillQuery({ page: "x" }).page).toBe(1);
    expect(parseDrillQuery({ element: ["officials", "access"] }).filters).toEqual({ element: "officials" });
  });
});
