import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { TrendChart, TrendLegend, trendBreaks } from "@/app/(staff)/dashboard/trend-chart";
import { messagesFor } from "@/lib/i18n";

const t = messagesFor("vi");
const months = ["2024-12", "2025-01", "2025-02", "2025-03", "2025-04", "2025-05", "2025-06", "2025-07", "2025-08", "2025-09", "2025-10", "2025-11"];
const current = months.map((month, i) => ({ month, value: 80 + i / 2 }));
const merge = { effectiveAt: new Date("2025-06-30T17:00:00Z"), basis: "Nghị quyết 1683/NQ-UBTVQH15", predecessors: ["Xã Kha Sơn", "Xã Tân Đức"], successors: ["Xã Kha Sơn"] };

const chart = (breaks: ReturnType<typeof trendBreaks>) =>
  renderToStaticMarkup(createElement(TrendChart, { current, lastYear: null, target: null, breaks, title: "Xu hướng", id: "c", t, locale: "vi" }));

describe("the trend chart's structure break", () => {
  it("is named by its day, units and basis, in Vietnam time", () => {
    expect(trendBreaks([merge], t)).toEqual([{ month: "2025-07", text: "Sắp xếp đơn vị từ 01/07/2025: Xã Kha Sơn, Xã Tân Đức → Xã Kha Sơn (Nghị quyết 1683/NQ-UBTVQH15)" }]);
  });

  it("is drawn between June and July, told in the chart's description and in the legend", () => {
    const svg = chart(trendBreaks([merge], t));
    expect(svg.match(/data-testid="trend-break"/g)).toHaveLength(1);
    expect(svg).toContain("Sắp xếp đơn vị từ 01/07/2025");
    // Half a step before July's point: between the two months.
    const x = Number(/data-testid="trend-break"><line x1="([\d.]+)"/.exec(svg)![1]);
    const points = [...svg.matchAll(/<circle cx="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(x).toBeGreaterThan(points[6]!);
    expect(x).toBeLessThan(points[7]!);
    const legend = renderToStaticMarkup(createElement(TrendLegend, { withLastYear: false, target: null, breaks: trendBreaks([merge], t), t, locale: "vi" }));
    expect(legend).toContain("Xã Kha Sơn, Xã Tân Đức → Xã Kha Sơn");
  });

  it("is not drawn for a month outside the chart, nor without a break", () => {
    expect(chart(trendBreaks([{ ...merge, effectiveAt: new Date("2026-06-30T17:00:00Z") }], t))).not.toContain("trend-break");
    expect(chart([])).not.toContain("trend-break");
  });
});

describe("the trend chart over three years", () => {
  const three = Array.from({ length: 36 }, (_, i) => ({ month: `${2023 + Math.floor((i + 11) / 12)}-${String(((i + 11) % 12) + 1).padStart(2, "0")}`, value: 85 + (i % 7) }));
  const render = (series: typeof current) =>
    renderToStaticMarkup(createElement(TrendChart, { current: series, lastYear: null, target: null, breaks: [], title: "Xu hướng", id: "c", t, locale: "vi" }));

  it("keeps every month's point but leaves the values to the table, and puts each year under its January only", () => {
    const svg = render(three);
    expect(svg.match(/<circle /g)).toHaveLength(36);
    expect(svg).not.toContain("value-label");
    // 12/2023 first: its year would sit on 2024's; 2024, 2025, 2026 under their Januaries.
    expect([...svg.matchAll(/class="axis-year">(\d{4})</g)].map((m) => m[1])).toEqual(["2024", "2025", "2026"]);
  });

  it("labels every value of a twelve-month trend, with the first month's year", () => {
    const svg = render(current);
    expect(svg.match(/class="value-label"/g)).toHaveLength(12);
    expect([...svg.matchAll(/class="axis-year">(\d{4})</g)].map((m) => m[1])).toEqual(["2024", "2025"]);
  });
});

describe("the choice of view for a reorganised unit", () => {
  it("links both views, marks the one shown, and says what it counts", async () => {
    const { FigureViewChoice } = await import("@/app/components/figure-view-choice");
    const html = renderToStaticMarkup(createElement(FigureViewChoice, { view: "restated", url: "/dashboard/trend?agency=7", t }));
    // The recorded reading is the default: its link carries no parameter.
    expect(html).toContain('href="/dashboard/trend?agency=7"');
    expect(html).toContain('<a aria-current="page" href="/dashboard/trend?agency=7&amp;view=restated">Quy đổi theo cơ cấu hiện nay</a>');
    expect(html).toContain('<a href="/dashboard/trend?agency=7">Theo đơn vị khi ghi nhận</a>');
    expect(html).toContain("cộng từ các đơn vị đã sáp nhập vào");
  });

  it("reads the asked view from a URL and writes it back, the recorded one being the default", async () => {
    const { askedView, withView } = await import("@/app/components/figure-view-choice");
    expect(askedView("restated")).toBe("restated");
    expect(askedView(["restated", "recorded"])).toBe("restated");
    for (const other of [undefined, "", "recorded", "RESTATED", ["x"]]) expect(askedView(other)).toBe("recorded");
    expect(withView("/cong-khai", "restated")).toBe("/cong-khai?view=restated");
    expect(withView("/dashboard?agency=1", "restated")).toBe("/dashboard?agency=1&view=restated");
    expect(withView("/dashboard?agency=1", "recorded")).toBe("/dashboard?agency=1");
  });
});
