/**
 * The national profile of the leader pages (`BENCH_PROFILE=national npm run bench:dashboard`), on
 * PostgreSQL: the two-tier country of 2025, 34 provinces and 3.321 communes with their provinces'
 * public service centres, ~10 million answers (BENCH_NATIONAL_ANSWERS) over three reporting years
 * (01/12/2023 – 30/11/2026), and in each province one commune merged from three on 01/07/2025.
 * Times, by the functions the pages call, the national ranking of provinces, one province's
 * ranking of its communes, one commune's overview (targets 100 ms each) and the restated
 * three-year series of a merged commune (200 ms); beside them, in the same run, the baseline: one
 * round trip to the database. A benchmark, not a test.
 *
 * The structure goes in through the shared bulk loader (lib/bulk-load.ts); the answers are
 * generated set-based in SQL through the product's tables, so the rollup triggers do the work they
 * do in production. BENCH_KEEP=1 keeps the database (its name is printed).
 */
import { performance } from "node:perf_hooks";
import { sql } from "drizzle-orm";
import { openDatabase, rows, type Database, type Db } from "@/db/client";
import { migrate } from "@/db/migrate";
import { mergedPredecessorPaths } from "@/db/queries/agencies";
import { createPublishedVersion } from "@/db/queries/questionnaires";
import { bulkInsert, suspendRowTriggers } from "@/lib/bulk-load";
import { agencyOverview, monthlyTrend, type FigureSettings } from "@/lib/metrics/figures";
import { compactRollups } from "@/lib/metrics/jobs";
import { parsePeriod, reportingYearPeriod } from "@/lib/metrics/periods";
import { SIPAS_QUESTIONNAIRE, SIPAS_V1 } from "@/lib/questionnaire/sipas-v1";
import { now } from "@/lib/time/clock";
import { benchDatabase } from "./bench-database";
import { RUNS, time } from "./timing";

const PROVINCES = 34;
const COMMUNES = 3_321;
const MERGED_FROM = 3;
const CHUNK = 250_000;
// S0–S4 and S5 for some: about 5,07 answers a sheet as generated (9.575.710 from 1.886.792).
const ANSWERS_PER_SHEET = 5.07;
const FROM = reportingYearPeriod(2024).from;
const MERGE = new Date("2025-07-01T00:00:00+07:00");
const TO = reportingYearPeriod(2026).to;
const PERIOD = reportingYearPeriod(2026);
const THREE_YEARS = parsePeriod("range:2023-12-01..2026-11-30")!;
const SETTINGS: FigureSettings = { includeUnverified: false, bands: [] };
const TARGETS = { ranking: 100, province: 100, commune: 100, restated: 200 };

type Structure = {
  root: { id: number; path: string };
  province: { id: number; path: string };
  commune: { id: number; path: string };
  successor: { id: number; path: string };
  before: number[];
  after: number[];
  versionId: number;
  procedureIds: number[];
};

/** Inserts agencies level by level through the bulk loader; the path is filled from the parent's. */
async function insertLevel(db: Db, list: { code: string; name: string; level: string; parentCode: string | null; sortOrder: number; validFrom?: Date; validTo?: Date }[]): Promise<void> {
  await bulkInsert(db, "agencies", [
    { name: "code", type: "text", values: list.map((a) => a.code) },
    { name: "name", type: "text", values: list.map((a) => a.name) },
    { name: "level", type: "text", values: list.map((a) => a.level) },
    { name: "parent_code", type: "text", values: list.map((a) => a.parentCode), lookupOnly: true },
    { name: "parent_id", derive: (c) => sql`(select p.id from agencies p where p.code = ${c("parent_code")})` },
    { name: "sort_order", type: "int4", values: list.map((a) => a.sortOrder) },
    { name: "valid_from", type: "int8", values: list.map((a) => (a.validFrom ? a.validFrom.getTime() / 1000 : null)), convert: (v) => sql`to_timestamp(${v})` },
    { name: "valid_to", type: "int8", values: list.map((a) => (a.validTo ? a.validTo.getTime() / 1000 : null)), convert: (v) => sql`to_timestamp(${v})` },
    { name: "active", derive: (c) => sql`${c("valid_to")} is null` },
    { name: "path", derive: () => sql`'pending'` },
  ]);
  await db.execute(sql`update agencies a set path = coalesce(p.path, '/') || a.id || '/' from agencies a2 left join agencies p on p.id = a2.parent_id
    where a.id = a2.id and a.path = 'pending'`);
}

async function createCountry(database: Database): Promise<Structure> {
  const db = database.db;
  const { versionId } = await createPublishedVersion(db, { ...SIPAS_QUESTIONNAIRE, questions: SIPAS_V1 });
  const procedures = await rows<{ id: number }>(
    db,
    sql`insert into procedures (code, name, field) select '1.000.NAT.' || g, 'Thủ tục đo hiệu năng ' || g, 'Hộ tịch' from generate_series(1, 20) g returning id`,
  );
  await insertLevel(db, [{ code: "VN", name: "Việt Nam", level: "country", parentCode: null, sortOrder: 0 }]);
  const provinces = Array.from({ length: PROVINCES }, (_, i) => ({ code: `T${i + 1}`, name: `Tỉnh ${i + 1}`, level: "province", parentCode: "VN", sortOrder: i }));
  await insertLevel(db, provinces);
  const units: Parameters<typeof insertLevel>[1] = [];
  for (const [i, p] of provinces.entries()) {
    units.push({ code: `${p.code}-TT`, name: `Trung tâm Phục vụ hành chính công ${p.name}`, level: "center", parentCode: p.code, sortOrder: 0 });
    // 3.321 communes in force today over 34 provinces: 97 or 98 each; the first is the merged one.
    const n = Math.floor(COMMUNES / PROVINCES) + (i < COMMUNES % PROVINCES ? 1 : 0);
    for (let c = 1; c <= n; c++) units.push({ code: `${p.code}-X${c}`, name: `Xã ${i + 1}.${c}`, level: "commune", parentCode: p.code, sortOrder: c, ...(c === 1 ? { validFrom: MERGE } : {}) });
    for (let k = 1; k <= MERGED_FROM; k++) units.push({ code: `${p.code}-XC${k}`, name: `Xã cũ ${i + 1}.${k}`, level: "commune", parentCode: p.code, sortOrder: 1000 + k, validTo: MERGE });
  }
  await insertLevel(db, units);
  // The merges, as the job leaves them: done, one part per predecessor.
  await db.execute(sql`insert into reorganisations (kind, effective_at, status, basis, carried_out_at)
    select 'merge', ${MERGE.toISOString()}::timestamptz, 'done', 'Nghị quyết sắp xếp đơn vị hành chính cấp xã ' || p.code, ${MERGE.toISOString()}::timestamptz
    from agencies p where p.level = 'province' order by p.sort_order`);
  await db.execute(sql`insert into reorganisation_parts (reorganisation_id, predecessor_id, successor_id, takes_rest)
    select r.id, o.id, s.id, true
    from reorganisations r
    join agencies p on r.basis = 'Nghị quyết sắp xếp đơn vị hành chính cấp xã ' || p.code
    join agencies s on s.code = p.code || '-X1'
    join agencies o on o.parent_id = p.id and o.code like p.code || '-XC%'`);
  await db.execute(sql`insert into desks (agency_id, code, name) select id, 'Q1', 'Quầy 1' from agencies where level in ('center', 'commune')`);
  const all = await rows<{ id: number; path: string; code: string; valid_from: string | null; valid_to: string | null; level: string }>(
    db,
    sql`select id, path, code, valid_from::text, valid_to::text, level from agencies order by id`,
  );
  const pick = (code: string) => {
    const a = all.find((x) => x.code === code)!;
    return { id: Number(a.id), path: a.path };
  };
  const serving = all.filter((a) => a.level === "center" || a.level === "commune");
  return {
    root: pick("VN"),
    province: pick("T1"),
    commune: pick("T1-X2"),
    successor: pick("T1-X1"),
    before: serving.filter((a) => a.valid_from === null).map((a) => Number(a.id)),
    after: serving.filter((a) => a.valid_to === null).map((a) => Number(a.id)),
    versionId,
    procedureIds: procedures.map((p) => Number(p.id)),
  };
}

/** `total` sheets answered at `agencies` (each with its first desk) between `from` and `to`. */
async function answerSheets(db: Db, s: Structure, agencies: number[], total: number, from: Date, to: Date): Promise<void> {
  const agencyArray = `{${agencies.join(",")}}`;
  const procedureArray = `{${s.procedureIds.join(",")}}`;
  const span = to.getTime() - from.getTime();
  for (let done = 0; done < total; done += CHUNK) {
    const n = Math.min(CHUNK, total - done);
    const t0 = performance.now();
    await db.transaction(async (tx) => {
      await suspendRowTriggers(tx as unknown as Db);
      await tx.execute(sql`insert into dossiers (agency_id, procedure_id, code, completed_at, due_at, source)
        select x.agency, ${s.procedureIds[0]!}, 'N' || ${from.getTime()} || '-' || ${done} || '-' || x.g, x.at, x.at + (case when random() < 0.05 then -1 else 1 end) * interval '2 days', 'import'
        from (select g, (${agencyArray}::int[])[1 + floor(random() * ${agencies.length})::int] as agency,
                     ${from.toISOString()}::timestamptz + random() * ${span} * interval '1 millisecond' as at
              from generate_series(1, ${Math.round(n * 1.2)}) g) x`);
      const [range] = await rows<{ lo: number }>(tx, sql`select coalesce(max(id), 0)::bigint as lo from responses`);
      const lo = Number(range!.lo);
      await tx.execute(sql`insert into responses (version_id, agency_id, procedure_id, desk_id, channel, verified, timeliness, submitted_at)
        select ${s.versionId}, x.agency, (${procedureArray}::int[])[1 + floor(random() * 20)::int],
          (select d.id from desks d where d.agency_id = x.agency limit 1), 'receipt_qr', true,
          case when random() < 0.05 then 2 else 1 end,
          ${from.toISOString()}::timestamptz + random() * ${span} * interval '1 millisecond'
        from (select g, (${agencyArray}::int[])[1 + floor(random() * ${agencies.length})::int] as agency from generate_series(1, ${n}) g) x`);
      await tx.execute(sql`insert into answers (response_id, question_key, element, value)
        select r.id, q.key, q.element, case when random() < 0.86 then 4 + (random() < 0.5)::int else 1 + floor(random() * 3)::int end
        from responses r
        cross join (values ('S0', 'overall'), ('S1', 'access'), ('S2', 'procedure'), ('S3', 'officials'), ('S4', 'result'), ('S5', 'feedback')) q(key, element)
        where r.id > ${lo} and (q.key <> 'S5' or random() < 0.3)`);
    });
    process.stdout.write(`  ${(done + n).toLocaleString("en")} of ${total.toLocaleString("en")} sheets, ${from.toISOString().slice(0, 10)} on (${((performance.now() - t0) / 1000).toFixed(1)} s)\n`);
  }
}


export async function nationalProfile(): Promise<boolean> {
  const bench = benchDatabase("hl_bench_national");
  const answers = Number(process.env.BENCH_NATIONAL_ANSWERS ?? 10_000_000);
  await bench.create();
  const database = await openDatabase({ url: bench.url, max: 10 });
  try {
    await migrate(database);
    const db = database.db;
    const started = performance.now();
    const s = await createCountry(database);
    const sheets = Math.round(answers / ANSWERS_PER_SHEET);
    const share = (MERGE.getTime() - FROM.getTime()) / (TO.getTime() - FROM.getTime());
    console.log(`National profile: ${PROVINCES} provinces, ${COMMUNES.toLocaleString("en")} communes in force, ${s.before.length - s.after.length + PROVINCES} merged away; ${sheets.toLocaleString("en")} sheets`);
    await db.execute(sql`select setseed(0.34)`);
    await answerSheets(db, s, s.before, Math.round(sheets * share), FROM, MERGE);
    await answerSheets(db, s, s.after, sheets - Math.round(sheets * share), MERGE, TO);
    await compactRollups(db, { now: now() });
    await db.execute(sql`vacuum analyze`);
    const [count] = await rows<{ n: number }>(db, sql`select count(*)::int as n from answers`);
    console.log(`  generated in ${((performance.now() - started) / 1000).toFixed(0)} s: ${Number(count!.n).toLocaleString("en")} answers`);

    const lineage = await mergedPredecessorPaths(db, { path: s.successor.path });
    const cases: [string, number, () => Promise<unknown>][] = [
      ["baseline: one round trip", 0, () => db.execute(sql`select 1`)],
      ["national ranking of provinces", TARGETS.ranking, () => agencyOverview(db, { agencyId: s.root.id, scopePath: s.root.path, period: PERIOD, settings: SETTINGS })],
      ["one province's ranking of its communes", TARGETS.province, () => agencyOverview(db, { agencyId: s.province.id, scopePath: s.province.path, period: PERIOD, settings: SETTINGS })],
      ["one commune's overview", TARGETS.commune, () => agencyOverview(db, { agencyId: s.commune.id, scopePath: s.province.path, period: PERIOD, settings: SETTINGS })],
      [
        "restated series of a merged commune, three years",
        TARGETS.restated,
        () => monthlyTrend(db, { agencyId: s.successor.id, scopePath: s.province.path, period: THREE_YEARS, includeUnverified: false, restatedFrom: lineage }),
      ],
    ];
    let ok = true;
    console.log(`Server time, median of ${RUNS} after a warm-up (max), reporting year 2026:`);
    for (const [label, target, fn] of cases) {
      const r = await time(fn);
      const within = target === 0 || r.median <= target;
      ok &&= within;
      console.log(`  ${label.padEnd(50)} ${r.median.toFixed(1).padStart(7)} ms (max ${r.max.toFixed(1)})${target ? `  target ${target} ms ${within ? "ok" : "OVER"}` : ""}`);
    }
    return ok;
  } finally {
    await database.close();
    if (process.env.BENCH_KEEP === "1") console.log(`  kept the database ${bench.name}`);
    else await bench.drop();
  }
}
