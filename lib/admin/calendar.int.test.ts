import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { cachedWorkingCalendar, calendarYear } from "@/db/queries/calendar";
import { auditLog, staffAccounts } from "@/db/schema";
import { getStaffById, type StaffUser } from "@/lib/auth/accounts";
import { isDomainError } from "@/lib/errors";
import { getSetting } from "@/lib/settings";
import { addWorkingDays } from "@/lib/time/working-days";
import { createAgencyTree } from "@/tests/helpers/fixtures";
import { createTestDatabase } from "@/tests/helpers/test-db";
import { parseDayInput, removeCalendarDay, saveCalendarDay } from "./calendar";
import { saveCaseSettings } from "./settings";

let database: Database;
let admin: StaffUser;
let districtAdmin: StaffUser;

async function staffAt(agencyId: number, role: "admin" | "leader", username: string) {
  const [row] = await database.db.insert(staffAccounts).values({ username, name: username, passwordHash: "x", role, agencyId }).returning({ id: staffAccounts.id });
  return (await getStaffById(database.db, { staffId: row!.id }))!;
}

async function reason(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    if (isDomainError(err)) return String(err.details?.reason ?? err.kind);
    throw err;
  }
  throw new Error("expected a refusal");
}

beforeAll(async () => {
  database = await createTestDatabase();
  const tree = await createAgencyTree(database.db, [
    { code: "P", level: "province" },
    { code: "D", level: "district", parent: "P" },
  ]);
  admin = await staffAt(tree.P!.id, "admin", "cal-admin");
  districtAdmin = await staffAt(tree.D!.id, "admin", "cal-district-admin");
});

afterAll(async () => {
  await database?.close();
});

describe("the holiday calendar", () => {
  it("ships the fixed public holidays", async () => {
    const days = await calendarYear(database.db, { year: 2027 });
    expect(days.filter((d) => d.off).map((d) => d.day)).toEqual(expect.arrayContaining(["2027-01-01", "2027-04-30", "2027-05-01", "2027-09-02"]));
  });

  it("takes days off and worked days, audited, and the deadlines follow them", async () => {
    // Tết 2027 (an example year): Friday 05/02 off, Saturday 06/02 worked.
    await saveCalendarDay(database.db, admin, { day: "05/02/2027", kind: "off", name: "Nghỉ Tết Nguyên đán", nameEn: "Lunar New Year" });
    await saveCalendarDay(database.db, admin, { day: "2027-02-06", kind: "working", name: "Làm bù", nameEn: "" });
    const calendar = await cachedWorkingCalendar(database.db);
    // Received Thursday 04/02: Fri off, Sat worked (day 1), Mon 08 (day 2).
    expect(addWorkingDays("2027-02-04", 2, calendar)).toBe("2027-02-08");
    const [audited] = await database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(auditLog)
      .where(eq(auditLog.action, "calendar.day_saved"));
    expect(audited!.n).toBe(2);

    await removeCalendarDay(database.db, admin, { day: "2027-02-06" });
    expect(addWorkingDays("2027-02-04", 2, await cachedWorkingCalendar(database.db))).toBe("2027-02-09");
  });

  it("refuses what would change nothing, bad dates, and non-root administrators", async () => {
    expect(await reason(saveCalendarDay(database.db, admin, { day: "06/02/2027", kind: "off", name: "x", nameEn: "" }))).toBe("calendar_off_weekend");
    expect(await reason(saveCalendarDay(database.db, admin, { day: "08/02/2027", kind: "working", name: "x", nameEn: "" }))).toBe("calendar_working_weekday");
    expect(await reason(saveCalendarDay(database.db, admin, { day: "30/02/2027", kind: "off", name: "x", nameEn: "" }))).toBe("calendar_day");
    expect(await reason(removeCalendarDay(database.db, admin, { day: "2030-03-04" }))).toBe("calendar_not_found");
    expect(await reason(saveCalendarDay(database.db, districtAdmin, { day: "08/02/2027", kind: "off", name: "x", nameEn: "" }))).toBe("forbidden");
    expect(parseDayInput("1/5/2027")).toBe("2027-05-01");
    expect(parseDayInput("2027-13-01")).toBeNull();
  });
});

describe("follow-up settings", () => {
  it("stores the case rule and the deadlines, and refuses an inconsistent pair", async () => {
    await saveCaseSettings(database.db, admin, {
      lowAtMost: "1",
      elements: ["officials", "result"],
      commentWithContact: "",
      forwardDays: "3",
      replyDays: "7",
      retentionWarningDays: "5",
    });
    expect(await getSetting(database.db, "cases.rule")).toEqual({ lowAtMost: 1, elements: ["officials", "result"], commentWithContact: false });
    expect(await getSetting(database.db, "cases.forwardDays")).toBe(3);
    expect(await getSetting(database.db, "cases.replyDays")).toBe(7);
    expect(await getSetting(database.db, "cases.retentionWarningDays")).toBe(5);
    const base = { lowAtMost: "2", elements: ["access"], commentWithContact: "on", retentionWarningDays: "7" };
    expect(await reason(saveCaseSettings(database.db, admin, { ...base, forwardDays: "8", replyDays: "5" }))).toBe("case_forward_after_reply");
    expect(await reason(saveCaseSettings(database.db, admin, { ...base, elements: [], forwardDays: "5", replyDays: "10" }))).toBe("case_rule_no_element");
    expect(await reason(saveCaseSettings(database.db, admin, { ...base, elements: ["nonsense!"], forwardDays: "5", replyDays: "10" }))).toBe("invalid");
    expect(await reason(saveCaseSettings(database.db, districtAdmin, { ...base, forwardDays: "5", replyDays: "10" }))).toBe("forbidden");
    expect(await getSetting(database.db, "cases.forwardDays")).toBe(3);
  });
});
