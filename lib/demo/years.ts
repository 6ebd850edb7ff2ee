import { inArray, sql } from "drizzle-orm";
import { rows, type Db } from "@/db/client";
import { agencyTargets, staffAccounts } from "@/db/schema";
import { renameDesk } from "@/lib/admin/desks";
import { carryOutDueReorganisations, planMerge } from "@/lib/admin/reorganisations";
import { ELEMENTS } from "@/lib/questionnaire/sipas-v1";
import { startOfVietnamDay, vietnamDayOf, vietnamMidnight } from "@/lib/time/vietnam";
import { DEMO_TARGET_INDICES } from "./answers";
import { AGENCIES, DEMO_PROVINCE_CODE, type AgencySpec } from "./catalogue";
import { DEMO_PERIOD, type DemoSegment } from "./dossiers";
import { WeightedPicker } from "./random";
import type { Structure, UnitRuntime } from "./structure";

/**
 * The demo's later years (decision 010, decision 021): every reporting year after 2023 up to the
 * month the demo is loaded in, at half the demo year's volume, and on 01/07/2025 the two-tier
 * reorganisation of local government, carried out by the product's own operation.
 */

/** A later year's dossiers as a share of the demo year's: enough for every page, half the load. */
export const LATER_VOLUME = 0.5;

/** The day the districts end and the merged communes begin (Resolution 190/2025/QH15). */
export const MERGE_DAY = "2025-07-01";
export const MERGE_INSTANT = startOfVietnamDay(MERGE_DAY);
/** When the administrator entered the plan: a month ahead, as the resolutions were published. */
const PLANNED_AT = new Date("2025-06-02T09:00:00+07:00");
export const MERGE_BASIS = "Nghị quyết của Ủy ban Thường vụ Quốc hội về sắp xếp đơn vị hành chính cấp xã của tỉnh Thái Nguyên năm 2025";

export type SuccessorSpec = {
  code: string;
  name: string;
  nameEn: string;
  level: "commune" | "center";
  /** Merged into it on MERGE_DAY, in the catalogue's codes. */
  predecessors: string[];
  /** Of the former Phú Bình district: the area whose pooled figures the later years aim at. */
  inDistrict: boolean;
  /** Where a commune sends a case whose matter is another level's: its area's centre. */
  routesTo?: string;
};

/** The two-tier structure from 01/07/2025, directly under the province. Communes before centres. */
export const SUCCESSORS: SuccessorSpec[] = [
  { code: "TN-XPB", name: "Xã Phú Bình", nameEn: "Phu Binh Commune", level: "commune", predecessors: ["TN-PB-TTHS", "TN-PB-XUK", "TN-PB-XNL", "TN-PB-XBL"], inDistrict: true, routesTo: "TN-KVPB" },
  { code: "TN-XKS", name: "Xã Kha Sơn", nameEn: "Kha Son Commune", level: "commune", predecessors: ["TN-PB-XKS", "TN-PB-XTDU", "TN-PB-XTDI"], inDistrict: true, routesTo: "TN-KVPB" },
  { code: "TN-XDT", name: "Xã Điềm Thụy", nameEn: "Diem Thuy Commune", level: "commune", predecessors: ["TN-PB-XDTH", "TN-PB-XXP"], inDistrict: true, routesTo: "TN-KVPB" },
  { code: "TN-XTK", name: "Xã Tân Khánh", nameEn: "Tan Khanh Commune", level: "commune", predecessors: ["TN-PB-XTK", "TN-PB-XDX"], inDistrict: true, routesTo: "TN-KVPB" },
  { code: "TN-XDH", name: "Xã Đồng Hỷ", nameEn: "Dong Hy Commune", level: "commune", predecessors: ["TN-DH-XHT", "TN-DH-XML"], inDistrict: false, routesTo: "TN-KVDH" },
  {
    code: "TN-KVPB",
    name: "Trung tâm Phục vụ hành chính công tỉnh – Chi nhánh Phú Bình",
    nameEn: "Provincial Public Service Centre, Phu Binh Branch",
    level: "center",
    predecessors: ["TN-PB", "TN-PB-MC", "TN-PB-TP", "TN-PB-TNMT", "TN-PB-KTHT", "TN-PB-TCKH", "TN-PB-LDTBXH", "TN-PB-GDDT"],
    inDistrict: true,
  },
  {
    code: "TN-KVDH",
    name: "Trung tâm Phục vụ hành chính công tỉnh – Chi nhánh Đồng Hỷ",
    nameEn: "Provincial Public Service Centre, Dong Hy Branch",
    level: "center",
    predecessors: ["TN-DH", "TN-DH-MC"],
    inDistrict: false,
  },
];

/** The successor a catalogue agency's work went to on MERGE_DAY. */
export function successorCodeOf(code: string): string | undefined {
  return SUCCESSORS.find((s) => s.predecessors.includes(code))?.code;
}

/** Parent codes of every agency the demo ever had: the catalogue's and the successors'. */
export function demoParentCodes(): Map<string, string | null> {
  return new Map<string, string | null>([...AGENCIES.map((a) => [a.code, a.parentCode] as const), ...SUCCESSORS.map((s) => [s.code, DEMO_PROVINCE_CODE] as const)]);
}

// The later years' district-wide indices: a little better each year, a dip in the half year
// after the merge (new communes, moved desks), recovered in the first full two-tier year.
const DRIFT: Record<string, number> = { "2024": 0.6, "2025": 1.0, "2025-merged": -1.8, "2026": 0.4 };
const LATER_DRIFT = 1.0;

function targetsFor(name: string): Record<string, number> {
  const drift = DRIFT[name] ?? LATER_DRIFT;
  return Object.fromEntries(ELEMENTS.map((e) => [e, Math.min(99, DEMO_TARGET_INDICES[e] + drift)]));
}

export type LaterSegment = DemoSegment & { merged: boolean };

/**
 * The segments after the demo year: each reporting year from 2024 (01/12 to 30/11), cut at
 * MERGE_INSTANT, up to the first day of the month the demo is loaded in (its days so far come
 * from the recent stream only). Empty before December 2023.
 */
export function laterSegments(loadedAt: Date): LaterSegment[] {
  const [year, month] = vietnamDayOf(loadedAt).split("-").map(Number) as [number, number];
  const until = vietnamMidnight(year, month, 1).getTime();
  const segments: LaterSegment[] = [];
  const yearMs = DEMO_PERIOD.to.getTime() - DEMO_PERIOD.from.getTime();
  const add = (name: string, from: number, to: number, merged: boolean) => {
    const end = Math.min(to, until);
    if (end <= from) return;
    segments.push({
      name,
      from: new Date(from),
      to: new Date(end),
      volume: (LATER_VOLUME * (end - from)) / yearMs,
      // Only neighbours share receipt days: clear of the previous segment's register, of the
      // demo year's (from 1) and of the recent stream's (from 5001).
      firstSeq: 1001 + 1000 * (segments.length % 2),
      targets: targetsFor(name),
      merged,
    });
  };
  const merge = MERGE_INSTANT.getTime();
  for (let y = 2024; vietnamMidnight(y - 1, 12, 1).getTime() < until; y++) {
    const from = vietnamMidnight(y - 1, 12, 1).getTime();
    const to = vietnamMidnight(y, 12, 1).getTime();
    if (from < merge && merge < to) {
      add(String(y), from, merge, false);
      if (merge < until) add(`${y}-merged`, merge, to, true);
    } else add(String(y), from, to, from >= merge);
  }
  return segments;
}

export type MergeResult = {
  units: UnitRuntime[];
  reorganisationIds: number[];
  /** Predecessor agency id → successor agency id. */
  successorOf: Map<number, number>;
  /** Predecessor agency id → the reorganisation that ended it. */
  reorganisationOf: Map<number, number>;
};

/**
 * Plans the reorganisation as the province's administrator would (one merge per successor, a
 * month ahead) and carries it out with the product's job on the day: desks, accounts, standing
 * codes and procedures move to the successors. Returns the units of the two-tier structure, built
 * from what moved, for the generators of the later segments; `structure` learns the successors'
 * ids and the accounts' new agencies.
 */
export async function carryOutDemoMerge(db: Db, structure: Structure, before: UnitRuntime[]): Promise<MergeResult> {
  const provinceId = structure.agencyIds.get(DEMO_PROVINCE_CODE)!;
  const [admin] = await rows<{ id: number; path: string }>(
    db,
    sql`select s.id, a.path from staff_accounts s join agencies a on a.id = s.agency_id where s.role = 'admin' and s.agency_id = ${provinceId} order by s.id limit 1`,
  );
  const actor = { id: admin!.id, role: "admin" as const, agencyId: provinceId, scopePath: admin!.path };
  const reorganisationIds: number[] = [];
  for (const s of SUCCESSORS) {
    const planned = await planMerge(
      db,
      actor,
      {
        effectiveOn: MERGE_DAY,
        basis: MERGE_BASIS,
        predecessorIds: s.predecessors.map((code) => structure.agencyIds.get(code)!),
        successor: { create: { code: s.code, name: s.name, nameEn: s.nameEn, level: s.level, parentId: provinceId } },
      },
      PLANNED_AT,
    );
    reorganisationIds.push(planned.id);
    structure.agencyIds.set(s.code, planned.successorIds[0]!);
  }
  await carryOutDueReorganisations(db, { now: MERGE_INSTANT });
  // Counters that met their twin at the successor kept their former unit's code in front; the
  // administrator names them after it too, so that an officer picks the right one.
  const renamed = await rows<{ id: number; name: string; former: string }>(
    db,
    sql`select d.id, d.name, a.name as former from reorganisation_parts m join desks d on d.id = m.desk_id join agencies a on a.id = m.predecessor_id
        where m.reorganisation_id = any(${sql.param(reorganisationIds)}::int[]) and d.code <> m.desk_code order by d.id`,
  );
  for (const d of renamed) await renameDesk(db, actor, { deskId: d.id, name: `${d.name} – ${d.former}` });
  // The audit says when it happened: planned a month ahead, carried out as the day began.
  await db.execute(
    sql`update audit_log set at = case when action = 'reorganisation.planned' then ${PLANNED_AT.toISOString()}::timestamptz else ${MERGE_INSTANT.toISOString()}::timestamptz + interval '5 minutes' end
        where (entity = 'reorganisation' and entity_id = any(${sql.param(reorganisationIds.map(String))}::text[]))
           or (action = 'desk.renamed' and entity_id = any(${sql.param(renamed.map((d) => String(d.id)))}::text[]))`,
  );

  const successorOf = new Map<number, number>();
  const reorganisationOf = new Map<number, number>();
  SUCCESSORS.forEach((s, i) => {
    for (const p of s.predecessors) {
      successorOf.set(structure.agencyIds.get(p)!, structure.agencyIds.get(s.code)!);
      reorganisationOf.set(structure.agencyIds.get(p)!, reorganisationIds[i]!);
    }
  });
  // The leaders and handlers moved with their agencies.
  const moved = await db
    .select({ id: staffAccounts.id, agencyId: staffAccounts.agencyId })
    .from(staffAccounts)
    .where(inArray(staffAccounts.id, structure.actors.map((a) => a.id)));
  for (const a of structure.actors) a.agencyId = moved.find((m) => m.id === a.id)!.agencyId;

  const units = SUCCESSORS.map((s, index) => successorUnit(s, index, structure.agencyIds.get(s.code)!, before.filter((u) => s.predecessors.includes(u.spec.code))));
  return { units, reorganisationIds, successorOf, reorganisationOf };
}

/** A successor as the generators see it: what its predecessors had, pooled. */
function successorUnit(s: SuccessorSpec, index: number, id: number, predecessors: UnitRuntime[]): UnitRuntime {
  const total = predecessors.reduce((sum, u) => sum + u.spec.dossiers, 0);
  const weighted = (f: (u: UnitRuntime) => number) => predecessors.reduce((sum, u) => sum + f(u) * u.spec.dossiers, 0) / total;
  const spec: AgencySpec = {
    code: s.code,
    name: s.name,
    nameEn: s.nameEn,
    level: s.level,
    parentCode: DEMO_PROVINCE_CODE,
    handles: [...new Set(predecessors.flatMap((u) => u.spec.handles))],
    desks: predecessors.reduce((sum, u) => sum + u.desks.length, 0),
    dossiers: total,
    quality: weighted((u) => u.spec.quality),
    invitationRate: weighted((u) => u.spec.invitationRate),
    responseFactor: weighted((u) => u.spec.responseFactor),
  };
  const procedures = [...new Map(predecessors.flatMap((u) => u.procedures).map((p) => [p.id, p])).values()];
  const desks = predecessors.flatMap((u) => u.desks);
  // Each former unit's counters keep their share of the work: a desk weighs its unit's volume.
  const deskWeights = predecessors.flatMap((u) => u.desks.map((_, i) => (u.spec.dossiers / u.desks.length) * (i === 0 ? 1.4 : 1)));
  const standing = predecessors.find((u) => u.standingCodeId !== null);
  return {
    spec,
    index,
    id,
    inDistrict: s.inDistrict,
    procedures,
    procedurePicker: new WeightedPicker(
      procedures.map((_, i) => i),
      procedures.map((p) => p.spec.weight),
    ),
    desks,
    deskPicker: new WeightedPicker(
      desks.map((_, i) => i),
      deskWeights,
    ),
    kiosk: predecessors.find((u) => u.kiosk)?.kiosk ?? null,
    standingCodeId: standing?.standingCodeId ?? null,
    standingResponses: standing?.standingResponses ?? 0,
    elementOffset: ELEMENTS.map((_, e) => weighted((u) => u.elementOffset[e]!)),
  };
}

/** Headline targets of the two-tier units, for the reporting years from the merge's. */
export async function insertSuccessorTargets(db: Db, structure: Structure, years: { from: number; to: number }): Promise<number> {
  const values = SUCCESSORS.filter((s) => s.inDistrict).flatMap((s) =>
    Array.from({ length: years.to - years.from + 1 }, (_, i) => ({
      agencyId: structure.agencyIds.get(s.code)!,
      reportingYear: years.from + i,
      targetHundredths: s.level === "commune" ? 9200 : 9300,
    })),
  );
  if (values.length > 0) await db.insert(agencyTargets).values(values);
  return values.length;
}
