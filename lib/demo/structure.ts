import { eq, sql } from "drizzle-orm";
import { rows, type Db } from "@/db/client";
import { createAgency } from "@/db/queries/agencies";
import { createPublishedVersion } from "@/db/queries/questionnaires";
import { agencyProcedures, desks, procedures, questionnaireVersions, staffAccounts, standingCodes, type Role } from "@/db/schema";
import { ELEMENTS, SIPAS_QUESTIONNAIRE, SIPAS_V1 } from "@/lib/questionnaire/sipas-v1";
import {
  AGENCIES,
  DEMO_DISTRICT_CODE,
  DEMO_PROVINCE_CODE,
  FEATURED_OFFICERS,
  OFFICER_NAMES,
  PROCEDURES,
  REPORT_COMMUNE_LEVEL_DOSSIERS,
  REPORT_DISTRICT_LEVEL_DOSSIERS,
  STANDING_CODES,
  type AgencySpec,
  type ProcedureSpec,
} from "./catalogue";
import { stream, WeightedPicker } from "./random";

/** Shared by every demo account, so that it can be printed on a handout. */
export const DEMO_PASSWORD = "demo1234";

export type DemoAccount = {
  username: string;
  password: string;
  name: string;
  role: Role;
  agencyCode: string;
  agencyName: string;
  /** Code of the desk a kiosk or officer account works at. */
  deskCode?: string;
  /** Where alerts and digests go (leaders, handlers): reserved demo addresses. */
  email?: string;
};

// ---------------------------------------------------------------------------------------------
// Plan of accounts (pure, so that DEMO_ACCOUNTS can name the officers without a database)

type OfficerPlan = { agencyCode: string; deskCode: string; username: string; name: string };

export function deskCode(n: number): string {
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

export const OFFICERS = planOfficers();

export function agencySpec(code: string): AgencySpec {
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

function account(username: string, name: string, role: Role, agencyCode: string, extra: { desk?: string; email?: string } = {}): DemoAccount {
  return {
    username,
    password: DEMO_PASSWORD,
    name,
    role,
    agencyCode,
    agencyName: agencySpec(agencyCode).name,
    ...(extra.desk ? { deskCode: extra.desk } : {}),
    ...(extra.email ? { email: extra.email } : {}),
  };
}

/**
 * The demo accounts as they stand in the database: where each works now (after the 2025
 * reorganisation, the successor its unit merged into). Accounts not found are left out.
 */
export async function currentDemoAccounts(db: Db): Promise<DemoAccount[]> {
  const found = await rows<{ username: string; agency_code: string; agency_name: string; desk_code: string | null }>(
    db,
    sql`select s.username, a.code as agency_code, a.name as agency_name, d.code as desk_code
        from staff_accounts s join agencies a on a.id = s.agency_id left join desks d on d.id = s.desk_id
        where s.username = any(${sql.param(DEMO_ACCOUNTS.map((a) => a.username))}::text[])`,
  );
  return DEMO_ACCOUNTS.flatMap((a) => {
    const row = found.find((f) => f.username === a.username);
    if (!row) return [];
    const { deskCode: _planned, ...rest } = a;
    return [{ ...rest, agencyCode: row.agency_code, agencyName: row.agency_name, ...(row.desk_code ? { deskCode: row.desk_code } : {}) }];
  });
}

// example.gov.vn stands for a province's mail domain: nothing is delivered to a real office.
const demoMail = (username: string) => ({ email: `${username}@example.gov.vn` });

/**
 * The accounts to sign in with at a demo. Every other desk officer also has an account
 * (`congchuc.<district>.<unit>.<desk>`) with the same password.
 */
export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  account("quantri", "Quản trị hệ thống", "admin", DEMO_PROVINCE_CODE),
  account("lanhdao.tinh", "Nguyễn Văn Quang", "leader", DEMO_PROVINCE_CODE, demoMail("lanhdao.tinh")),
  account("lanhdao.huyen", "Hoàng Minh Đức", "leader", DEMO_DISTRICT_CODE, demoMail("lanhdao.huyen")),
  account("lanhdao.tuphap", "Lê Thị Bích Ngọc", "leader", "TN-PB-TP", demoMail("lanhdao.tuphap")),
  account("lanhdao.huongson", "Dương Văn Thành", "leader", "TN-PB-TTHS", demoMail("lanhdao.huongson")),
  account("lanhdao.khason", "Nguyễn Thị Kim Oanh", "leader", "TN-PB-XKS", demoMail("lanhdao.khason")),
  // Cán bộ xử lý phản ánh: handles the commune's cases for its leader (decision 009).
  account("xuly.khason", "Trần Thị Thu Hà", "handler", "TN-PB-XKS", demoMail("xuly.khason")),
  ...Object.keys(FEATURED_OFFICERS).map(featuredOfficer),
  account("kiosk.motcua", "Máy tính bảng Quầy số 1", "kiosk", "TN-PB-MC", { desk: deskCode(1) }),
];


// ---------------------------------------------------------------------------------------------
// Generation

export type UnitRuntime = {
  spec: AgencySpec;
  index: number;
  id: number;
  inDistrict: boolean;
  procedures: { id: number; spec: ProcedureSpec }[];
  procedurePicker: WeightedPicker<number>;
  desks: { id: number; officerId: number }[];
  deskPicker: WeightedPicker<number>;
  kiosk: { accountId: number; deskId: number } | null;
  /** The standing QR at the unit's first counter, if it has one, and its answers in a year. */
  standingCodeId: number | null;
  standingResponses: number;
  /** Logit offset of each element: the agency's quality plus its own strengths and weaknesses. */
  elementOffset: number[];
};

// ---------------------------------------------------------------------------------------------
// The seed

export function checkCatalogue(): void {
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

/** An account that acts on cases: a leader or a handler. */
export type ActingAccount = { id: number; role: Role; agencyId: number; username: string };

export type Structure = {
  units: UnitRuntime[];
  versionId: number;
  officerEffect: Map<number, number>;
  staffAccounts: number;
  agencyIds: Map<string, number>;
  /** The leaders and handlers, who act on cases. */
  actors: ActingAccount[];
};

/** Agencies, procedures, desks, accounts and the questionnaire: a few hundred rows, row by row. */
export async function createStructure(db: Db, passwordHash: string): Promise<Structure> {
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
        email: a.email ?? null,
        agencyId: agencyIds.get(a.agencyCode)!,
        deskId: a.deskCode ? deskId(a.agencyCode, a.deskCode) : null,
      })),
    )
    .returning({
      id: staffAccounts.id,
      role: staffAccounts.role,
      deskId: staffAccounts.deskId,
      agencyId: staffAccounts.agencyId,
      username: staffAccounts.username,
    });

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
      standingResponses: 0,
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
    .returning({ id: standingCodes.id, agencyId: standingCodes.agencyId, code: standingCodes.code });
  for (const row of standingRows) {
    const unit = units.find((u) => u.id === row.agencyId)!;
    unit.standingCodeId = row.id;
    unit.standingResponses = STANDING_CODES.find((c) => c.code === row.code)!.responses;
  }
  const actors = otherRows
    .filter((r) => r.role === "leader" || r.role === "handler")
    .map((r) => ({ id: r.id, role: r.role, agencyId: r.agencyId, username: r.username }));
  return { units, versionId, officerEffect, staffAccounts: officerRows.length + otherRows.length, agencyIds, actors };
}

