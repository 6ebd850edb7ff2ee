import crypto from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Database, Db } from "@/db/client";
import { forgetCachedCalendar } from "@/db/queries/calendar";
import { casesOfResponses } from "@/db/queries/case-figures";
import { calendarDays, cases, responses, staffAccounts, type Agency } from "@/db/schema";
import { messagesFor } from "@/lib/i18n";
import { setClockForTests } from "@/lib/time/clock";
import { createAgencyTree, createSurveyBase } from "@/tests/helpers/fixtures";
import { unzip } from "@/tests/helpers/unzip";
import { createTestDatabase, inRolledBackTransaction } from "@/tests/helpers/test-db";
import { caseFiguresOverview, caseQueuePath, median, publicCaseCounts, type CaseFigures } from "./case-figures";
import { figuresTable } from "./exports";
import { timelinessRows, timelinessView } from "./timeliness";
import { agencyOverview, type FigureSettings } from "./figures";
import { parsePeriod, quarterPeriod } from "./periods";
import { toCsv, toXlsx } from "./tabular";

const Q3_2025 = quarterPeriod(2025, 3);
// Thursday 02/10/2025, 09:00 Vietnam time: "overdue now" is judged on that day.
const NOW = new Date("2025-10-02T09:00:00+07:00");
const SETTINGS: FigureSettings = { includeUnverified: false, bands: [] };
const vi = messagesFor("vi");

let database: Database;
let db: Db;
let base: { versionId: number; procedureId: number };

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.close();
});
afterEach(() => {
  setClockForTests(null);
  forgetCachedCalendar();
});

function isolated(name: string, body: () => Promise<void>) {
  it(name, () =>
    inRolledBackTransaction(database, async (tx) => {
      db = tx;
      base = await createSurveyBase(db);
      setClockForTests(NOW);
      // 01/09/2025 (Monday) and 02/09/2025 (National Day) were days off in 2025: a long weekend
      // from Saturday 30/08 to Tuesday 02/09. The fixed holiday may already be seeded.
      await db
        .insert(calendarDays)
        .values([
          { day: "2025-09-01", off: true, name: "Nghỉ lễ Quốc khánh (liền kề)" },
          { day: "2025-09-02", off: true, name: "Quốc khánh" },
        ])
        .onConflictDoNothing();
      forgetCachedCalendar();
      await body();
    }),
  );
}

type CaseInput = {
  origin: Agency;
  /** The owner now, when forwarded. */
  owner?: Agency;
  opened: string;
  due: string;
  replied?: string;
  closed?: string;
  escalated?: string;
  officerId?: number;
  comment?: string;
};

let serial = 0;

/** A response and the case it opened, inserted directly (the opening rule is not under test). */
async function insertCase(input: CaseInput): Promise<{ caseId: number; responseId: number; reference: string }> {
  const openedAt = new Date(input.opened);
  const [response] = await db
    .insert(responses)
    .values({ versionId: base.versionId, agencyId: input.origin.id, channel: "receipt_qr", verified: true, submittedAt: openedAt, comment: input.comment ?? null })
    .returning({ id: responses.id });
  const n = ++serial;
  const reference = `PA-T${String(n).padStart(5, "0")}`;
  const [row] = await db
    .insert(cases)
    .values({
      reference,
      responseId: response!.id,
      agencyId: (input.owner ?? input.origin).id,
      originAgencyId: input.origin.id,
      officerId: input.officerId ?? null,
      status: input.closed ? "closed" : input.replied ? "replied" : "new",
      reasons: ["low:S3"],
      verified: true,
      openedAt,
      forwardDueOn: input.due,
      replyDueOn: input.due,
      repliedAt: input.replied ? new Date(input.replied) : null,
      closedAt: input.closed ? new Date(input.closed) : null,
      escalatedAt: input.escalated ? new Date(input.escalated) : null,
      statusTokenHash: crypto.randomBytes(16).toString("hex"),
    })
    .returning({ id: cases.id });
  return { caseId: row!.id, responseId: response!.id, reference };
}

async function tree() {
  return createAgencyTree(db, [
    { code: "P", level: "province" },
    { code: "D", level: "district", parent: "P", sortOrder: 1 },
    { code: "C1", level: "commune", parent: "D", sortOrder: 1 },
    { code: "C2", level: "commune", parent: "D", sortOrder: 2 },
    { code: "D2", level: "district", parent: "P", sortOrder: 2 },
    { code: "C3", level: "commune", parent: "D2", sortOrder: 1 },
  ]);
}

/**
 * The hand-computed fixture. Working days to reply, with 30/08–02/09/2025 a weekend and two days
 * off:
 *   C1 a  Fri 29/08 → Wed 03/09: 1 (03/09)                                    due 16/09, on time
 *   C1 b  Thu 28/08 → Mon 08/09: 5 (29/08, 03, 04, 05, 08/09)                  due 05/09, late
 *   C1 c  Mon 04/08 → Mon 04/08: 0                                             due 18/08, on time
 *   C1 d  open since 10/09, due 24/09, escalated                               overdue now
 *   C1 e  open since 23/09, due 07/10                                          not overdue
 *   C1 f  opened on the day off 01/09, closed 05/09 without a reply            neither
 *   C1 o  open since 18/09, due today 02/10                                    not overdue yet
 *   C1 n  opened 01/10/2025 00:10, after the quarter                           not in Q3
 *   C2 g  Fri 05/09 → Fri 12/09: 5 (08–12/09)                                  due 19/09, on time
 *   C2 h  open since 14/07, due 28/07, escalated                               overdue now
 *   C2 i  open since 16/06 (before Q3), due 30/06                              overdue now only
 *   C2 j  Mon 15/09 → Wed 17/09: 2, forwarded to C3 (another subtree)          due 29/09, on time
 *   D  k  Wed 20/08 → Thu 21/08: 1                                             due 03/09, on time
 *   C3 l  open since 10/09, due 20/09                                          overdue now
 *   C3 m  Mon 01/09 → Tue 30/09: 20, due 15/09                                 late
 */
async function fixture() {
  const a = await tree();
  const { C1, C2, C3, D } = a as Record<string, Agency>;
  const made = {
    a: await insertCase({ origin: C1!, opened: "2025-08-29T10:00:00+07:00", due: "2025-09-16", replied: "2025-09-03T09:00:00+07:00" }),
    b: await insertCase({ origin: C1!, opened: "2025-08-28T14:00:00+07:00", due: "2025-09-05", replied: "2025-09-08T08:30:00+07:00" }),
    c: await insertCase({ origin: C1!, opened: "2025-08-04T08:00:00+07:00", due: "2025-08-18", replied: "2025-08-04T16:00:00+07:00" }),
    d: await insertCase({ origin: C1!, opened: "2025-09-10T10:00:00+07:00", due: "2025-09-24", escalated: "2025-09-25T00:05:00+07:00" }),
    e: await insertCase({ origin: C1!, opened: "2025-09-23T10:00:00+07:00", due: "2025-10-07" }),
    f: await insertCase({ origin: C1!, opened: "2025-09-01T10:00:00+07:00", due: "2025-09-16", closed: "2025-09-05T10:00:00+07:00" }),
    o: await insertCase({ origin: C1!, opened: "2025-09-18T10:00:00+07:00", due: "2025-10-02" }),
    n: await insertCase({ origin: C1!, opened: "2025-10-01T00:10:00+07:00", due: "2025-10-15" }),
    g: await insertCase({ origin: C2!, opened: "2025-09-05T16:00:00+07:00", due: "2025-09-19", replied: "2025-09-12T15:00:00+07:00" }),
    h: await insertCase({ origin: C2!, opened: "2025-07-14T10:00:00+07:00", due: "2025-07-28", escalated: "2025-07-29T00:05:00+07:00" }),
    i: await insertCase({ origin: C2!, opened: "2025-06-16T10:00:00+07:00", due: "2025-06-30" }),
    j: await insertCase({ origin: C2!, owner: C3!, opened: "2025-09-15T10:00:00+07:00", due: "2025-09-29", replied: "2025-09-17T10:00:00+07:00" }),
    k: await insertCase({ origin: D!, opened: "2025-08-20T10:00:00+07:00", due: "2025-09-03", replied: "2025-08-21T10:00:00+07:00" }),
    l: await insertCase({ origin: C3!, opened: "2025-09-10T10:00:00+07:00", due: "2025-09-20" }),
    m: await insertCase({ origin: C3!, opened: "2025-09-01T10:00:00+07:00", due: "2025-09-15", replied: "2025-09-30T10:00:00+07:00" }),
  };
  return { a: a as Record<string, Agency>, made };
}

const counts = (c: CaseFigures) => ({
  opened: c.opened,
  replied: c.replied,
  repliedOnTime: c.repliedOnTime,
  medianWorkingDays: c.medianWorkingDays,
  overdueNow: c.overdueNow,
  escalated: c.escalated,
});

describe("median", () => {
  it("takes the middle value, or the mean of the two middle values", () => {
    expect(median([])).toBeNull();
    expect(median([5, 0, 1])).toBe(1);
    expect(median([5, 2])).toBe(3.5);
  });
});

describe("case figures", () => {
  isolated("match the hand computation, pooled over the subtree, counted where the answer was given", async () => {
    const { a } = await fixture();
    const overview = await caseFiguresOverview(db, { agencyId: a.D!.id, scopePath: a.D!.path, period: Q3_2025 });
    expect(overview).not.toBeNull();
    expect(overview!.today).toBe("2025-10-02");
    const [c1, c2] = overview!.children;
    expect(overview!.children.map((c) => c.code)).toEqual(["C1", "C2"]);
    expect(counts(c1!)).toEqual({ opened: 7, replied: 3, repliedOnTime: 2, medianWorkingDays: 1, overdueNow: 1, escalated: 1 });
    expect(c1!.onTimeShare).toBeCloseTo(200 / 3, 10);
    // j was forwarded to C3 but counts at C2, where the citizen answered.
    expect(counts(c2!)).toEqual({ opened: 3, replied: 2, repliedOnTime: 2, medianWorkingDays: 3.5, overdueNow: 2, escalated: 1 });
    expect(c2!.onTimeShare).toBe(100);
    // D pools its own case k with both communes: Σ counts, and the median of all six replies
    // [0, 1, 1, 2, 5, 5] — not the mean of the children's shares or medians.
    const d = overview!.agency;
    expect(counts(d)).toEqual({ opened: 11, replied: 6, repliedOnTime: 5, medianWorkingDays: 1.5, overdueNow: 3, escalated: 2 });
    expect(d.onTimeShare).toBeCloseTo(500 / 6, 10);
  });

  isolated("never count another subtree's cases, and refuse an agency outside the scope", async () => {
    const { a } = await fixture();
    const d2 = await caseFiguresOverview(db, { agencyId: a.D2!.id, scopePath: a.D2!.path, period: Q3_2025 });
    // l and m only: j is owned by C3 now but was opened at C2.
    expect(counts(d2!.agency)).toEqual({ opened: 2, replied: 1, repliedOnTime: 0, medianWorkingDays: 20, overdueNow: 1, escalated: 0 });
    expect(await caseFiguresOverview(db, { agencyId: a.D2!.id, scopePath: a.D!.path, period: Q3_2025 })).toBeNull();
    expect(await caseFiguresOverview(db, { agencyId: a.C3!.id, scopePath: a.C1!.path, period: Q3_2025 })).toBeNull();
    // A commune leader sees their commune only.
    const c1 = await caseFiguresOverview(db, { agencyId: a.C1!.id, scopePath: a.C1!.path, period: Q3_2025 });
    expect(c1!.agency.opened).toBe(7);
    expect(c1!.children).toEqual([]);
    const p = await caseFiguresOverview(db, { agencyId: a.P!.id, scopePath: a.P!.path, period: Q3_2025 });
    expect(counts(p!.agency)).toEqual({ opened: 13, replied: 7, repliedOnTime: 5, medianWorkingDays: 2, overdueNow: 4, escalated: 2 });
  });

  isolated("judge 'overdue now' on today's Vietnam day, and count a period by its Vietnam edges", async () => {
    const { a } = await fixture();
    // On 25/09, d (due 24/09) is overdue, o (due 02/10) not; on 03/10, o is too.
    const at = (iso: string) => caseFiguresOverview(db, { agencyId: a.C1!.id, scopePath: a.C1!.path, period: Q3_2025, at: new Date(iso) });
    expect((await at("2025-09-25T08:00:00+07:00"))!.agency.overdueNow).toBe(1);
    expect((await at("2025-10-02T23:59:00+07:00"))!.agency.overdueNow).toBe(1);
    expect((await at("2025-10-03T00:00:00+07:00"))!.agency.overdueNow).toBe(2);
    // n, opened at 00:10 on 01/10 Vietnam time (still 30/09 in UTC), belongs to October.
    const october = await caseFiguresOverview(db, { agencyId: a.C1!.id, scopePath: a.C1!.path, period: parsePeriod("m:2025-10")! });
    expect(october!.agency.opened).toBe(1);
  });

  isolated("publish the counts of every agency for the public page", async () => {
    const { a } = await fixture();
    const published = await publicCaseCounts(db, { period: Q3_2025 });
    expect(published.get(a.C1!.id)).toEqual({ received: 7, answered: 3, answeredOnTime: 2 });
    expect(published.get(a.D!.id)).toEqual({ received: 11, answered: 6, answeredOnTime: 5 });
    expect(published.get(a.D2!.id)).toEqual({ received: 2, answered: 1, answeredOnTime: 0 });
    expect(published.get(a.P!.id)).toEqual({ received: 13, answered: 7, answeredOnTime: 5 });
  });

  isolated("link the queue filtered as the figure was counted", async () => {
    expect(caseQueuePath({ agencyId: 7 })).toBe("/cases?agency=7");
    expect(caseQueuePath({ agencyId: 7, overdue: true })).toBe("/cases?overdue=1&agency=7");
    expect(caseQueuePath({ agencyId: 7, status: "replied" })).toBe("/cases?status=replied&agency=7");
  });
});

describe("cases of the comments page", () => {
  isolated("link each comment to its case, in scope, never for the officer of the dossier", async () => {
    const { a, made } = await fixture();
    const [officer] = await db
      .insert(staffAccounts)
      .values({ username: `cb-${serial}`, name: "Cán bộ", passwordHash: "x", role: "leader", agencyId: a.C1!.id })
      .returning({ id: staffAccounts.id });
    const own = await insertCase({ origin: a.C1!, opened: "2025-09-12T10:00:00+07:00", due: "2025-09-26", officerId: officer!.id, comment: "Cán bộ vòi vĩnh" });
    const ids = [made.a.responseId, made.j.responseId, made.l.responseId, own.responseId];

    const forD = await casesOfResponses(db, { responseIds: ids, scopePath: a.D!.path, viewerId: -1 });
    expect(forD.get(made.a.responseId)).toEqual({ id: made.a.caseId, reference: made.a.reference });
    // Forwarded to C3: the opening agency's leaders keep the link.
    expect(forD.get(made.j.responseId)?.id).toBe(made.j.caseId);
    expect(forD.has(made.l.responseId)).toBe(false);
    expect(forD.get(own.responseId)?.id).toBe(own.caseId);

    // The officer of the dossier never gets the link to the case about them.
    const forOfficer = await casesOfResponses(db, { responseIds: ids, scopePath: a.C1!.path, viewerId: officer!.id });
    expect(forOfficer.has(own.responseId)).toBe(false);
    expect(forOfficer.has(made.a.responseId)).toBe(true);

    // The agency it was forwarded to reads it too.
    const forD2 = await casesOfResponses(db, { responseIds: ids, scopePath: a.D2!.path, viewerId: -1 });
    expect([...forD2.keys()].sort()).toEqual([made.j.responseId, made.l.responseId].sort());
    expect(await casesOfResponses(db, { responseIds: [], scopePath: "/", viewerId: 1 })).toEqual(new Map());
  });
});


describe("figures export", () => {
  isolated("carry the case figures of the agency and each child, in CSV and XLSX", async () => {
    const { a } = await fixture();
    const params = { agencyId: a.D!.id, scopePath: a.D!.path, period: Q3_2025 };
    const overview = await agencyOverview(db, { ...params, settings: SETTINGS });
    const cases = await caseFiguresOverview(db, params);
    const lateness = await timelinessRows(db, { path: a.D!.path, scopePath: a.D!.path, period: Q3_2025, includeUnverified: false });
    const table = figuresTable(overview!, vi, cases!, timelinessView(overview!, lateness));
    const header = table.columns.map((c) => c.header);
    const col = (name: string) => {
      const i = header.findIndex((h) => h.startsWith(name));
      expect(i, name).toBeGreaterThanOrEqual(0);
      return i;
    };
    const m = vi.caseFigures;
    const picks = [m.opened, m.replied, m.repliedOnTime, `${m.onTimeShare} (%)`, m.medianDays, m.overdueNow, m.escalated].map(col);
    expect(header[col(m.overdueNow)]).toBe(`${m.overdueNow} (tính đến ngày 02/10/2025)`);
    const byCode = new Map(table.rows.map((r) => [r[0], picks.map((i) => r[i])]));
    expect(byCode.get("D")).toEqual([11, 6, 5, 83.33, 1.5, 3, 2]);
    expect(byCode.get("C1")).toEqual([7, 3, 2, 66.67, 1, 1, 1]);
    expect(byCode.get("C2")).toEqual([3, 2, 2, 100, 3.5, 2, 1]);

    const csv = toCsv(table).slice(1).split("\r\n");
    expect(csv[1]!.split(",").slice(-7)).toEqual(["11", "6", "5", "83.33", "1.5", "3", "2"]);
    const parts = unzip(await toXlsx([table]));
    // The on-time share is a fraction with a percent format; the median a plain number.
    const sheet = parts["xl/worksheets/sheet1.xml"]!.toString("utf8");
    expect(sheet).toContain("<v>0.8333</v>");
    expect(sheet).toContain("<v>1.5</v>");
    expect(parts["xl/sharedStrings.xml"]!.toString("utf8")).toContain(m.medianDays);
  });
});
