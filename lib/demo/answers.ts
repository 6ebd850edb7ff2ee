import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { TIMELINESS, type Channel } from "@/db/schema";
import { advanceIdentity, asBoolean, asTimestamp, bulkInsert, epochSeconds as seconds } from "@/lib/bulk-load";
import { ELEMENTS, SIPAS_V1, type Element } from "@/lib/questionnaire/sipas-v1";
import { hashToken } from "@/lib/survey/token";
import { DAY_MS, MINUTE_MS, officeTime, type OfficeDay } from "./calendar";
import { COMPLAINT_COMMENTS, PRAISE_COMMENTS, STANDING_CODES, SUGGESTION_COMMENTS } from "./catalogue";
import { DEMO_PERIOD, segmentCount, segmentStream, type DemoSegment, type Dossier } from "./dossiers";
import { pickWeighted, stream, uuidFrom, type Random } from "./random";
import type { UnitRuntime } from "./structure";

/**
 * The district-wide element indices the demo aims at (pooled over the district's subtree). Their
 * mean is 92,6%, the figure of the report in domain.md §1; procedure is the weakest element and
 * officials the strongest, as in most real reports.
 */
export const DEMO_TARGET_INDICES: Record<Element, number> = {
  access: 93.4,
  procedure: 89.9,
  officials: 95.3,
  result: 93.0,
  feedback: 91.4,
};

/** The demo year as a segment of the generators: its streams, its volume and its targets. */
export const DEMO_YEAR: DemoSegment = { name: "", ...DEMO_PERIOD, volume: 1, firstSeq: 1, targets: DEMO_TARGET_INDICES };

export const INVITATION_TTL_DAYS = 30;

export type Invitation = {
  id: string;
  dossier: Dossier;
  channel: Channel;
  deskId: number;
  issuedById: number;
  tokenHash: string;
  usedMs: number | null;
};

export type SheetResponse = {
  id: number;
  unit: UnitRuntime;
  /** Copied from the dossier, like the officer: the desk that served, not the one that asked. */
  deskId: number;
  officerId: number | null;
  channel: Channel;
  invitation: Invitation | null;
  standingCodeId: number | null;
  submittedMs: number;
  /** Value per element in ELEMENTS order; 0 = not answered ("không áp dụng"). */
  values: number[];
  overall: number;
  expectations: string[];
  comment: string | null;
};


export function channelFor(rng: Random, unit: UnitRuntime, dossier: Dossier): Channel {
  const deskId = unit.desks[dossier.deskIndex]!.id;
  // The counter tablet stands at one desk: most people served there rate on it.
  if (unit.kiosk && unit.kiosk.deskId === deskId && rng.chance(0.6)) return "kiosk";
  if (unit.spec.level === "commune") return rng.chance(0.8) ? "receipt_qr" : "desk_screen";
  return rng.chance(0.68) ? "receipt_qr" : "desk_screen";
}

export const RESPONSE_RATE: Partial<Record<Channel, number>> = { receipt_qr: 0.31, desk_screen: 0.52, kiosk: 0.5 };

/** Verified responses, each behind a used invitation; every invitation is also returned. */
export function generateInvitationsAndResponses(dossiers: Dossier[], segment: DemoSegment): { invitations: Invitation[]; responses: SheetResponse[] } {
  const rng = stream(segmentStream(segment, "invitations"));
  const tokens = stream(segmentStream(segment, "tokens"));
  const to = segment.to.getTime();
  const invitations: Invitation[] = [];
  const responses: SheetResponse[] = [];
  for (const dossier of dossiers) {
    const unit = dossier.unit;
    if (!rng.chance(unit.spec.invitationRate)) continue;
    const channel = channelFor(rng, unit, dossier);
    const desk = unit.desks[dossier.deskIndex]!;
    const invitation: Invitation = {
      id: uuidFrom(tokens.bytes(16)),
      dossier,
      channel,
      deskId: channel === "kiosk" ? unit.kiosk!.deskId : desk.id,
      issuedById: channel === "kiosk" ? unit.kiosk!.accountId : desk.officerId,
      // Drawn from the seed, not derived from the server secret (lib/survey/token.ts): anyone with
      // the seed could rebuild one and no desk can show one again. Harmless: all expired before the
      // day the demo is loaded (the segments end before the recent stream's live links).
      tokenHash: hashToken(tokens.bytes(16).toString("base64url")),
      usedMs: null,
    };
    invitations.push(invitation);
    if (!rng.chance(RESPONSE_RATE[channel]! * unit.spec.responseFactor)) continue;

    let delayMs: number;
    if (channel !== "receipt_qr") delayMs = rng.between(20, 300) * 1000;
    else {
      const r = rng.next();
      delayMs =
        r < 0.55 ? rng.between(2, 180) * MINUTE_MS : r < 0.87 ? rng.between(3, 30) * 3_600_000 : rng.between(1.5, 6) * DAY_MS;
    }
    let submittedMs = dossier.completedMs + Math.floor(delayMs / 1000) * 1000;
    // Keep every answer inside the segment it belongs to, so period filters on submission and on
    // completion count the same responses.
    if (submittedMs >= to) submittedMs = dossier.completedMs + rng.int(2, 15) * MINUTE_MS;
    invitation.usedMs = submittedMs;
    responses.push({
      id: 0,
      unit,
      deskId: desk.id,
      officerId: desk.officerId,
      channel,
      invitation,
      standingCodeId: null,
      submittedMs,
      values: [],
      overall: 0,
      expectations: [],
      comment: null,
    });
  }
  return { invitations, responses };
}

/**
 * The tokens of the demo year's first invitations, in the order the seed drew them: every one of
 * them is answered or expired, so end-to-end journeys can open both kinds of link.
 */
export function demoYearTokens(count: number): string[] {
  const tokens = stream("tokens");
  return Array.from({ length: count }, () => {
    tokens.bytes(16);
    return tokens.bytes(16).toString("base64url");
  });
}



const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/**
 * Answers S1–S5 so that the district's pooled element indices land on the segment's targets
 * (DEMO_TARGET_INDICES for the demo year) exactly (to one answer), whatever the random draws: per agency and element, a quota of
 * satisfied answers is set from the agency's quality, and the respondents with the best latent
 * mood get them. The mood is shared between a respondent's elements (an unhappy citizen tends
 * to be unhappy throughout) and leans on late results, heavy procedures, the officer at the desk
 * and a slow improvement over the year, so that drill-downs show something.
 */
export function answerScaleQuestions(responses: SheetResponse[], units: UnitRuntime[], officerEffect: Map<number, number>, segment: DemoSegment): void {
  const rng = stream(segmentStream(segment, "answers"));
  const from = segment.from.getTime();
  const span = segment.to.getTime() - from;
  const E = ELEMENTS.length;
  const feedbackIndex = ELEMENTS.indexOf("feedback");
  const resultIndex = ELEMENTS.indexOf("result");
  const procedureIndex = ELEMENTS.indexOf("procedure");
  const officialsIndex = ELEMENTS.indexOf("officials");

  const mood: Float64Array[] = [];
  for (const r of responses) {
    const dossier = r.invitation!.dossier;
    const shared = rng.next();
    const keys = new Float64Array(E);
    const progress = (r.submittedMs - from) / span;
    for (let e = 0; e < E; e++) {
      let key = rng.chance(0.55) ? shared : rng.next();
      key += 0.03 * (0.5 - progress);
      if (e === resultIndex && dossier.late) key += 0.3;
      if (e === procedureIndex) key += dossier.procedure.spec.burden ?? 0;
      if (e === officialsIndex) key += officerEffect.get(r.deskId) ?? 0;
      keys[e] = key;
    }
    mood.push(keys);
    // Most citizens never complained: S5 is "not applicable" for them.
    r.values = ELEMENTS.map((_, e) => (e === feedbackIndex && !rng.chance(0.24) ? 0 : -1));
  }

  const byUnit = new Map<number, number[]>();
  responses.forEach((r, i) => {
    const list = byUnit.get(r.unit.index) ?? [];
    list.push(i);
    byUnit.set(r.unit.index, list);
  });

  for (let e = 0; e < E; e++) {
    const answering = new Map<number, number[]>();
    for (const [unitIndex, list] of byUnit) answering.set(unitIndex, list.filter((i) => responses[i]!.values[e] !== 0));
    const count = (u: UnitRuntime) => answering.get(u.index)?.length ?? 0;
    const district = units.filter((u) => u.inDistrict && count(u) > 0);
    const target = segment.targets[ELEMENTS[e]!]! / 100;
    const answers = district.reduce((s, u) => s + count(u), 0);

    // The shift that makes the district's pooled share equal the target.
    const pooled = (shift: number) =>
      district.reduce((s, u) => s + count(u) * sigmoid(u.elementOffset[e]! + shift), 0) / answers;
    let lo = -10;
    let hi = 10;
    for (let i = 0; i < 80; i++) {
      const mid = (lo + hi) / 2;
      if (pooled(mid) < target) lo = mid;
      else hi = mid;
    }
    const shift = (lo + hi) / 2;

    const quota = new Map<number, number>();
    // Largest remainder: the district's satisfied answers add up to round(target × answers).
    const exact = district.map((u) => ({ u, x: count(u) * sigmoid(u.elementOffset[e]! + shift) }));
    let left = Math.round(target * answers);
    for (const { u, x } of exact) {
      quota.set(u.index, Math.floor(x));
      left -= Math.floor(x);
    }
    exact
      .sort((a, b) => b.x - Math.floor(b.x) - (a.x - Math.floor(a.x)) || a.u.index - b.u.index)
      .slice(0, Math.max(0, left))
      .forEach(({ u }) => quota.set(u.index, quota.get(u.index)! + 1));
    for (const u of units) {
      if (!u.inDistrict) quota.set(u.index, Math.round(count(u) * sigmoid(u.elementOffset[e]! + shift)));
    }

    for (const u of units) {
      const list = answering.get(u.index) ?? [];
      if (list.length === 0) continue;
      const k = quota.get(u.index)!;
      const share = k / list.length;
      // Better-served agencies give more "Rất hài lòng" among their satisfied answers.
      const veryShare = Math.min(0.6, Math.max(0.2, 0.42 + 1.5 * (share - 0.92)));
      list.sort((a, b) => mood[a]![e]! - mood[b]![e]! || a - b);
      list.forEach((i, rank) => {
        responses[i]!.values[e] = rank < k ? (rng.chance(veryShare) ? 5 : 4) : dissatisfiedValue(rng);
      });
    }
  }
}

export function dissatisfiedValue(rng: Random): number {
  const r = rng.next();
  return r < 0.6 ? 3 : r < 0.9 ? 2 : 1;
}

export function overallValue(rng: Random, values: number[]): number {
  const given = values.filter((v) => v > 0);
  const mean = given.reduce((s, v) => s + v, 0) / given.length;
  const r = rng.next();
  const noise = r < 0.08 ? -1 : r > 0.92 ? 1 : 0;
  return Math.min(5, Math.max(1, Math.round(mean) + noise));
}

const EXPECTATION_BASE: Record<string, number> = {
  attitude: 4,
  competence: 4,
  faster: 18,
  simpler: 16,
  transparency: 6,
  complaints: 3,
  facilities: 10,
  online: 14,
};
// What a dissatisfied answer on an element makes people ask for.
const EXPECTATION_BOOST: Record<Element, Record<string, number>> = {
  access: { facilities: 30 },
  procedure: { simpler: 25, faster: 15 },
  officials: { attitude: 30, competence: 15 },
  result: { faster: 30 },
  feedback: { complaints: 30 },
};

/** S0, expectations and comments: drawn from the S1–S5 answers so that they agree with them. */
export function answerTheRest(responses: SheetResponse[], overallAsked: boolean, expectationKeys: string[], segment: DemoSegment): void {
  const rng = stream(segmentStream(segment, "extras"));
  for (const r of responses) {
    if (overallAsked && rng.chance(0.86)) r.overall = overallValue(rng, r.values);
    const unhappy = ELEMENTS.filter((_, e) => r.values[e]! > 0 && r.values[e]! <= 3);
    if (expectationKeys.length > 0 && rng.chance(unhappy.length > 0 ? 0.7 : 0.3)) {
      const weights: Record<string, number> = {};
      for (const key of expectationKeys) weights[key] = EXPECTATION_BASE[key] ?? 5;
      for (const element of unhappy) {
        for (const [key, boost] of Object.entries(EXPECTATION_BOOST[element])) {
          if (key in weights) weights[key] = weights[key]! + boost;
        }
      }
      const picks = rng.chance(0.55) ? 1 : rng.chance(0.67) ? 2 : 3;
      for (let i = 0; i < picks; i++) {
        const key = pickWeighted(rng, weights);
        r.expectations.push(key);
        delete weights[key];
        if (Object.keys(weights).length === 0) break;
      }
    }
    if (unhappy.length > 0) {
      if (rng.chance(0.2)) {
        let worst = 0;
        ELEMENTS.forEach((_, e) => {
          if (r.values[e]! > 0 && (r.values[worst]! === 0 || r.values[e]! < r.values[worst]!)) worst = e;
        });
        r.comment = rng.pick(COMPLAINT_COMMENTS[ELEMENTS[worst]!]!);
      }
    } else if (rng.chance(0.03)) {
      r.comment = rng.chance(0.75) ? rng.pick(PRAISE_COMMENTS) : rng.pick(SUGGESTION_COMMENTS);
    }
  }
}

/**
 * Responses from the standing QR on the wall: no dossier behind them, so unverified and kept out
 * of official figures (domain §6). A few, a little harsher, as such responses tend to be.
 */
export function generateStandingResponses(units: UnitRuntime[], calendar: OfficeDay[], segment: DemoSegment): SheetResponse[] {
  const rng = stream(segmentStream(segment, "standing-qr"));
  const from = segment.from.getTime();
  const to = segment.to.getTime();
  const days = calendar.filter((d) => d.startMs >= from && d.startMs < to);
  const list: SheetResponse[] = [];
  // The demo year's units in the catalogue's order of codes, as the year was always drawn.
  const order = (u: UnitRuntime) => STANDING_CODES.findIndex((c) => c.agencyCode === u.spec.code);
  const standing = units.filter((u) => u.standingCodeId !== null && u.standingResponses > 0).sort((a, b) => order(a) - order(b) || a.index - b.index);
  for (const unit of standing) {
    const n = segmentCount(unit.standingResponses, segment);
    for (let i = 0; i < n; i++) {
      const values = ELEMENTS.map((el) =>
        el === "feedback" && !rng.chance(0.35) ? 0 : rng.chance(0.8) ? rng.int(4, 5) : dissatisfiedValue(rng),
      );
      const unhappy = ELEMENTS.find((_, e) => values[e]! > 0 && values[e]! <= 3);
      list.push({
        id: 0,
        unit,
        deskId: unit.desks[0]!.id,
        officerId: null,
        channel: "standing_qr",
        invitation: null,
        standingCodeId: unit.standingCodeId,
        submittedMs: rng.pick(days).startMs + officeTime(rng),
        values,
        overall: rng.chance(0.5) ? overallValue(rng, values) : 0,
        expectations: [],
        comment: unhappy && rng.chance(0.3) ? rng.pick(COMPLAINT_COMMENTS[unhappy]!) : null,
      });
    }
  }
  return list;
}


export async function insertInvitations(db: Db, invitations: Invitation[]): Promise<void> {
  await bulkInsert(db, "invitations", [
    { name: "id", type: "uuid", values: invitations.map((i) => i.id) },
    { name: "dossier_id", type: "int8", values: invitations.map((i) => i.dossier.id) },
    { name: "agency_id", type: "int4", values: invitations.map((i) => i.dossier.unit.id) },
    { name: "desk_id", type: "int4", values: invitations.map((i) => i.deskId) },
    { name: "channel", type: "text", values: invitations.map((i) => i.channel) },
    { name: "token_hash", type: "text", values: invitations.map((i) => i.tokenHash) },
    { name: "issued_by_id", type: "int4", values: invitations.map((i) => i.issuedById) },
    // Issued when the result is handed over (domain §1).
    {
      name: "issued_at",
      type: "int8",
      values: invitations.map((i) => seconds(i.dossier.completedMs)),
      convert: asTimestamp,
    },
    {
      name: "expires_at",
      derive: (column) => sql`to_timestamp(${column("issued_at")}) + make_interval(days => ${INVITATION_TTL_DAYS})`,
    },
    {
      name: "used_at",
      type: "int8",
      values: invitations.map((i) => (i.usedMs === null ? null : seconds(i.usedMs))),
      convert: asTimestamp,
    },
  ]);
}

export async function insertResponses(db: Db, responses: SheetResponse[], versionId: number): Promise<{ answers: number; expectations: number }> {
  await bulkInsert(
    db,
    "responses",
    [
      { name: "id", type: "int8", values: responses.map((r) => r.id) },
      { name: "invitation_id", type: "uuid", values: responses.map((r) => r.invitation?.id ?? null) },
      { name: "version_id", derive: () => sql`${versionId}::int` },
      { name: "agency_id", type: "int4", values: responses.map((r) => r.unit.id) },
      { name: "dossier_id", type: "int8", values: responses.map((r) => r.invitation?.dossier.id ?? null) },
      { name: "procedure_id", type: "int4", values: responses.map((r) => r.invitation?.dossier.procedure.id ?? null) },
      { name: "officer_id", type: "int4", values: responses.map((r) => r.officerId) },
      { name: "desk_id", type: "int4", values: responses.map((r) => r.deskId) },
      { name: "channel", type: "text", values: responses.map((r) => r.channel) },
      { name: "standing_code_id", type: "int4", values: responses.map((r) => r.standingCodeId) },
      { name: "verified", type: "int2", values: responses.map((r) => (r.invitation ? 1 : 0)), convert: asBoolean },
      // The dossier's timeliness, as the answer path copies it (TIMELINESS).
      {
        name: "timeliness",
        type: "int2",
        values: responses.map((r) => (r.invitation ? (r.invitation.dossier.completedMs <= r.invitation.dossier.dueMs ? TIMELINESS.onTime : TIMELINESS.late) : TIMELINESS.unknown)),
      },
      { name: "comment", type: "text", values: responses.map((r) => r.comment) },
      { name: "submitted_at", type: "int8", values: responses.map((r) => seconds(r.submittedMs)), convert: asTimestamp },
    ],
    { explicitIdentity: true },
  );
  await advanceIdentity(db, "responses");

  const scaleKeys = ELEMENTS.map((el) => SIPAS_V1.find((q) => q.element === el)!.key);
  const overallKey = SIPAS_V1.find((q) => q.element === "overall")?.key;
  const answers = { responseId: [] as number[], key: [] as string[], element: [] as string[], value: [] as number[] };
  const expectations = { responseId: [] as number[], key: [] as string[] };
  const addAnswer = (responseId: number, key: string, element: string, value: number) => {
    answers.responseId.push(responseId);
    answers.key.push(key);
    answers.element.push(element);
    answers.value.push(value);
  };
  for (const r of responses) {
    ELEMENTS.forEach((element, e) => {
      if (r.values[e]! > 0) addAnswer(r.id, scaleKeys[e]!, element, r.values[e]!);
    });
    if (overallKey && r.overall > 0) addAnswer(r.id, overallKey, "overall", r.overall);
    for (const key of r.expectations) {
      expectations.responseId.push(r.id);
      expectations.key.push(key);
    }
  }
  await bulkInsert(db, "answers", [
    { name: "response_id", type: "int8", values: answers.responseId },
    { name: "question_key", type: "text", values: answers.key },
    { name: "element", type: "text", values: answers.element },
    { name: "value", type: "int2", values: answers.value },
  ]);
  await bulkInsert(db, "response_expectations", [
    { name: "response_id", type: "int8", values: expectations.responseId },
    { name: "option_key", type: "text", values: expectations.key },
  ]);
  return { answers: answers.value.length, expectations: expectations.key.length };
}

/**
 * Fills an empty, migrated database with the demo year, in one transaction: a failure leaves
 * nothing behind. The same data every time (fixed seed, fixed dates), except password salts.
 */

