import { performance } from "node:perf_hooks";
import { eq, sql, type SQL } from "drizzle-orm";
import { rows, type Db } from "@/db/client";
import { createAgency } from "@/db/queries/agencies";
import { createPublishedVersion } from "@/db/queries/questionnaires";
import {
  agencies,
  agencyProcedures,
  desks,
  procedures,
  questionnaireVersions,
  staffAccounts,
  standingCodes,
  type Channel,
  type Role,
} from "@/db/schema";
import { hashPassword } from "@/lib/auth/password";
import { ELEMENTS, SIPAS_QUESTIONNAIRE, SIPAS_V1, type Element } from "@/lib/questionnaire/sipas-v1";
import { hashToken } from "@/lib/survey/token";
import {
  AGENCIES,
  COMPLAINT_COMMENTS,
  DEMO_DISTRICT_CODE,
  DEMO_PROVINCE_CODE,
  FEATURED_OFFICERS,
  OFFICER_NAMES,
  PRAISE_COMMENTS,
  PROCEDURES,
  REPORT_COMMUNE_LEVEL_DOSSIERS,
  REPORT_DISTRICT_LEVEL_DOSSIERS,
  STANDING_CODES,
  SUGGESTION_COMMENTS,
  type AgencySpec,
  type ProcedureSpec,
} from "./catalogue";

export { DEMO_DISTRICT_CODE, DEMO_PROVINCE_CODE } from "./catalogue";

/** Shared by every demo account, so that it can be printed on a handout. */
export const DEMO_PASSWORD = "demo1234";

/** The demo's reporting year, 01/12/2022 00:00 to 30/11/2023 23:59:59 Vietnam time: [from, to). */
export const DEMO_PERIOD = {
  from: new Date("2022-12-01T00:00:00+07:00"),
  to: new Date("2023-12-01T00:00:00+07:00"),
} as const;

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

export type DemoAccount = {
  username: string;
  password: string;
  name: string;
  role: Role;
  agencyCode: string;
  agencyName: string;
  /** Code of the desk a kiosk or officer account works at. */
  deskCode?: string;
};

export type SeedSummary = {
  agencies: number;
  procedures: number;
  desks: number;
  staffAccounts: number;
  dossiers: {
    total: number;
    /** The demo district's own units (one-stop centre and departments). */
    districtLevel: number;
    /** The demo district's communes and towns. */
    communeLevel: number;
    /** Everything outside the demo district. */
    elsewhere: number;
  };
  invitations: number;
  responses: { verified: number; unverified: number };
  answers: number;
  district: {
    code: string;
    name: string;
    /** "Chỉ số hài lòng chung (TB 5 yếu tố)", pooled over the district subtree, full precision. */
    meanOfFive: number;
    elements: Record<Element, number>;
  };
  /** Mean of the five indices of each commune, lowest and highest: the spread a ranking shows. */
  communes: { lowest: { name: string; meanOfFive: number }; highest: { name: string; meanOfFive: number } };
  elapsedMs: number;
};

// Any fixed number: changing it reshuffles the data set but keeps every volume and target.
const SEED = 20_231_130;
// Vietnam has had no daylight saving time since 1975: a fixed offset is exact.
const VN_OFFSET_MS = 7 * 3_600_000;
const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const INVITATION_TTL_DAYS = 30;
// PGlite holds a statement's parameters in memory: 10k rows keeps each under a few MB.
const ROWS_PER_STATEMENT = 10_000;

// ---------------------------------------------------------------------------------------------
// Deterministic randomness

/** mulberry32: tiny, fast and good enough for demo data; never for anything secret. */
class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }

  between(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  int(min: number, maxInclusive: number): number {
    return min + Math.floor(this.next() * (maxInclusive - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  bytes(length: number): Buffer {
    const out = Buffer.alloc(length);
    for (let i = 0; i < length; i += 4) {
      const word = Math.floor(this.next() * 4_294_967_296);
      for (let j = 0; j < 4 && i + j < length; j++) out[i + j] = (word >>> (8 * j)) & 0xff;
    }
    return out;
  }
}

/**
 * One stream per concern, so that changing how (say) comments are drawn leaves the dossiers and
 * the figures exactly as they were.
 */
function stream(label: string): Random {
  let h = 0x811c9dc5;
  for (const ch of label) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return new Random(h ^ SEED);
}

class WeightedPicker<T> {
  private readonly cumulative: number[] = [];
  private readonly total: number;

  constructor(
    private readonly items: readonly T[],
    weights: readonly number[],
  ) {
    let sum = 0;
    for (const w of weights) this.cumulative.push((sum += w));
    this.total = sum;
    if (items.length === 0 || !(sum > 0)) throw new Error("nothing to pick from");
  }

  pick(rng: Random): T {
    const x = rng.next() * this.total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cumulative[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return this.items[lo]!;
  }
}

function pickWeighted<T extends string>(rng: Random, weights: Partial<Record<T, number>>): T {
  const entries = Object.entries(weights) as [T, number][];
  return new WeightedPicker(
    entries.map(([k]) => k),
    entries.map(([, w]) => w),
  ).pick(rng);
}

// ---------------------------------------------------------------------------------------------
// The office calendar

type WorkDay = { startMs: number; ymd: string; weight: number };

// Days off in the demo's range (Tết Quý Mão 20–26/01/2023, 29/4–3/5 and 1–4/9/2023), and the
// Saturday worked in exchange for the May bridge.
const HOLIDAYS = new Set([
  "2023-01-02",
  "2023-01-20",
  "2023-01-23",
  "2023-01-24",
  "2023-01-25",
  "2023-01-26",
  "2023-05-01",
  "2023-05-02",
  "2023-05-03",
  "2023-09-01",
  "2023-09-04",
  "2024-01-01",
]);
const WORKED_SATURDAYS = new Set(["2023-05-06"]);
// Year-end and pre-Tết rushes, the lull after Tết.
const MONTH_WEIGHT = [1.2, 0.8, 1, 0.95, 1, 1, 0.95, 1.05, 0.95, 1, 1.05, 1.15];
const WEEKDAY_WEIGHT = [0, 1.15, 1, 1, 1, 0.9, 0.7];

/**
 * Working days from `first` to `last` (inclusive). Starts weeks before the demo year because a
 * land dossier completed in December was received in October, and runs past it for due dates.
 */
function workingDays(first: string, last: string): WorkDay[] {
  const days: WorkDay[] = [];
  const end = Date.parse(`${last}T00:00:00Z`);
  for (let utc = Date.parse(`${first}T00:00:00Z`); utc <= end; utc += DAY_MS) {
    const date = new Date(utc);
    const ymd = date.toISOString().slice(0, 10);
    const weekday = date.getUTCDay();
    const working = WORKED_SATURDAYS.has(ymd) || (weekday >= 1 && weekday <= 5 && !HOLIDAYS.has(ymd));
    if (!working) continue;
    const preTet = ymd >= "2023-01-09" && ymd <= "2023-01-19" ? 1.35 : 1;
    days.push({
      startMs: utc - VN_OFFSET_MS,
      ymd,
      weight: MONTH_WEIGHT[date.getUTCMonth()]! * WEEKDAY_WEIGHT[weekday]! * preTet,
    });
  }
  return days;
}

const MORNING = { start: 7 * 60 + 30, end: 11 * 60 + 30 };
const AFTERNOON = { start: 13 * 60 + 30, end: 17 * 60 };

/** Milliseconds after midnight (Vietnam time) within office hours, to the second. */
function officeTime(rng: Random): number {
  const session = rng.chance(0.58) ? MORNING : AFTERNOON;
  const minutes = rng.between(session.start, session.end);
  return Math.floor(minutes * 60) * 1000;
}

function vnDate(ms: number): string {
  return new Date(ms + VN_OFFSET_MS).toISOString().slice(2, 10).replace(/-/g, "");
}

// ---------------------------------------------------------------------------------------------
// Plan of accounts (pure, so that DEMO_ACCOUNTS can name the officers without a database)

type OfficerPlan = { agencyCode: string; deskCode: string; username: string; name: string };

function deskCode(n: number): string {
  return `Q${n}`;
}

function planOfficers(): OfficerPlan[] {
  const plan: OfficerPlan[] = [];
  for (const agency of AGENCIES) {
    for (let n = 1; n <= agency.desks; n++) {
      const featured = n === 1 ? FEATURED_OFFICERS[agency.code] : undefined;
      const slug = agency.code.slice(DEMO_PROVINCE_CODE.length + 1).toLowerCase().replace(/-/g, ".");
      plan.push({
        agencyCode: agency.code,
        deskCode: deskCode(n),
        username: featured?.username ?? `congchuc.${slug}.${n}`,
        name: OFFICER_NAMES[plan.length % OFFICER_NAMES.length]!,
      });
    }
  }
  return plan;
}

const OFFICERS = planOfficers();

function agencySpec(code: string): AgencySpec {
  const spec = AGENCIES.find((a) => a.code === code);
  if (!spec) throw new Error(`demo catalogue has no agency ${code}`);
  return spec;
}

function featuredOfficer(agencyCode: string): DemoAccount {
  const officer = OFFICERS.find((o) => o.agencyCode === agencyCode && o.deskCode === deskCode(1))!;
  return {
    username: officer.username,
    password: DEMO_PASSWORD,
    name: officer.name,
    role: "officer",
    agencyCode,
    agencyName: agencySpec(agencyCode).name,
    deskCode: officer.deskCode,
  };
}

function account(username: string, name: string, role: Role, agencyCode: string, desk?: string): DemoAccount {
  return {
    username,
    password: DEMO_PASSWORD,
    name,
    role,
    agencyCode,
    agencyName: agencySpec(agencyCode).name,
    ...(desk ? { deskCode: desk } : {}),
  };
}

/**
 * The accounts to sign in with at a demo. Every other desk officer also has an account
 * (`congchuc.<district>.<unit>.<desk>`) with the same password.
 */
export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  account("quantri", "Quản trị hệ thống", "admin", DEMO_PROVINCE_CODE),
  account("lanhdao.tinh", "Nguyễn Văn Quang", "leader", DEMO_PROVINCE_CODE),
  account("lanhdao.huyen", "Hoàng Minh Đức", "leader", DEMO_DISTRICT_CODE),
  account("lanhdao.tuphap", "Lê Thị Bích Ngọc", "leader", "TN-PB-TP"),
  account("lanhdao.huongson", "Dương Văn Thành", "leader", "TN-PB-TTHS"),
  account("lanhdao.khason", "Nguyễn Thị Kim Oanh", "leader", "TN-PB-XKS"),
  ...Object.keys(FEATURED_OFFICERS).map(featuredOfficer),
  account("kiosk.motcua", "Máy tính bảng Quầy số 1", "kiosk", "TN-PB-MC", deskCode(1)),
];

// ---------------------------------------------------------------------------------------------
// Bulk insertion

type Column =
  | {
      name: string;
      /** PostgreSQL type of the array element as sent. */
      type: string;
      values: readonly unknown[];
      /** How the sent value becomes the stored one, when it is not stored as sent. */
      convert?: (value: SQL) => SQL;
    }
  // Computed in SQL from the row's sent columns, or a constant: nothing travels.
  | { name: string; derive: (column: (name: string) => SQL) => SQL };

const asTimestamp = (v: SQL) => sql`to_timestamp(${v})`;
const asBoolean = (v: SQL) => sql`(${v} = 1)`;
const seconds = (ms: number) => Math.floor(ms / 1000);

/**
 * One INSERT … SELECT FROM unnest(…) per chunk: a handful of parameters however many rows, where
 * the query builder would cost ~50 µs a row. Timestamps travel as epoch seconds and booleans as
 * 0/1 because the two drivers serialise Date and boolean arrays differently.
 */
async function bulkInsert(
  db: Db,
  table: string,
  columns: Column[],
  { explicitIdentity = false }: { explicitIdentity?: boolean } = {},
): Promise<void> {
  const sent = columns.filter((c) => "values" in c);
  const total = sent[0]?.values.length ?? 0;
  for (const c of sent) {
    if (c.values.length !== total) throw new Error(`${table}.${c.name}: ${c.values.length} values for ${total} rows`);
  }
  const ref = (name: string) => {
    const i = sent.findIndex((c) => c.name === name);
    if (i < 0) throw new Error(`${table}: no column ${name} is sent`);
    return sql.raw(`t.c${i}`);
  };
  const names = sql.join(
    columns.map((c) => sql.identifier(c.name)),
    sql`, `,
  );
  const selected = sql.join(
    columns.map((c) => ("values" in c ? (c.convert ? c.convert(ref(c.name)) : ref(c.name)) : c.derive(ref))),
    sql`, `,
  );
  const aliases = sql.raw(sent.map((_, i) => `c${i}`).join(", "));
  const overriding = explicitIdentity ? sql`overriding system value` : sql``;
  for (let start = 0; start < total; start += ROWS_PER_STATEMENT) {
    const end = Math.min(total, start + ROWS_PER_STATEMENT);
    const arrays = sql.join(
      sent.map((c) => sql`${sql.param(c.values.slice(start, end))}::${sql.raw(c.type)}[]`),
      sql`, `,
    );
    try {
      await db.execute(
        sql`insert into ${sql.identifier(table)} (${names}) ${overriding}
            select ${selected} from unnest(${arrays}) as t(${aliases})`,
      );
    } catch (err) {
      // The driver's error carries every parameter: thousands of values. Keep the database's words.
      const cause = (err as { cause?: unknown }).cause ?? err;
      const message = cause instanceof Error ? cause.message : String(cause);
      throw new Error(`inserting ${table} rows ${start + 1}–${end}: ${message}`);
    }
  }
}

const BULK_TABLES = ["dossiers", "invitations", "responses", "answers", "response_expectations"];

/**
 * Foreign-key triggers check each inserted row on its own: ~30 µs a reference in PGlite's
 * WebAssembly, which more than doubles the seed. Every reference the seed writes points at a row
 * it wrote itself, so where it may (a superuser: PGlite, a local PostgreSQL) it turns triggers
 * off for its own transaction and checks each foreign key once, set-based, before commit.
 * Elsewhere the triggers stay on and the seed is merely slower.
 */
async function suspendRowTriggers(db: Db): Promise<boolean> {
  const [row] = await rows<{ superuser: boolean }>(db, sql`select current_setting('is_superuser') = 'on' as superuser`);
  if (!row?.superuser) return false;
  await db.execute(sql`set local session_replication_role = replica`);
  return true;
}

async function verifyReferencesAndResumeTriggers(db: Db, tables: string[]): Promise<void> {
  const keys = await rows<{ name: string; child: string; column: string; parent: string; parent_column: string; width: number }>(
    db,
    sql`select c.conname as name, cl.relname as child, a.attname as column,
          pcl.relname as parent, pa.attname as parent_column, cardinality(c.conkey)::int as width
        from pg_constraint c
        join pg_class cl on cl.oid = c.conrelid
        join pg_class pcl on pcl.oid = c.confrelid
        join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
        join pg_attribute pa on pa.attrelid = c.confrelid and pa.attnum = c.confkey[1]
        where c.contype = 'f' and pg_table_is_visible(cl.oid) and cl.relname = any(${sql.param(tables)}::text[])
        order by c.conname`,
  );
  if (keys.length === 0) throw new Error("no foreign keys found to verify");
  const composite = keys.find((k) => k.width !== 1);
  if (composite) throw new Error(`foreign key ${composite.name} spans several columns: verify it before using this path`);
  const checks = sql.join(
    keys.map(
      (k) =>
        sql`select ${k.name}::text as name, count(*)::int as broken from ${sql.identifier(k.child)} x
            where x.${sql.identifier(k.column)} is not null and not exists
              (select 1 from ${sql.identifier(k.parent)} p where p.${sql.identifier(k.parent_column)} = x.${sql.identifier(k.column)})`,
    ),
    sql` union all `,
  );
  const broken = (await rows<{ name: string; broken: number }>(db, checks)).filter((r) => r.broken > 0);
  if (broken.length > 0) {
    throw new Error(`demo data breaks foreign keys: ${broken.map((b) => `${b.name} (${b.broken})`).join(", ")}`);
  }
  await db.execute(sql`set local session_replication_role = origin`);
}

// ---------------------------------------------------------------------------------------------
// Generation

type UnitRuntime = {
  spec: AgencySpec;
  index: number;
  id: number;
  inDistrict: boolean;
  procedures: { id: number; spec: ProcedureSpec }[];
  procedurePicker: WeightedPicker<number>;
  desks: { id: number; officerId: number }[];
  deskPicker: WeightedPicker<number>;
  kiosk: { accountId: number; deskId: number } | null;
  /** The standing QR at the unit's first counter, if it has one. */
  standingCodeId: number | null;
  /** Logit offset of each element: the agency's quality plus its own strengths and weaknesses. */
  elementOffset: number[];
};

type Dossier = {
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

type Invitation = {
  id: string;
  dossier: Dossier;
  channel: Channel;
  deskId: number;
  issuedById: number;
  tokenHash: string;
  usedMs: number | null;
};

type SheetResponse = {
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

function generateDossiers(units: UnitRuntime[], calendar: WorkDay[], firstId: number): Dossier[] {
  const rng = stream("dossiers");
  const from = DEMO_PERIOD.from.getTime();
  const to = DEMO_PERIOD.to.getTime();
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
    for (let n = 0; n < unit.spec.dossiers; n++) {
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
    // Dossier codes number the day's receipts in order, as a desk's register does.
    own.sort((a, b) => a.receivedMs - b.receivedMs);
    let day = "";
    let seq = 0;
    for (const d of own) {
      const ymd = vnDate(d.receivedMs);
      seq = ymd === day ? seq + 1 : 1;
      day = ymd;
      d.code = `${unit.spec.code}-${ymd}-${String(seq).padStart(4, "0")}`;
    }
    all.push(...own);
  }
  all.sort((a, b) => a.completedMs - b.completedMs || a.unit.index - b.unit.index || (a.code < b.code ? -1 : 1));
  all.forEach((d, i) => (d.id = firstId + i));
  return all;
}

function channelFor(rng: Random, unit: UnitRuntime, dossier: Dossier): Channel {
  const deskId = unit.desks[dossier.deskIndex]!.id;
  // The counter tablet stands at one desk: most people served there rate on it.
  if (unit.kiosk && unit.kiosk.deskId === deskId && rng.chance(0.6)) return "kiosk";
  if (unit.spec.level === "commune") return rng.chance(0.8) ? "receipt_qr" : "desk_screen";
  return rng.chance(0.68) ? "receipt_qr" : "desk_screen";
}

const RESPONSE_RATE: Partial<Record<Channel, number>> = { receipt_qr: 0.31, desk_screen: 0.52, kiosk: 0.5 };

/** Verified responses, each behind a used invitation; every invitation is also returned. */
function generateInvitationsAndResponses(dossiers: Dossier[]): { invitations: Invitation[]; responses: SheetResponse[] } {
  const rng = stream("invitations");
  const tokens = stream("tokens");
  const to = DEMO_PERIOD.to.getTime();
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
      // the seed could rebuild one and no desk can show one again. Harmless: all expired in 2023.
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
    // Keep every answer inside the year it belongs to, so period filters on submission and on
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

function uuidFrom(bytes: Buffer): string {
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/**
 * Answers S1–S5 so that the district's pooled element indices land on DEMO_TARGET_INDICES
 * exactly (to one answer), whatever the random draws: per agency and element, a quota of
 * satisfied answers is set from the agency's quality, and the respondents with the best latent
 * mood get them. The mood is shared between a respondent's elements (an unhappy citizen tends
 * to be unhappy throughout) and leans on late results, heavy procedures, the officer at the desk
 * and a slow improvement over the year, so that drill-downs show something.
 */
function answerScaleQuestions(responses: SheetResponse[], units: UnitRuntime[], officerEffect: Map<number, number>): void {
  const rng = stream("answers");
  const from = DEMO_PERIOD.from.getTime();
  const span = DEMO_PERIOD.to.getTime() - from;
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
    const target = DEMO_TARGET_INDICES[ELEMENTS[e]!] / 100;
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

function dissatisfiedValue(rng: Random): number {
  const r = rng.next();
  return r < 0.6 ? 3 : r < 0.9 ? 2 : 1;
}

function overallValue(rng: Random, values: number[]): number {
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
function answerTheRest(responses: SheetResponse[], overallAsked: boolean, expectationKeys: string[]): void {
  const rng = stream("extras");
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
function generateStandingResponses(units: UnitRuntime[], calendar: WorkDay[]): SheetResponse[] {
  const rng = stream("standing-qr");
  const from = DEMO_PERIOD.from.getTime();
  const to = DEMO_PERIOD.to.getTime();
  const days = calendar.filter((d) => d.startMs >= from && d.startMs < to);
  const list: SheetResponse[] = [];
  for (const { agencyCode: code, responses: n } of STANDING_CODES) {
    const unit = units.find((u) => u.spec.code === code)!;
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

// ---------------------------------------------------------------------------------------------
// The seed

function checkCatalogue(): void {
  const inDistrict = AGENCIES.filter((a) => a.parentCode === DEMO_DISTRICT_CODE);
  const districtLevel = inDistrict.filter((a) => a.level !== "commune").reduce((s, a) => s + a.dossiers, 0);
  const communeLevel = inDistrict.filter((a) => a.level === "commune").reduce((s, a) => s + a.dossiers, 0);
  if (districtLevel !== REPORT_DISTRICT_LEVEL_DOSSIERS || communeLevel !== REPORT_COMMUNE_LEVEL_DOSSIERS) {
    throw new Error(
      `demo catalogue: district ${districtLevel} / commune ${communeLevel} dossiers, the report says ` +
        `${REPORT_DISTRICT_LEVEL_DOSSIERS} / ${REPORT_COMMUNE_LEVEL_DOSSIERS}`,
    );
  }
  for (const a of AGENCIES) {
    if (a.dossiers > 0 && !PROCEDURES.some((p) => p.handledBy.some((r) => a.handles.includes(r)))) {
      throw new Error(`demo catalogue: ${a.code} has dossiers but handles no procedure`);
    }
  }
}

/** True when the database holds no agency: a fresh install that a demo may fill. */
export async function isDatabaseEmpty(db: Db): Promise<boolean> {
  const [row] = await rows<{ empty: boolean }>(db, sql`select not exists (select 1 from agencies) as empty`);
  return row?.empty === true;
}

type Structure = { units: UnitRuntime[]; versionId: number; officerEffect: Map<number, number>; staffAccounts: number };

/** Agencies, procedures, desks, accounts and the questionnaire: a few hundred rows, row by row. */
async function createStructure(db: Db, passwordHash: string): Promise<Structure> {
  // Through the one function that keeps `path` right.
  const agencyIds = new Map<string, number>();
  for (const [i, spec] of AGENCIES.entries()) {
    const agency = await createAgency(db, {
      code: spec.code,
      name: spec.name,
      nameEn: spec.nameEn,
      level: spec.level,
      parentId: spec.parentCode ? agencyIds.get(spec.parentCode)! : null,
      sortOrder: i,
    });
    agencyIds.set(spec.code, agency.id);
  }

  const procedureRows = await db
    .insert(procedures)
    .values(PROCEDURES.map((p) => ({ code: p.code, name: p.name, field: p.field })))
    .returning({ id: procedures.id, code: procedures.code });
  const procedureId = new Map(procedureRows.map((p) => [p.code, p.id]));
  const handledBy = (spec: AgencySpec) => PROCEDURES.filter((p) => p.handledBy.some((r) => spec.handles.includes(r)));
  await db.insert(agencyProcedures).values(
    AGENCIES.flatMap((a) =>
      handledBy(a).map((p) => ({ agencyId: agencyIds.get(a.code)!, procedureId: procedureId.get(p.code)! })),
    ),
  );

  const deskRows = await db
    .insert(desks)
    .values(
      OFFICERS.map((o) => ({
        agencyId: agencyIds.get(o.agencyCode)!,
        code: o.deskCode,
        name: `Quầy số ${o.deskCode.slice(1)}`,
      })),
    )
    .returning({ id: desks.id, agencyId: desks.agencyId, code: desks.code });
  const deskId = (agencyCode: string, code: string) =>
    deskRows.find((d) => d.agencyId === agencyIds.get(agencyCode) && d.code === code)!.id;

  const officerRows = await db
    .insert(staffAccounts)
    .values(
      OFFICERS.map((o) => ({
        username: o.username,
        name: o.name,
        passwordHash,
        role: "officer" as const,
        agencyId: agencyIds.get(o.agencyCode)!,
        deskId: deskId(o.agencyCode, o.deskCode),
      })),
    )
    .returning({ id: staffAccounts.id, deskId: staffAccounts.deskId });
  const otherRows = await db
    .insert(staffAccounts)
    .values(
      DEMO_ACCOUNTS.filter((a) => !OFFICERS.some((o) => o.username === a.username)).map((a) => ({
        username: a.username,
        name: a.name,
        passwordHash,
        role: a.role,
        agencyId: agencyIds.get(a.agencyCode)!,
        deskId: a.deskCode ? deskId(a.agencyCode, a.deskCode) : null,
      })),
    )
    .returning({ id: staffAccounts.id, role: staffAccounts.role, deskId: staffAccounts.deskId });

  const { versionId } = await createPublishedVersion(db, { ...SIPAS_QUESTIONNAIRE, questions: SIPAS_V1 });
  // Published before the first demo answer, so that no response predates its questionnaire.
  const publishedAt = new Date("2022-11-25T08:00:00+07:00");
  await db
    .update(questionnaireVersions)
    .set({ publishedAt, createdAt: publishedAt })
    .where(eq(questionnaireVersions.id, versionId));

  const quality = stream("quality");
  const officerEffect = new Map<number, number>();
  for (const o of officerRows) officerEffect.set(o.deskId!, quality.between(-0.03, 0.03));
  const units: UnitRuntime[] = [];
  for (const spec of AGENCIES) {
    if (spec.dossiers === 0) continue;
    const handled = handledBy(spec);
    const unitDesks = OFFICERS.filter((o) => o.agencyCode === spec.code).map((o) => {
      const id = deskId(spec.code, o.deskCode);
      return { id, officerId: officerRows.find((r) => r.deskId === id)!.id };
    });
    const kiosk = otherRows.find((r) => r.role === "kiosk" && unitDesks.some((d) => d.id === r.deskId));
    units.push({
      spec,
      index: units.length,
      id: agencyIds.get(spec.code)!,
      inDistrict: spec.parentCode === DEMO_DISTRICT_CODE,
      procedures: handled.map((p) => ({ id: procedureId.get(p.code)!, spec: p })),
      procedurePicker: new WeightedPicker(
        handled.map((_, i) => i),
        handled.map((p) => p.weight),
      ),
      desks: unitDesks,
      // The first counter is the busiest: it is the one nearest the door.
      deskPicker: new WeightedPicker(
        unitDesks.map((_, i) => i),
        unitDesks.map((_, i) => (i === 0 ? 1.4 : 1)),
      ),
      kiosk: kiosk ? { accountId: kiosk.id, deskId: kiosk.deskId! } : null,
      standingCodeId: null,
      elementOffset: ELEMENTS.map(() => spec.quality + quality.between(-0.3, 0.3)),
    });
  }
  const standingRows = await db
    .insert(standingCodes)
    .values(
      STANDING_CODES.map((c) => {
        const unit = units.find((u) => u.spec.code === c.agencyCode)!;
        return { code: c.code, agencyId: unit.id, deskId: unit.desks[0]!.id, label: c.label };
      }),
    )
    .returning({ id: standingCodes.id, agencyId: standingCodes.agencyId });
  for (const row of standingRows) units.find((u) => u.id === row.agencyId)!.standingCodeId = row.id;
  return { units, versionId, officerEffect, staffAccounts: officerRows.length + otherRows.length };
}

async function nextId(db: Db, table: string): Promise<number> {
  const [row] = await rows<{ next: number }>(db, sql`select coalesce(max(id), 0)::int + 1 as next from ${sql.identifier(table)}`);
  return row!.next;
}

/** Explicit ids (so that answers can point at responses without a round trip), then the sequence. */
async function advanceIdentity(db: Db, table: string): Promise<void> {
  await db.execute(sql`select setval(pg_get_serial_sequence(${table}, 'id'), (select max(id) from ${sql.identifier(table)}))`);
}

async function insertDossiers(db: Db, dossiers: Dossier[]): Promise<void> {
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

async function insertInvitations(db: Db, invitations: Invitation[]): Promise<void> {
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

async function insertResponses(db: Db, responses: SheetResponse[], versionId: number): Promise<{ answers: number; expectations: number }> {
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
export async function seedDemo(db: Db, options: { log?: (line: string) => void } = {}): Promise<SeedSummary> {
  const started = performance.now();
  const log = options.log ?? (() => {});
  checkCatalogue();
  // scrypt costs ~100 ms: one hash for the shared demo password, reused by every account.
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const since = (mark: number) => `${Math.round(performance.now() - mark)} ms`;

  const summary = await db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    let mark = performance.now();
    const structure = await createStructure(t, passwordHash);
    const deskCount = structure.units.reduce((s, u) => s + u.desks.length, 0);
    log(
      `${AGENCIES.length} agencies, ${PROCEDURES.length} procedures, ${deskCount} desks, ` +
        `${structure.staffAccounts} staff accounts (${since(mark)})`,
    );

    const triggersSuspended = await suspendRowTriggers(t);
    mark = performance.now();
    const calendar = workingDays("2022-10-01", "2024-01-31");
    const dossiers = generateDossiers(structure.units, calendar, await nextId(t, "dossiers"));
    await insertDossiers(t, dossiers);
    log(`${dossiers.length} dossiers (${since(mark)})`);

    mark = performance.now();
    const { invitations, responses: verified } = generateInvitationsAndResponses(dossiers);
    answerScaleQuestions(verified, structure.units, structure.officerEffect);
    const expectationKeys = SIPAS_V1.find((q) => q.element === "expectations")?.options?.map((o) => o.key) ?? [];
    answerTheRest(verified, SIPAS_V1.some((q) => q.element === "overall"), expectationKeys);
    const responses = [...verified, ...generateStandingResponses(structure.units, calendar)];
    // Ids in the order the answers arrived, as a live system would have given them.
    responses.sort((a, b) => a.submittedMs - b.submittedMs || a.unit.index - b.unit.index || Number(!a.invitation) - Number(!b.invitation));
    const firstResponseId = await nextId(t, "responses");
    responses.forEach((r, i) => (r.id = firstResponseId + i));
    await insertInvitations(t, invitations);
    log(`${invitations.length} invitations (${since(mark)})`);

    mark = performance.now();
    const stored = await insertResponses(t, responses, structure.versionId);
    log(`${responses.length} responses, ${stored.answers} answers, ${stored.expectations} expectations (${since(mark)})`);

    if (triggersSuspended) {
      mark = performance.now();
      await verifyReferencesAndResumeTriggers(t, BULK_TABLES);
      log(`foreign keys verified (${since(mark)})`);
    }
    return summarise(t);
  });
  return { ...summary, elapsedMs: Math.round(performance.now() - started) };
}

// ---------------------------------------------------------------------------------------------
// Summary, read back from the database so that it reports what was stored

async function summarise(db: Db): Promise<Omit<SeedSummary, "elapsedMs">> {
  const [district] = await db
    .select({ path: agencies.path, name: agencies.name })
    .from(agencies)
    .where(sql`${agencies.code} = ${DEMO_DISTRICT_CODE}`);
  const subtree = `${district!.path}%`;
  const [counts] = await rows<{
    agencies: number;
    procedures: number;
    desks: number;
    staff: number;
    dossiers: number;
    district_level: number;
    commune_level: number;
    invitations: number;
    verified: number;
    unverified: number;
    answers: number;
  }>(
    db,
    sql`select
      (select count(*)::int from agencies) as agencies,
      (select count(*)::int from procedures) as procedures,
      (select count(*)::int from desks) as desks,
      (select count(*)::int from staff_accounts) as staff,
      (select count(*)::int from dossiers) as dossiers,
      (select count(*)::int from dossiers d join agencies a on a.id = d.agency_id
        where a.path like ${subtree} and a.level <> 'commune') as district_level,
      (select count(*)::int from dossiers d join agencies a on a.id = d.agency_id
        where a.path like ${subtree} and a.level = 'commune') as commune_level,
      (select count(*)::int from invitations) as invitations,
      (select count(*)::int from responses where verified) as verified,
      (select count(*)::int from responses where not verified) as unverified,
      (select count(*)::int from answers) as answers`,
  );

  const elementList = sql.join(
    ELEMENTS.map((e) => sql`${e}`),
    sql`, `,
  );
  const period = sql`r.verified and r.submitted_at >= ${DEMO_PERIOD.from.toISOString()}::timestamptz
    and r.submitted_at < ${DEMO_PERIOD.to.toISOString()}::timestamptz`;
  // Domain §4: each element index pooled over the subtree, then the plain mean of the five.
  const figures = await rows<{ element: Element; idx: number; mean: number }>(
    db,
    sql`with e as (
      select a.element, 100.0 * count(*) filter (where a.value >= 4) / count(*) as idx
      from answers a
      join responses r on r.id = a.response_id
      join agencies g on g.id = r.agency_id
      where g.path like ${subtree} and ${period} and a.element in (${elementList})
      group by a.element
    )
    select element, idx::float8 as idx, (avg(idx) over ())::float8 as mean from e`,
  );
  const perCommune = await rows<{ name: string; mean: number }>(
    db,
    sql`with e as (
      select g.id, g.name, a.element, 100.0 * count(*) filter (where a.value >= 4) / count(*) as idx
      from answers a
      join responses r on r.id = a.response_id
      join agencies g on g.id = r.agency_id
      where g.path like ${subtree} and g.level = 'commune' and ${period} and a.element in (${elementList})
      group by g.id, g.name, a.element
    )
    select name, avg(idx)::float8 as mean from e group by id, name order by mean, name`,
  );

  const c = counts!;
  const elements = Object.fromEntries(ELEMENTS.map((e) => [e, figures.find((f) => f.element === e)?.idx ?? 0])) as Record<
    Element,
    number
  >;
  const lowest = perCommune[0];
  const highest = perCommune[perCommune.length - 1];
  return {
    agencies: c.agencies,
    procedures: c.procedures,
    desks: c.desks,
    staffAccounts: c.staff,
    dossiers: {
      total: c.dossiers,
      districtLevel: c.district_level,
      communeLevel: c.commune_level,
      elsewhere: c.dossiers - c.district_level - c.commune_level,
    },
    invitations: c.invitations,
    responses: { verified: c.verified, unverified: c.unverified },
    answers: c.answers,
    district: { code: DEMO_DISTRICT_CODE, name: district!.name, meanOfFive: figures[0]?.mean ?? 0, elements },
    communes: {
      lowest: { name: lowest?.name ?? "", meanOfFive: lowest?.mean ?? 0 },
      highest: { name: highest?.name ?? "", meanOfFive: highest?.mean ?? 0 },
    },
  };
}
