import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { advanceIdentity, asTimestamp, bulkInsert, epochSeconds as seconds } from "@/lib/bulk-load";
import { vietnamDayOf } from "@/lib/time/vietnam";
import { AFTERNOON, MINUTE_MS, MORNING, officeTime, type OfficeDay } from "./calendar";
import type { ProcedureSpec } from "./catalogue";
import { stream, WeightedPicker } from "./random";
import type { UnitRuntime } from "./structure";

/** The demo's reporting year, 01/12/2022 00:00 to 30/11/2023 23:59:59 Vietnam time: [from, to). */
export const DEMO_PERIOD = {
  from: new Date("2022-12-01T00:00:00+07:00"),
  to: new Date("2023-12-01T00:00:00+07:00"),
} as const;

/**
 * A stretch of the demo's history that one pass of the generators fills: the demo year (2023), or
 * part of a later reporting year (lib/demo/years.ts), on the structure in force over it.
 */
export type DemoSegment = {
  /** Names the segment's random streams; "" for the demo year, whose streams keep their names. */
  name: string;
  /** Completions in [from, to). */
  from: Date;
  to: Date;
  /** Dossiers completed in the segment, as a share of each unit's yearly volume (`spec.dossiers`). */
  volume: number;
  /**
   * The first number of a day's register: dossiers received before the segment began and
   * completed in it share their receipt day with the previous segment's, so each segment numbers
   * from its own thousand.
   */
  firstSeq: number;
  /** The pooled element indices (%) the segment's answers land on (answerScaleQuestions). */
  targets: Record<string, number>;
};

/** The segment's name for a random stream: the demo year keeps the names it always had. */
export function segmentStream(segment: DemoSegment, base: string): string {
  return segment.name ? `${segment.name}:${base}` : base;
}

/** How many of a yearly volume a segment gets: exact for the demo year, rounded otherwise. */
export function segmentCount(yearly: number, segment: DemoSegment): number {
  return segment.volume === 1 ? yearly : Math.round(yearly * segment.volume);
}

export type Dossier = {
  id: number;
  unit: UnitRuntime;
  procedure: { id: number; spec: ProcedureSpec };
  code: string;
  deskIndex: number;
  receivedMs: number;
  dueMs: number;
  completedMs: number;
  late: boolean;
};

/** yymmdd of the Vietnam day, as dossier codes carry it. */
export function vnDate(ms: number): string {
  return vietnamDayOf(new Date(ms)).slice(2).replace(/-/g, "");
}

/** Dossier codes number each day's receipts in order, as a desk's register does. */
export function numberDossiers(unitCode: string, own: Dossier[], firstSeq = 1): void {
  own.sort((a, b) => a.receivedMs - b.receivedMs);
  let day = "";
  let seq = 0;
  for (const d of own) {
    const ymd = vnDate(d.receivedMs);
    seq = ymd === day ? seq + 1 : firstSeq;
    day = ymd;
    d.code = `${unitCode}-${ymd}-${String(seq).padStart(4, "0")}`;
  }
}

/**
 * The dossiers completed in a segment, by unit, on office days weighted by how busy desks are;
 * received within (or, for a few, beyond) the procedure's limit in working days of `calendar`,
 * which must reach back a few months before the segment.
 */
export function generateDossiers(units: UnitRuntime[], calendar: OfficeDay[], firstId: number, segment: DemoSegment): Dossier[] {
  const rng = stream(segmentStream(segment, "dossiers"));
  const from = segment.from.getTime();
  const to = segment.to.getTime();
  const periodDays: number[] = [];
  calendar.forEach((day, i) => {
    if (day.startMs >= from && day.startMs < to) periodDays.push(i);
  });
  const dayPicker = new WeightedPicker(
    periodDays,
    periodDays.map((i) => calendar[i]!.weight),
  );

  const all: Dossier[] = [];
  for (const unit of units) {
    const own: Dossier[] = [];
    const count = segmentCount(unit.spec.dossiers, segment);
    for (let n = 0; n < count; n++) {
      const dayIndex = dayPicker.pick(rng);
      const procedure = unit.procedures[unit.procedurePicker.pick(rng)]!;
      const limit = procedure.spec.limitDays;
      const completedMs = calendar[dayIndex]!.startMs + officeTime(rng);
      let receivedMs: number;
      let dueMs: number;
      const late = limit > 0 && rng.chance(procedure.spec.lateRate ?? 0.02);
      // Working days between receipt and completion: mostly well inside the limit.
      const taken = limit === 0 ? 0 : late ? limit + rng.int(1, 3) : Math.round(limit * rng.between(0.3, 1));
      if (taken === 0) {
        // Received earlier the same day: a few minutes for a certified copy, an hour or two at most.
        const dayStart = calendar[dayIndex]!.startMs;
        receivedMs = Math.max(completedMs - Math.floor(rng.between(8, 120) * 60) * 1000, dayStart + MORNING.start * MINUTE_MS);
        const minuteOfDay = (receivedMs - dayStart) / MINUTE_MS;
        if (minuteOfDay > MORNING.end && minuteOfDay < AFTERNOON.start) receivedMs -= 2 * 60 * MINUTE_MS;
        dueMs = calendar[dayIndex + limit]!.startMs + AFTERNOON.end * MINUTE_MS;
      } else {
        const receivedIndex = dayIndex - taken;
        receivedMs = calendar[receivedIndex]!.startMs + officeTime(rng);
        dueMs = calendar[receivedIndex + limit]!.startMs + AFTERNOON.end * MINUTE_MS;
      }
      own.push({
        id: 0,
        unit,
        procedure,
        code: "",
        deskIndex: unit.deskPicker.pick(rng),
        receivedMs,
        dueMs,
        completedMs,
        late,
      });
    }
    numberDossiers(unit.spec.code, own, segment.firstSeq);
    all.push(...own);
  }
  all.sort((a, b) => a.completedMs - b.completedMs || a.unit.index - b.unit.index || (a.code < b.code ? -1 : 1));
  all.forEach((d, i) => (d.id = firstId + i));
  return all;
}

export async function insertDossiers(db: Db, dossiers: Dossier[]): Promise<void> {
  const desk = (d: Dossier) => d.unit.desks[d.deskIndex]!;
  await bulkInsert(
    db,
    "dossiers",
    [
      { name: "id", type: "int8", values: dossiers.map((d) => d.id) },
      { name: "agency_id", type: "int4", values: dossiers.map((d) => d.unit.id) },
      { name: "procedure_id", type: "int4", values: dossiers.map((d) => d.procedure.id) },
      { name: "code", type: "text", values: dossiers.map((d) => d.code) },
      { name: "desk_id", type: "int4", values: dossiers.map((d) => desk(d).id) },
      { name: "officer_id", type: "int4", values: dossiers.map((d) => desk(d).officerId) },
      { name: "received_at", type: "int8", values: dossiers.map((d) => seconds(d.receivedMs)), convert: asTimestamp },
      { name: "due_at", type: "int8", values: dossiers.map((d) => seconds(d.dueMs)), convert: asTimestamp },
      { name: "completed_at", type: "int8", values: dossiers.map((d) => seconds(d.completedMs)), convert: asTimestamp },
      { name: "source", derive: () => sql`'demo'` },
    ],
    { explicitIdentity: true },
  );
  await advanceIdentity(db, "dossiers");
}
