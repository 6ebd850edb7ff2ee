import { describe, expect, it } from "vitest";
import type { ExportResponse } from "@/db/queries/figure-details";
import { anonymise, MIN_GROUP, type AnonymisationSummary, type AnonymousResponse } from "./anonymise";

function response(at: string, over: Partial<ExportResponse> = {}): ExportResponse {
  return {
    submittedAt: new Date(at),
    agencyCode: "X1",
    agencyName: "Xã Kha Sơn",
    procedureCode: "1.004227",
    procedureName: "Đăng ký khai sinh",
    channel: "receipt_qr",
    verified: true,
    answers: { S1: 5 },
    expectations: [],
    comment: "Tôi là Nguyễn Văn A, 0912345678",
    ...over,
  };
}

async function run(list: ExportResponse[], batchSize = 3) {
  async function* batches() {
    for (let i = 0; i < list.length; i += batchSize) yield list.slice(i, i + batchSize);
  }
  const summary: AnonymisationSummary = { released: [0, 0, 0], suppressed: 0 };
  const out: AnonymousResponse[] = [];
  for await (const b of anonymise(batches(), summary)) out.push(...b);
  return { out, summary };
}

describe("anonymise", () => {
  it("keeps the Vietnam day, never the time, of a group of at least k", async () => {
    // 23:30 UTC on 13/05 is 06:30 on 14/05 in Vietnam.
    const list = Array.from({ length: MIN_GROUP }, (_, i) => response(`2023-05-13T23:3${i}:00Z`, { answers: { S1: 5 - i } }));
    const { out, summary } = await run(list);
    expect(out.map((r) => r.date)).toEqual(Array(MIN_GROUP).fill("2023-05-14"));
    expect(out.every((r) => r.level === 0 && r.procedureCode === "1.004227")).toBe(true);
    expect(JSON.stringify(out)).not.toMatch(/Nguyễn|0912345678|T\d\d:/);
    // Ordered by the answers, not by the time they came in.
    expect(out.map((r) => r.answers.S1)).toEqual([1, 2, 3, 4, 5]);
    expect(summary).toEqual({ released: [MIN_GROUP, 0, 0], suppressed: 0 });
  });

  it("merges small day groups into the month, then drops procedure and channel, then leaves out the rest", async () => {
    const list = [
      // Procedure P: 2 + 3 on two days of May → one month group of 5.
      ...["02", "02", "09", "09", "09"].map((d) => response(`2023-05-${d}T03:00:00+07:00`, { procedureCode: "P" })),
      // Three other procedures with 1 + 2 + 2 answers in May → merged by agency and month (5).
      response("2023-05-03T08:00:00+07:00", { procedureCode: "Q" }),
      ...[1, 2].map(() => response("2023-05-04T08:00:00+07:00", { procedureCode: "R", channel: "kiosk" })),
      ...[1, 2].map(() => response("2023-05-20T08:00:00+07:00", { procedureCode: "S", verified: false, channel: "standing_qr" })),
      // Another agency with 4 answers in May: too few at every level.
      ...[1, 2, 3, 4].map(() => response("2023-05-05T08:00:00+07:00", { agencyCode: "X2" })),
      // June: a full day group.
      ...Array.from({ length: 6 }, () => response("2023-06-01T08:00:00+07:00")),
    ];
    list.sort((a, b) => a.submittedAt.getTime() - b.submittedAt.getTime());
    const { out, summary } = await run(list, 4);
    const groups = new Map<string, number>();
    for (const r of out) {
      const key = [r.date, r.level, r.agencyCode, r.procedureCode, r.channel, r.verified].join("|");
      groups.set(key, (groups.get(key) ?? 0) + 1);
    }
    expect(Object.fromEntries(groups)).toEqual({
      "2023-05|1|X1|P|receipt_qr|true": 5,
      "2023-05|2|X1|||": 5,
      "2023-06-01|0|X1|1.004227|receipt_qr|true": 6,
    });
    expect(summary).toEqual({ released: [6, 5, 5], suppressed: 4 });
    for (const n of groups.values()) expect(n).toBeGreaterThanOrEqual(MIN_GROUP);
  });
});
