import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import type { CaseEventKind, CaseStatus } from "@/db/schema";
import { advanceIdentity, asBoolean, asDate, asJsonb, asTimestamp, bulkInsert, epochSeconds } from "@/lib/bulk-load";
import { caseStatusToken, hashStatusToken, newCaseReference } from "@/lib/cases/reference";
import { caseReasons, type CaseRule } from "@/lib/cases/rule";
import { ELEMENTS, SIPAS_V1 } from "@/lib/questionnaire/sipas-v1";
import { contactDeleteAfter } from "@/lib/survey/contact";
import { addCalendarDays, startOfVietnamDay, vietnamDayOf, type Day } from "@/lib/time/vietnam";
import { addWorkingDays, isPastDeadline, isWorkingDay, workingDaysBetween, type WorkingCalendar } from "@/lib/time/working-days";
import type { SheetResponse } from "./answers";
import { MINUTE_MS } from "./calendar";
import { AGENCIES, CALL_NOTES, CASE_NOTES, CASE_REPLIES, FORWARD_NOTES } from "./catalogue";
import type { Random } from "./random";
import type { ActingAccount, Structure } from "./structure";
import { demoParentCodes, SUCCESSORS } from "./years";

/** What a citizen left for a reply (demo addresses only). */
export type DemoContact = { phone: string | null; email: string | null };

/** An answer sheet as the case rule sees it, with the contact details the citizen left. */
export type CaseSheet = { response: SheetResponse; contact: DemoContact | null };

export type CaseSettings = { rule: CaseRule; forwardDays: number; replyDays: number };

/**
 * How a case went, in Vietnam days (every one a working day of the calendar): who did what when
 * is derived from it. A day left out is a step not (yet) taken.
 */
export type CasePlan = {
  assignDay?: Day;
  forward?: { day: Day; toCode: string };
  noteDay?: Day;
  replyDay?: Day;
  closeDay?: Day;
  /** Set when the reply deadline passed unanswered: escalated at the start of the next day. */
  escalated?: boolean;
};

export type DemoCase = {
  id: number;
  reference: string;
  sheet: CaseSheet;
  reasons: string[];
  agencyId: number;
  originAgencyId: number;
  status: CaseStatus;
  assigneeId: number | null;
  openedMs: number;
  forwardDueOn: Day;
  replyDueOn: Day;
  forwardedMs: number | null;
  repliedMs: number | null;
  closedMs: number | null;
  escalatedMs: number | null;
  replyText: string | null;
  statusTokenHash: string;
  updatedMs: number;
};

type Event = { caseId: number; atMs: number; kind: CaseEventKind; actorId: number | null; note: string | null; data: Record<string, unknown> | null };
type Forward = { caseId: number; fromAgencyId: number; toAgencyId: number; actorId: number | null; atMs: number };

/** Everything the demo writes about cases, ready for the bulk loader. */
export type CaseBatch = { cases: DemoCase[]; events: Event[]; forwards: Forward[]; contacts: ContactRow[] };

export type ContactRow = { responseId: number; phone: string | null; email: string | null; consentedMs: number; deleteAfterMs: number };

const scaleKey = new Map(ELEMENTS.map((e) => [e, SIPAS_V1.find((q) => q.element === e)!.key]));
const overallKey = SIPAS_V1.find((q) => q.element === "overall")?.key;

/** The reasons the product's own rule (lib/cases/rule.ts) gives for this sheet; empty: no case. */
export function sheetCaseReasons(rule: CaseRule, sheet: CaseSheet): string[] {
  const r = sheet.response;
  const scale: { key: string; element: string; value: number }[] = ELEMENTS.flatMap((element, e) =>
    r.values[e]! > 0 ? [{ key: scaleKey.get(element)!, element, value: r.values[e]! }] : [],
  );
  if (overallKey && r.overall > 0) scale.push({ key: overallKey, element: "overall", value: r.overall });
  return caseReasons(rule, { parsed: { scale, comment: r.comment }, hasContact: sheet.contact !== null, verified: r.invitation !== null });
}

/** The element a reply speaks to: the lowest answered one, or the comment. */
function replySubject(sheet: CaseSheet): string {
  const v = sheet.response.values;
  let worst = -1;
  ELEMENTS.forEach((_, e) => {
    if (v[e]! > 0 && v[e]! <= 2 && (worst < 0 || v[e]! < v[worst]!)) worst = e;
  });
  return worst < 0 ? "comment" : ELEMENTS[worst]!;
}

/**
 * Builds cases, their history, forwards and surviving contact rows from plans. Closed cases have
 * lost their contact details (deleted when the follow-up closed); an open case keeps them until
 * it closes or the retention limit, whichever comes first.
 */
export class CaseBuilder {
  private readonly batch: CaseBatch = { cases: [], events: [], forwards: [], contacts: [] };
  private readonly references = new Set<string>();
  private readonly parentCode = demoParentCodes();
  private codeOf: Map<number, string>;
  private readonly counted = new Map<string, Day>();

  constructor(
    private readonly structure: Structure,
    private readonly calendar: WorkingCalendar,
    private readonly settings: CaseSettings,
    private readonly secret: string,
    private readonly referenceRng: Random,
    private nextCaseId: number,
  ) {
    this.codeOf = new Map([...structure.agencyIds].map(([code, id]) => [id, code]));
  }

  get result(): CaseBatch {
    return this.batch;
  }

  /** The deadlines of a case opened at `openedMs`, by the product's working-day module. */
  deadlines(openedMs: number): { forwardDueOn: Day; replyDueOn: Day } {
    const day = vietnamDayOf(new Date(openedMs));
    return { forwardDueOn: this.workingDay(day, this.settings.forwardDays), replyDueOn: this.workingDay(day, this.settings.replyDays) };
  }

  /** The leader who acts for an agency: its own, else the nearest up the tree. */
  private leaderFor(code: string): ActingAccount | null {
    for (let c: string | null | undefined = code; c; c = this.parentCode.get(c)) {
      const id = this.structure.agencyIds.get(c);
      const leader = this.structure.actors.find((a) => a.role === "leader" && a.agencyId === id);
      if (leader) return leader;
    }
    return null;
  }

  /** Who handles an agency's cases: its designated handler, else the leader acting for it. */
  private handlerFor(code: string): ActingAccount | null {
    const id = this.structure.agencyIds.get(code);
    return this.structure.actors.find((a) => a.role === "handler" && a.agencyId === id) ?? this.leaderFor(code);
  }

  private reference(): string {
    for (;;) {
      const reference = newCaseReference((n) => this.referenceRng.bytes(n));
      if (!this.references.has(reference)) {
        this.references.add(reference);
        return reference;
      }
    }
  }

  add(sheet: CaseSheet, reasons: string[], plan: CasePlan, rng: Random): DemoCase {
    const r = sheet.response;
    const originCode = r.unit.spec.code;
    const openedMs = r.submittedMs;
    const { forwardDueOn, replyDueOn } = this.deadlines(openedMs);
    const reference = this.reference();
    const id = this.nextCaseId++;
    const events: Event[] = [];
    const event = (atMs: number, kind: CaseEventKind, actorId: number | null, note: string | null = null, data: Record<string, unknown> | null = null) =>
      events.push({ caseId: id, atMs, kind, actorId, note, data });
    const at = (day: Day, fromMinute: number, toMinute: number) =>
      startOfVietnamDay(day).getTime() + Math.floor(rng.between(fromMinute, toMinute)) * MINUTE_MS;

    event(openedMs, "opened", null, null, { reasons });
    // The acknowledgement with the reference goes out right after the answer.
    if (sheet.contact?.email) event(openedMs + MINUTE_MS, "acknowledged", null, null, { channel: "email" });

    let ownerCode = originCode;
    let status: CaseStatus = "new";
    let assignee: ActingAccount | null = null;
    let forwardedMs: number | null = null;
    let repliedMs: number | null = null;
    let closedMs: number | null = null;
    let escalatedMs: number | null = null;
    let replyText: string | null = null;

    if (plan.assignDay) {
      const leader = this.leaderFor(ownerCode);
      assignee = this.handlerFor(ownerCode);
      const t = at(plan.assignDay, 7 * 60 + 40, 9 * 60);
      event(t, "assigned", leader?.id ?? null, null, { assigneeId: assignee?.id ?? null });
      event(t + MINUTE_MS, "status", assignee?.id ?? null, null, { from: "new", to: "in_progress" });
      status = "in_progress";
    }
    if (plan.forward) {
      const from = this.structure.agencyIds.get(ownerCode)!;
      const to = this.structure.agencyIds.get(plan.forward.toCode)!;
      const actor = assignee ?? this.leaderFor(ownerCode);
      forwardedMs = at(plan.forward.day, 9 * 60 + 30, 11 * 60);
      const toLevel = AGENCIES.find((a) => a.code === plan.forward!.toCode)?.level ?? SUCCESSORS.find((a) => a.code === plan.forward!.toCode)?.level;
      const level = toLevel === "center" ? "center" : "department";
      event(forwardedMs, "forwarded", actor?.id ?? null, rng.pick(FORWARD_NOTES[level]!), { fromAgencyId: from, toAgencyId: to });
      this.batch.forwards.push({ caseId: id, fromAgencyId: from, toAgencyId: to, actorId: actor?.id ?? null, atMs: forwardedMs });
      ownerCode = plan.forward.toCode;
      // The competent agency takes it up the same day.
      const leader = this.leaderFor(ownerCode);
      assignee = this.handlerFor(ownerCode);
      event(forwardedMs + 20 * MINUTE_MS, "assigned", leader?.id ?? null, null, { assigneeId: assignee?.id ?? null });
    }
    if (plan.noteDay) event(at(plan.noteDay, 13 * 60 + 30, 14 * 60), "note", assignee?.id ?? null, rng.pick(CASE_NOTES));
    if (plan.escalated) {
      // The deadline is the end of its day: the escalation job runs as the next day begins.
      escalatedMs = startOfVietnamDay(addCalendarDays(replyDueOn, 1)).getTime() + 5 * MINUTE_MS;
      const parent = this.parentCode.get(ownerCode) ?? ownerCode;
      event(escalatedMs, "escalated", null, null, { toAgencyId: this.structure.agencyIds.get(parent)! });
    }
    if (plan.replyDay) {
      if (sheet.contact?.phone) event(at(plan.replyDay, 14 * 60, 14 * 60 + 50), "call", assignee?.id ?? null, rng.pick(CALL_NOTES), { reached: true });
      repliedMs = at(plan.replyDay, 15 * 60, 16 * 60 + 30);
      replyText = rng.pick(CASE_REPLIES[replySubject(sheet)]!);
      event(repliedMs, "replied", assignee?.id ?? null, null, {
        from: status,
        to: "replied",
        channel: sheet.contact?.email ? "email" : sheet.contact?.phone ? "phone" : "status_page",
        late: isPastDeadline(plan.replyDay, replyDueOn),
      });
      status = "replied";
    }
    if (plan.closeDay) {
      closedMs = at(plan.closeDay, 8 * 60, 10 * 60);
      event(closedMs, "closed", assignee?.id ?? null, null, { from: status, to: "closed" });
      status = "closed";
      if (sheet.contact) event(closedMs + 1000, "contact_deleted", null, null, { reason: "closed" });
    }

    events.sort((a, b) => a.atMs - b.atMs);
    this.batch.events.push(...events);
    if (sheet.contact && status !== "closed") {
      this.batch.contacts.push({
        responseId: r.id,
        phone: sheet.contact.phone,
        email: sheet.contact.email,
        consentedMs: openedMs,
        deleteAfterMs: contactDeleteAfter(new Date(openedMs)).getTime(),
      });
    }
    const demoCase: DemoCase = {
      id,
      reference,
      sheet,
      reasons,
      agencyId: this.structure.agencyIds.get(ownerCode)!,
      originAgencyId: r.unit.id,
      status,
      assigneeId: assignee?.id ?? null,
      openedMs,
      forwardDueOn,
      replyDueOn,
      forwardedMs,
      repliedMs,
      closedMs,
      escalatedMs,
      replyText,
      statusTokenHash: hashStatusToken(caseStatusToken(this.secret, reference)),
      updatedMs: events[events.length - 1]!.atMs,
    };
    this.batch.cases.push(demoCase);
    return demoCase;
  }

  /**
   * A reorganisation at `atMs`: each case of a predecessor (`successorOf`) still open then moves
   * to the successor, as the job moves it (a forward in its history, decision 021), and what was
   * done after that instant was done there: by the successor's handler, escalated to its parent.
   */
  handOver(atMs: number, successorOf: Map<number, number>, reorganisationOf: Map<number, number>): number {
    const byCase = new Map<number, Event[]>();
    for (const e of this.batch.events) {
      const list = byCase.get(e.caseId) ?? [];
      list.push(e);
      byCase.set(e.caseId, list);
    }
    const idOf = (code: string) => this.structure.agencyIds.get(code)!;
    let moved = 0;
    for (const c of this.batch.cases) {
      const to = successorOf.get(c.agencyId);
      if (to === undefined || c.openedMs >= atMs || (c.closedMs !== null && c.closedMs <= atMs)) continue;
      const from = c.agencyId;
      const handler = this.handlerFor(this.agencyCode(to));
      const parent = this.parentCode.get(this.agencyCode(to)) ?? null;
      for (const e of byCase.get(c.id) ?? []) {
        if (e.atMs <= atMs) continue;
        if (e.actorId !== null) e.actorId = handler?.id ?? null;
        if (e.kind === "escalated" && parent) e.data = { ...e.data, toAgencyId: idOf(parent) };
        if (e.kind === "assigned") e.data = { ...e.data, assigneeId: handler?.id ?? null };
      }
      this.batch.events.push({ caseId: c.id, atMs, kind: "forwarded", actorId: null, note: null, data: { reorganisationId: reorganisationOf.get(from) ?? null, fromAgencyId: from, toAgencyId: to } });
      this.batch.forwards.push({ caseId: c.id, fromAgencyId: from, toAgencyId: to, actorId: null, atMs });
      c.agencyId = to;
      if (c.assigneeId !== null) c.assigneeId = handler?.id ?? null;
      c.forwardedMs = c.forwardedMs !== null && c.forwardedMs > atMs ? c.forwardedMs : atMs;
      moved++;
    }
    this.batch.events.sort((a, b) => a.caseId - b.caseId || a.atMs - b.atMs);
    return moved;
  }

  /** Details left with an answer that opened no case: kept to the retention limit, then deleted. */
  keepContact(sheet: CaseSheet): void {
    if (!sheet.contact) return;
    const ms = sheet.response.submittedMs;
    this.batch.contacts.push({ responseId: sheet.response.id, ...sheet.contact, consentedMs: ms, deleteAfterMs: contactDeleteAfter(new Date(ms)).getTime() });
  }

  /**
   * Where a case goes when the matter is another unit's: a unit of the same district that handles
   * the dossier's procedure, else the district's one-stop centre, which routes inter-level dossiers.
   */
  forwardTarget(sheet: CaseSheet, rng: Random): string | null {
    const code = sheet.response.unit.spec.code;
    // A two-tier commune sends it to its area's branch of the provincial centre.
    const successor = SUCCESSORS.find((s) => s.code === code);
    if (successor) return successor.routesTo ?? null;
    const district = this.parentCode.get(code);
    const roles = sheet.response.invitation?.dossier.procedure.spec.handledBy ?? [];
    const units = AGENCIES.filter((a) => a.parentCode === district && (a.level === "center" || a.level === "department") && a.code !== code);
    const competent = units.filter((a) => a.level === "department" && a.handles.some((h) => roles.includes(h)));
    const centre = units.find((a) => a.level === "center");
    const pool = competent.length > 0 ? competent : centre ? [centre] : [];
    return pool.length > 0 ? rng.pick(pool).code : null;
  }

  /**
   * The working day `n` after `day` by the demo calendar. A thousand cases ask for the same few
   * hundred days again and again: remembered, as counting them costs most of the cases' time.
   */
  workingDay(day: Day, n: number): Day {
    const key = `${day}+${n}`;
    let due = this.counted.get(key);
    if (due === undefined) {
      due = addWorkingDays(day, n, this.calendar);
      this.counted.set(key, due);
    }
    return due;
  }

  isWorkingDay(day: Day): boolean {
    return isWorkingDay(day, this.calendar);
  }

  workingDaysBetween(from: Day, to: Day): number {
    return workingDaysBetween(from, to, this.calendar);
  }

  agencyCode(id: number): string {
    // Agencies created since (the successors of a reorganisation) are learnt on first use.
    if (!this.codeOf.has(id)) this.codeOf = new Map([...this.structure.agencyIds].map(([code, agencyId]) => [agencyId, code]));
    return this.codeOf.get(id)!;
  }
}

/**
 * The demo year's cases: every one closed long ago. Most were replied within the deadline; some
 * late (escalated when the deadline passed); a few forwarded to the competent unit. Whether a
 * citizen had left contact details is drawn too: it decides some cases (standing QR, comment with
 * contact), the calls and the acknowledgements, but no detail survives: all were deleted at closing.
 */
export function planYearCases(builder: CaseBuilder, sheets: SheetResponse[], settings: CaseSettings, rng: Random, contactRng: Random, options: YearCaseOptions = {}): void {
  for (const response of sheets) {
    let leftContact = response.comment !== null ? contactRng.chance(response.invitation ? 0.25 : 0.4) : contactRng.chance(0.05);
    // Live details are the recent stream's alone: none is drawn where a case may still be open.
    if (options.quietFromMs !== undefined && response.submittedMs >= options.quietFromMs) leftContact = false;
    let contact: DemoContact | null = null;
    if (leftContact) {
      const r = contactRng.next();
      // Never stored (the details went when the case closed): only which kinds were left matters.
      const gone = "đã xóa";
      contact = r < 0.6 ? { phone: gone, email: null } : r < 0.85 ? { phone: null, email: gone } : { phone: gone, email: gone };
    }
    const sheet: CaseSheet = { response, contact };
    const reasons = sheetCaseReasons(settings.rule, sheet);
    if (reasons.length === 0) continue;
    const openedDay = vietnamDayOf(new Date(response.submittedMs));
    const due = builder.deadlines(response.submittedMs);
    const assignDay = builder.workingDay(openedDay, 1);
    const plan: CasePlan = { assignDay };
    const draw = rng.next();
    const forward = draw < 0.06 ? builder.forwardTarget(sheet, rng) : null;
    // Within the forwarding deadline, which is `forwardDays` working days after the answer.
    const forwardAfter = forward ? rng.int(1, Math.min(4, settings.forwardDays)) : 0;
    if (forward) plan.forward = { day: builder.workingDay(openedDay, forwardAfter), toCode: forward };
    const late = (draw >= 0.06 && draw < 0.17) || (forward !== null && rng.chance(0.3));
    if (late) {
      plan.escalated = true;
      plan.replyDay = builder.workingDay(due.replyDueOn, rng.int(1, 5));
    } else {
      const earliest = Math.max(2, forwardAfter + 1);
      plan.replyDay = builder.workingDay(openedDay, rng.int(Math.min(earliest, settings.replyDays), settings.replyDays));
    }
    if (rng.chance(0.4)) plan.noteDay = assignDay;
    plan.closeDay = builder.workingDay(plan.replyDay, rng.int(1, 4));
    if (options.today) stopBefore(plan, options.today, due.replyDueOn);
    builder.add(sheet, reasons, plan, rng);
  }
}

export type YearCaseOptions = {
  /** The day the demo is loaded: what the plans put on it or later has not happened yet. */
  today?: Day;
  /** From this instant on no contact details are drawn (see planYearCases). */
  quietFromMs?: number;
};

/** Leaves out of a plan every step from `today` on: the case stands where it stands today. */
function stopBefore(plan: CasePlan, today: Day, replyDueOn: Day): void {
  if (plan.closeDay && plan.closeDay >= today) delete plan.closeDay;
  if (plan.replyDay && plan.replyDay >= today) {
    delete plan.replyDay;
    delete plan.closeDay;
  }
  if (plan.noteDay && plan.noteDay >= today) delete plan.noteDay;
  if (plan.forward && plan.forward.day >= today) delete plan.forward;
  if (plan.assignDay && plan.assignDay >= today) {
    delete plan.assignDay;
    delete plan.forward;
    delete plan.noteDay;
  }
  // Escalated as the day after the deadline begins: not yet if that day is today or later.
  if (plan.escalated && addCalendarDays(replyDueOn, 1) >= today) plan.escalated = false;
}

export async function insertCases(db: Db, batch: CaseBatch): Promise<void> {
  const { cases, events, forwards } = batch;
  const ts = (ms: number | null) => epochSeconds(ms);
  await bulkInsert(
    db,
    "cases",
    [
      { name: "id", type: "int8", values: cases.map((c) => c.id) },
      { name: "reference", type: "text", values: cases.map((c) => c.reference) },
      { name: "response_id", type: "int8", values: cases.map((c) => c.sheet.response.id) },
      { name: "agency_id", type: "int4", values: cases.map((c) => c.agencyId) },
      { name: "origin_agency_id", type: "int4", values: cases.map((c) => c.originAgencyId) },
      { name: "officer_id", type: "int4", values: cases.map((c) => c.sheet.response.officerId) },
      { name: "status", type: "text", values: cases.map((c) => c.status) },
      { name: "assignee_id", type: "int4", values: cases.map((c) => c.assigneeId) },
      // A two-dimensional array does not unnest row by row: the reasons travel joined.
      { name: "reasons", type: "text", values: cases.map((c) => c.reasons.join(",")), convert: (v) => sql`string_to_array(${v}, ',')` },
      { name: "verified", type: "int2", values: cases.map((c) => (c.sheet.response.invitation ? 1 : 0)), convert: asBoolean },
      { name: "opened_at", type: "int8", values: cases.map((c) => ts(c.openedMs)), convert: asTimestamp },
      { name: "forward_due_on", type: "text", values: cases.map((c) => c.forwardDueOn), convert: asDate },
      { name: "reply_due_on", type: "text", values: cases.map((c) => c.replyDueOn), convert: asDate },
      { name: "forwarded_at", type: "int8", values: cases.map((c) => ts(c.forwardedMs)), convert: asTimestamp },
      { name: "replied_at", type: "int8", values: cases.map((c) => ts(c.repliedMs)), convert: asTimestamp },
      { name: "closed_at", type: "int8", values: cases.map((c) => ts(c.closedMs)), convert: asTimestamp },
      { name: "escalated_at", type: "int8", values: cases.map((c) => ts(c.escalatedMs)), convert: asTimestamp },
      { name: "reply_text", type: "text", values: cases.map((c) => c.replyText) },
      { name: "status_token_hash", type: "text", values: cases.map((c) => c.statusTokenHash) },
      { name: "updated_at", type: "int8", values: cases.map((c) => ts(c.updatedMs)), convert: asTimestamp },
    ],
    { explicitIdentity: true },
  );
  if (cases.length > 0) await advanceIdentity(db, "cases");
  await bulkInsert(db, "case_events", [
    { name: "case_id", type: "int8", values: events.map((e) => e.caseId) },
    { name: "at", type: "int8", values: events.map((e) => ts(e.atMs)), convert: asTimestamp },
    { name: "kind", type: "text", values: events.map((e) => e.kind) },
    { name: "actor_id", type: "int4", values: events.map((e) => e.actorId) },
    { name: "note", type: "text", values: events.map((e) => e.note) },
    { name: "data", type: "text", values: events.map((e) => (e.data ? JSON.stringify(e.data) : null)), convert: asJsonb },
  ]);
  await bulkInsert(db, "case_forwards", [
    { name: "case_id", type: "int8", values: forwards.map((f) => f.caseId) },
    { name: "from_agency_id", type: "int4", values: forwards.map((f) => f.fromAgencyId) },
    { name: "to_agency_id", type: "int4", values: forwards.map((f) => f.toAgencyId) },
    { name: "actor_id", type: "int4", values: forwards.map((f) => f.actorId) },
    { name: "at", type: "int8", values: forwards.map((f) => ts(f.atMs)), convert: asTimestamp },
  ]);
}

export async function insertContacts(db: Db, contacts: ContactRow[], consentText: string): Promise<void> {
  await bulkInsert(db, "contacts", [
    { name: "response_id", type: "int8", values: contacts.map((c) => c.responseId) },
    { name: "phone", type: "text", values: contacts.map((c) => c.phone) },
    { name: "email", type: "text", values: contacts.map((c) => c.email) },
    { name: "consent_text", derive: () => sql`${consentText}::text` },
    { name: "consented_at", type: "int8", values: contacts.map((c) => epochSeconds(c.consentedMs)), convert: asTimestamp },
    { name: "delete_after", type: "int8", values: contacts.map((c) => epochSeconds(c.deleteAfterMs)), convert: asTimestamp },
  ]);
}

