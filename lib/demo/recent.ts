import { ELEMENTS } from "@/lib/questionnaire/sipas-v1";
import { hashToken } from "@/lib/survey/token";
import { addCalendarDays, startOfVietnamDay, vietnamDayOf, type Day } from "@/lib/time/vietnam";
import { addWorkingDays, type WorkingCalendar } from "@/lib/time/working-days";
import { channelFor, dissatisfiedValue, overallValue, type Invitation, type SheetResponse } from "./answers";
import { AFTERNOON, MINUTE_MS, MORNING, officeDays, officeTime } from "./calendar";
import { sheetCaseReasons, type CaseBuilder, type CasePlan, type CaseSettings, type CaseSheet, type DemoCase } from "./cases";
import { COMPLAINT_COMMENTS, PRAISE_COMMENTS, SUGGESTION_COMMENTS } from "./catalogue";
import { DEMO_PERIOD, numberDossiers, type Dossier } from "./dossiers";
import { stream, uuidFrom, WeightedPicker, type Random } from "./random";
import type { UnitRuntime } from "./structure";

/** How far back the living queue reaches: a little over the 10 working days a reply may take. */
export const RECENT_DAYS = 25;

// Dossier numbers of the recent stream start here, clear of a full year's register, so that a
// later generator of the same days numbering from 1 does not collide with them.
const RECENT_FIRST_SEQ = 5001;

export type RecentWindow = { from: Day; to: Day };

/**
 * The days of the recent stream: the RECENT_DAYS before the day the demo is loaded (today
 * excluded, so that the stream depends on the day only, not on the hour), never before the end
 * of the demo year, so that no 2023 figure moves. Null when there is no such day.
 */
export function recentWindow(now: Date): RecentWindow | null {
  const today = vietnamDayOf(now);
  const yearEnd = vietnamDayOf(DEMO_PERIOD.to);
  const from = addCalendarDays(today, -RECENT_DAYS);
  const window = { from: from < yearEnd ? yearEnd : from, to: addCalendarDays(today, -1) };
  return window.from <= window.to ? window : null;
}

export type RecentStream = {
  window: RecentWindow;
  dossiers: Dossier[];
  invitations: Invitation[];
  responses: SheetResponse[];
  sheets: CaseSheet[];
};

/**
 * A small, steady stream of answers in the district over the recent window, on the desks of the
 * demo year: about three answered sheets a working day, somewhat harsher than the year's average,
 * a few with consented contact details (reserved demo addresses: …@example.com, 0900 000 xxx).
 * Drawn from streams named after the day the demo is loaded: the same day gives the same rows.
 */
export function generateRecentStream(
  units: UnitRuntime[],
  calendar: WorkingCalendar,
  window: RecentWindow,
  ids: { dossier: number; response: number },
): RecentStream {
  const rng = stream(`recent:${window.to}`);
  const tokens = stream(`recent-tokens:${window.to}`);
  const district = units.filter((u) => u.inDistrict && u.spec.dossiers > 0);
  const unitPicker = new WeightedPicker(
    district,
    district.map((u) => u.spec.dossiers),
  );
  // Receipts reach back by up to a procedure's limit (a few weeks) before the window.
  const days = officeDays(addCalendarDays(window.from, -90), window.to, calendar);
  const inWindow = days.map((d, i) => [d, i] as const).filter(([d]) => d.ymd >= window.from);

  const dossiers: Dossier[] = [];
  const invitations: Invitation[] = [];
  const responses: SheetResponse[] = [];
  const contacts = new Map<SheetResponse, CaseSheet["contact"]>();
  let contactNo = 0;
  for (const [day, dayIndex] of inWindow) {
    const answered = Math.max(1, Math.round(rng.between(2, 5) * day.weight));
    for (let n = 0; n < answered; n++) {
      const unit = unitPicker.pick(rng);
      const procedure = unit.procedures[unit.procedurePicker.pick(rng)]!;
      const limit = procedure.spec.limitDays;
      const completedMs = day.startMs + officeTime(rng);
      const taken = limit === 0 ? 0 : Math.min(dayIndex, Math.round(limit * rng.between(0.3, 1)));
      const receivedDay = days[dayIndex - taken]!;
      const receivedMs =
        taken === 0
          ? Math.max(completedMs - rng.int(10, 90) * MINUTE_MS, day.startMs + MORNING.start * MINUTE_MS)
          : receivedDay.startMs + officeTime(rng);
      const dueDay = limit === 0 ? receivedDay.ymd : addWorkingDays(receivedDay.ymd, limit, calendar);
      const dossier: Dossier = {
        id: 0,
        unit,
        procedure,
        code: "",
        deskIndex: unit.deskPicker.pick(rng),
        receivedMs,
        dueMs: startOfVietnamDay(dueDay).getTime() + AFTERNOON.end * MINUTE_MS,
        completedMs,
        late: false,
      };
      dossiers.push(dossier);
      const channel = channelFor(rng, unit, dossier);
      const desk = unit.desks[dossier.deskIndex]!;
      const invitation: Invitation = {
        id: uuidFrom(tokens.bytes(16)),
        dossier,
        channel,
        deskId: channel === "kiosk" ? unit.kiosk!.deskId : desk.id,
        issuedById: channel === "kiosk" ? unit.kiosk!.accountId : desk.officerId,
        // Answered already: the token is never shown, only its hash kept (as in the demo year).
        tokenHash: hashToken(tokens.bytes(16).toString("base64url")),
        usedMs: null,
      };
      invitations.push(invitation);
      // Within three hours of the result (by 20:00): the same day, so before the day the demo is loaded.
      const delaySeconds = Math.floor(channel === "receipt_qr" ? rng.between(180, 3 * 3600) : rng.between(20, 300));
      invitation.usedMs = completedMs + delaySeconds * 1000;

      const mood = rng.next();
      const unhappyUnit = unit.spec.quality < 0 ? 0.08 : 0;
      const values = ELEMENTS.map((element) => {
        if (element === "feedback" && !rng.chance(0.24)) return 0;
        const key = rng.chance(0.6) ? mood : rng.next();
        return key < 0.84 - unhappyUnit ? (rng.chance(0.45) ? 5 : 4) : dissatisfiedValue(rng);
      });
      const unhappy = ELEMENTS.find((_, e) => values[e]! > 0 && values[e]! <= 3);
      const comment = unhappy
        ? rng.chance(0.35)
          ? rng.pick(COMPLAINT_COMMENTS[unhappy]!)
          : null
        : rng.chance(0.04)
          ? rng.pick(rng.chance(0.7) ? PRAISE_COMMENTS : SUGGESTION_COMMENTS)
          : null;
      const response: SheetResponse = {
        id: 0,
        unit,
        deskId: desk.id,
        officerId: desk.officerId,
        channel,
        invitation,
        standingCodeId: null,
        submittedMs: invitation.usedMs,
        values,
        overall: rng.chance(0.86) ? overallValue(rng, values) : 0,
        expectations: [],
        comment,
      };
      responses.push(response);
      const leaves = comment ? rng.chance(0.5) : unhappy ? rng.chance(0.15) : rng.chance(0.02);
      if (leaves) contacts.set(response, fakeContact(rng, ++contactNo));
    }
  }
  for (const unit of district) {
    numberDossiers(
      unit.spec.code,
      dossiers.filter((d) => d.unit === unit),
      RECENT_FIRST_SEQ,
    );
  }
  dossiers.sort((a, b) => a.completedMs - b.completedMs || a.unit.index - b.unit.index || (a.code < b.code ? -1 : 1));
  dossiers.forEach((d, i) => (d.id = ids.dossier + i));
  responses.sort((a, b) => a.submittedMs - b.submittedMs || a.unit.index - b.unit.index);
  responses.forEach((r, i) => (r.id = ids.response + i));
  return { window, dossiers, invitations, responses, sheets: responses.map((response) => ({ response, contact: contacts.get(response) ?? null })) };
}

/** Reserved for the demo: example.com never delivers, and 0900 000 xxx is given to no subscriber here. */
function fakeContact(rng: Random, n: number): CaseSheet["contact"] {
  const phone = `0900000${String(100 + n).padStart(3, "0")}`;
  const email = `nguoidan.${String(n).padStart(2, "0")}@example.com`;
  const r = rng.next();
  return r < 0.45 ? { phone, email: null } : r < 0.8 ? { phone: null, email } : { phone, email };
}

/**
 * The cases of the recent stream, planned so that the queue a leader opens is alive: the newest
 * still new, others in progress, the older ones replied or closed in time, the oldest open one
 * overdue and waiting for the escalation job, the next one overdue and escalated already, one
 * forwarded to the competent unit. No step is dated on or after the
 * day the demo is loaded.
 */
export function planRecentCases(builder: CaseBuilder, recent: RecentStream, settings: CaseSettings, rng: Random): DemoCase[] {
  const today = addCalendarDays(recent.window.to, 1);
  const candidates = recent.sheets
    .map((sheet) => ({ sheet, reasons: sheetCaseReasons(settings.rule, sheet) }))
    .filter((c) => {
      if (c.reasons.length === 0) builder.keepContact(c.sheet);
      return c.reasons.length > 0;
    });
  let yesterday = addCalendarDays(today, -1);
  while (!builder.isWorkingDay(yesterday)) yesterday = addCalendarDays(yesterday, -1);
  let awaitingTaken = false;
  let overdueTaken = false;
  let forwardTaken = false;
  const out: DemoCase[] = [];
  candidates.forEach(({ sheet, reasons }, i) => {
    const openedDay = vietnamDayOf(new Date(sheet.response.submittedMs));
    const due = builder.deadlines(sheet.response.submittedMs);
    const age = builder.workingDaysBetween(openedDay, today);
    const day1 = builder.workingDay(openedDay, 1);
    const plan: CasePlan = {};
    const isLast = i === candidates.length - 1;
    const target = !forwardTaken && age >= 3 ? builder.forwardTarget(sheet, rng) : null;
    if (due.replyDueOn < today && !awaitingTaken) {
      // The oldest open case: its deadline has passed and nobody replied. It is left for the
      // escalation job, which tells the parent agency's leaders at its first run after loading.
      awaitingTaken = true;
      plan.assignDay = day1;
      plan.noteDay = builder.workingDay(openedDay, 3);
    } else if (addCalendarDays(due.replyDueOn, 1) < today && !overdueTaken) {
      // Escalated as the day after the deadline began: that day is before today, so the step is past.
      overdueTaken = true;
      plan.assignDay = day1;
      plan.noteDay = builder.workingDay(openedDay, 3);
      plan.escalated = true;
    } else if (due.replyDueOn < today) {
      plan.assignDay = day1;
      plan.replyDay = builder.workingDay(openedDay, rng.int(2, Math.min(settings.replyDays, age - 1)));
      if (plan.replyDay >= today) plan.replyDay = yesterday;
      const closeDay = builder.workingDay(plan.replyDay, rng.int(1, 3));
      if (closeDay < today && rng.chance(0.7)) plan.closeDay = closeDay;
    } else if (target) {
      forwardTaken = true;
      plan.assignDay = day1;
      plan.forward = { day: builder.workingDay(openedDay, 2), toCode: target };
    } else if (age <= 1 || isLast) {
      // Not yet picked up: answered since the last working day began.
    } else {
      plan.assignDay = day1;
      if (age >= 4 && rng.chance(0.4)) plan.replyDay = builder.workingDay(openedDay, rng.int(2, age - 1));
      else if (rng.chance(0.5)) plan.noteDay = builder.workingDay(openedDay, rng.int(1, age - 1));
    }
    out.push(builder.add(sheet, reasons, plan, rng));
  });
  return out;
}
