import { eq, inArray, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { rows, type Db } from "@/db/client";
import { agencyProcedures, procedures, responses, staffAccounts } from "@/db/schema";
import { reportingYearPeriod } from "@/lib/metrics/periods";
import { createAgencyTree, createSurveyBase, insertResponses, uniformSheet, type AnswerSheet } from "@/tests/helpers/fixtures";
import { fileTestDatabase, inRolledBackTransaction } from "@/tests/helpers/test-db";
import { commentFilterOptions, comments, COMMENTS_COUNT_CAP, officerInScope, type CommentFilters } from "./figure-details";

const RY_2023 = reportingYearPeriod(2023);
const PERIOD = { from: RY_2023.from, to: RY_2023.to };

const testDatabase = fileTestDatabase();
let db: Db;

function isolated(name: string, body: () => Promise<void>) {
  it(name, () =>
    inRolledBackTransaction(testDatabase(), async (tx) => {
      db = tx;
      await body();
    }),
  );
}

/**
 * A district D with communes C1, C2 (and a hamlet H under C1), two procedures and an officer;
 * one sheet per row below, each with its comment (null: none).
 */
async function fixture() {
  const base = await createSurveyBase(db);
  const a = await createAgencyTree(db, [
    { code: "P", level: "province", name: "Tỉnh" },
    { code: "D", level: "district", parent: "P", name: "Huyện" },
    { code: "C2", level: "commune", parent: "D", name: "Xã Hai", sortOrder: 2 },
    { code: "C1", level: "commune", parent: "D", name: "Xã Một", sortOrder: 1 },
    { code: "H", level: "hamlet", parent: "C1", name: "Thôn" },
    { code: "X", level: "district", parent: "P", name: "Huyện khác" },
  ]);
  const [other] = await db.insert(procedures).values({ code: "2.000.TEST", name: "Cấp giấy chứng nhận quyền sử dụng đất", field: "Đất đai" }).returning({ id: procedures.id });
  await db.insert(agencyProcedures).values([
    { agencyId: a.C1!.id, procedureId: base.procedureId },
    { agencyId: a.X!.id, procedureId: other!.id },
  ]);
  const [officer] = await db
    .insert(staffAccounts)
    .values({ username: `cc.${a.C1!.id}`, name: "Trần Thị B", role: "officer", agencyId: a.C1!.id, passwordHash: "x" })
    .returning({ id: staffAccounts.id });
  const sheet = async (
    agencyId: number,
    answers: AnswerSheet,
    comment: string | null,
    extra: { procedureId?: number; officerId?: number; channel?: "kiosk" | "receipt_qr"; at?: string } = {},
  ) => {
    await insertResponses(db, { ...base, agencyId, channel: extra.channel ?? "receipt_qr", submittedAt: new Date(extra.at ?? "2023-05-01T08:00:00+07:00"), sheets: [{ answers }] });
    const [row] = await db.select({ id: responses.id }).from(responses).orderBy(sql`${responses.id} desc`).limit(1);
    await db
      .update(responses)
      .set({ comment, procedureId: extra.procedureId ?? null, officerId: extra.officerId ?? null })
      .where(eq(responses.id, row!.id));
    return row!.id;
  };
  const ids = {
    happy: await sheet(a.C1!.id, uniformSheet(5), "Rất HÀI LÒNG với cán bộ", { procedureId: base.procedureId, officerId: officer!.id, at: "2023-03-01T08:00:00+07:00" }),
    slowProcedure: await sheet(a.C1!.id, { S1: 4, S2: 2, S3: 5, S4: 4 }, "Hồ sơ ĐẤT đai phải bổ sung nhiều lần", { procedureId: other!.id, officerId: officer!.id, at: "2023-04-01T08:00:00+07:00" }),
    rudeOfficer: await sheet(a.H!.id, { S1: 4, S2: 4, S3: 1, S4: 4, S5: 3 }, "Cán bộ thiếu nhiệt tình; 100% phải chờ", { officerId: officer!.id, channel: "kiosk", at: "2023-05-01T08:00:00+07:00" }),
    neutral: await sheet(a.C2!.id, uniformSheet(3), "Bình thường, không có gì", { at: "2023-06-01T08:00:00+07:00" }),
    silentLow: await sheet(a.C2!.id, uniformSheet(1), null, { at: "2023-07-01T08:00:00+07:00" }),
    blank: await sheet(a.C2!.id, uniformSheet(2), "   ", { at: "2023-07-02T08:00:00+07:00" }),
    elsewhere: await sheet(a.X!.id, uniformSheet(1), "Huyện khác: hài lòng", { at: "2023-07-03T08:00:00+07:00" }),
  };
  return { a, base, other: other!.id, officer: officer!.id, ids };
}

type Fixture = Awaited<ReturnType<typeof fixture>>;

async function list(f: Fixture, filters: CommentFilters, where: { path?: string; scopePath?: string } = {}) {
  const result = await comments(db, { path: where.path ?? f.a.D!.path, scopePath: where.scopePath ?? "/", ...PERIOD, ...filters, page: 1 });
  return { ids: result.rows.map((r) => r.id), total: result.total, sheets: result.sheets };
}

describe("the comments page's filters", () => {
  isolated("keep to the unit's subtree inside the viewer's", async () => {
    const f = await fixture();
    const { ids } = f;
    expect(await list(f, {})).toEqual({ ids: [ids.neutral, ids.rudeOfficer, ids.slowProcedure, ids.happy], total: 4, sheets: 6 });
    // A commune with its hamlet.
    expect((await list(f, {}, { path: f.a.C1!.path })).ids).toEqual([ids.rudeOfficer, ids.slowProcedure, ids.happy]);
    expect((await list(f, {}, { path: f.a.H!.path, scopePath: f.a.C1!.path })).ids).toEqual([ids.rudeOfficer]);
    // A unit outside the viewer's subtree yields nothing, not the overlap.
    expect(await list(f, {}, { path: f.a.D!.path, scopePath: f.a.C1!.path })).toEqual({ ids: [], total: 0, sheets: 0 });
  });

  isolated("narrow to an element and a rating, or either alone", async () => {
    const f = await fixture();
    const { ids } = f;
    expect((await list(f, { element: "procedure", rating: "low" })).ids).toEqual([ids.slowProcedure]);
    expect((await list(f, { element: "officials", rating: "1" })).ids).toEqual([ids.rudeOfficer]);
    expect((await list(f, { element: "officials", rating: "high" })).ids).toEqual([ids.slowProcedure, ids.happy]);
    // Any element rated 1–2 (the page's former "low" filter), and its older spelling.
    expect((await list(f, { rating: "low" })).ids).toEqual([ids.rudeOfficer, ids.slowProcedure]);
    expect((await comments(db, { path: f.a.D!.path, scopePath: "/", ...PERIOD, lowOnly: true, page: 1 })).rows.map((r) => r.id)).toEqual([ids.rudeOfficer, ids.slowProcedure]);
    // The sheets behind the figure, commented or not: the silent 1 and the blank 2 count.
    expect(await list(f, { element: "access", rating: "low" })).toEqual({ ids: [], total: 0, sheets: 2 });
    // An element alone: the sheets that answered it (S5 was "not applicable" on two of them).
    expect((await list(f, { element: "feedback" })).ids).toEqual([ids.neutral, ids.rudeOfficer, ids.happy]);
    expect((await list(f, { element: "overall" })).ids).toEqual([]);
  });

  isolated("narrow to a procedure, an officer and a channel", async () => {
    const f = await fixture();
    const { ids } = f;
    expect((await list(f, { procedureId: f.other })).ids).toEqual([ids.slowProcedure]);
    expect((await list(f, { procedureId: f.base.procedureId })).ids).toEqual([ids.happy]);
    expect((await list(f, { officerId: f.officer, element: "officials", rating: "low" })).ids).toEqual([ids.rudeOfficer]);
    expect((await list(f, { officerId: f.officer })).total).toBe(3);
    expect((await list(f, { channel: "kiosk" })).ids).toEqual([ids.rudeOfficer]);
    expect((await list(f, { channel: "kiosk", procedureId: f.other })).ids).toEqual([]);
  });

  isolated("search the text ignoring diacritics and case", async () => {
    const f = await fixture();
    const { ids } = f;
    expect((await list(f, { text: "hai long" })).ids).toEqual([ids.happy]);
    expect((await list(f, { text: "HÀI LÒNG" })).ids).toEqual([ids.happy]);
    expect((await list(f, { text: "dat" })).ids).toEqual([ids.slowProcedure]);
    expect((await list(f, { text: "đất đai" })).ids).toEqual([ids.slowProcedure]);
    expect((await list(f, { text: "can bo" })).ids).toEqual([ids.rudeOfficer, ids.happy]);
    expect((await list(f, { text: "can bo nhiet tinh" })).ids).toEqual([ids.rudeOfficer]);
    expect((await list(f, { text: "100%" })).ids).toEqual([ids.rudeOfficer]);
    expect((await list(f, { text: "10_%" })).ids).toEqual([]);
    expect((await list(f, { text: "can bo", element: "officials", rating: "high" })).ids).toEqual([ids.happy]);
    // The other district's "hài lòng" stays outside the subtree.
    expect((await list(f, { text: "hai long" }, { path: f.a.P!.path })).ids).toEqual([ids.elsewhere, ids.happy]);
  });

  isolated("count the sheets behind a filter from the counters exactly as the answers give them, and cap the comments' count", async () => {
    const f = await fixture();
    // An independent count of the sheets in D's subtree matching a filter, from the answers.
    const raw = async (where: string) => {
      const [row] = await rows<{ n: number }>(
        db,
        sql.raw(`select count(*)::int as n from responses r join agencies a on a.id = r.agency_id
          where a.path like '${f.a.D!.path}%' and r.verified and r.submitted_at >= '${PERIOD.from.toISOString()}' and r.submitted_at < '${PERIOD.to.toISOString()}' and ${where}`),
      );
      return Number(row!.n);
    };
    const low = (e: string) => `exists (select 1 from answers x where x.response_id = r.id and x.element = '${e}' and x.value <= 2)`;
    const cases: [CommentFilters, string][] = [
      [{}, "true"],
      [{ element: "officials", rating: "low" }, low("officials")],
      [{ element: "feedback" }, "exists (select 1 from answers x where x.response_id = r.id and x.element = 'feedback')"],
      [{ procedureId: f.other }, `r.procedure_id = ${f.other}`],
      [{ officerId: f.officer, element: "officials", rating: "low" }, `r.officer_id = ${f.officer} and ${low("officials")}`],
      [{ channel: "kiosk" }, "r.channel = 'kiosk'"],
      // Not in the counters (any element rated low; two dimensions): counted from the answers.
      [{ rating: "low" }, "exists (select 1 from answers x where x.response_id = r.id and x.value <= 2)"],
      [{ channel: "kiosk", officerId: f.officer }, `r.channel = 'kiosk' and r.officer_id = ${f.officer}`],
    ];
    for (const [filters, where] of cases) expect((await list(f, filters)).sheets, JSON.stringify(filters)).toBe(await raw(where));
    expect((await list(f, { text: "dat" })).sheets).toBeNull();
    // A year of a province holds more comments than anyone pages through: "more than 1.000".
    await insertResponses(db, { ...f.base, agencyId: f.a.C2!.id, submittedAt: new Date("2023-08-01T08:00:00+07:00"), sheets: [{ answers: uniformSheet(4), count: COMMENTS_COUNT_CAP + 5 }] });
    await db.update(responses).set({ comment: "Thủ tục nhanh" }).where(sql`${responses.agencyId} = ${f.a.C2!.id} and ${responses.submittedAt} = '2023-08-01T01:00:00Z'`);
    const many = await comments(db, { path: f.a.D!.path, scopePath: "/", ...PERIOD, page: 1 });
    expect([many.total, many.more, many.sheets]).toEqual([COMMENTS_COUNT_CAP, true, 6 + COMMENTS_COUNT_CAP + 5]);
    expect((await list(f, { procedureId: f.other })).total).toBe(1);
  });

  isolated("offer the viewer's subtree in tree order and the procedures its agencies handle", async () => {
    const f = await fixture();
    const forD = await commentFilterOptions(db, { scopePath: f.a.D!.path, path: f.a.D!.path });
    expect(forD.agencies.map((a) => [a.name, a.depth])).toEqual([
      ["Huyện", 0],
      ["Xã Một", 1],
      ["Thôn", 2],
      ["Xã Hai", 1],
    ]);
    expect(forD.procedures.map((p) => p.id)).toEqual([f.base.procedureId]);
    // The chosen procedure stays on offer, whoever handles it.
    const chosen = await commentFilterOptions(db, { scopePath: f.a.D!.path, path: f.a.C2!.path, selectedProcedureId: f.other });
    expect(chosen.procedures.map((p) => p.id)).toEqual([f.other]);
    expect(await officerInScope(db, { officerId: f.officer, scopePath: f.a.D!.path })).toEqual({ id: f.officer, name: "Trần Thị B" });
    expect(await officerInScope(db, { officerId: f.officer, scopePath: f.a.X!.path })).toBeNull();
    await db.delete(agencyProcedures).where(inArray(agencyProcedures.agencyId, [f.a.C1!.id]));
    expect((await commentFilterOptions(db, { scopePath: f.a.D!.path, path: f.a.D!.path })).procedures).toEqual([]);
  });
});
