/**
 * Server time of every leader page's data on a province of ~100 agencies, for the province and
 * for one commune, computed by the same functions the pages call: the overview (figures, previous
 * period, rank among peers), the ranking, the 12-month trend, each breakdown (procedure, officer,
 * desk, channel, late against on time; one across a month edge, which reads answers for its edge
 * days), the timeliness page, comments unfiltered, by element and rating, by text and by
 * procedure (drill-down), the report's data and both exports (the anonymised one's first page). Prints
 * the median (and max) of several runs after a warm-up. A benchmark, not a test.
 *
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:dashboard
 *
 * PostgreSQL: 5 million responses (BENCH_PG_RESPONSES) in a database of its own,
 * `hl_bench_dashboard`, created and dropped. PGlite: 1 million (BENCH_PGLITE_RESPONSES) in a
 * temporary folder. BENCH_TARGETS=pg or pglite runs one of the two. Data is generated with
 * set-based SQL (generate_series) through the product's own tables, so the rollup triggers do
 * the same work they do in production.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import postgres from "postgres";
import { sql } from "drizzle-orm";
import { openDatabase, rows, type Database } from "@/db/client";
import { migrate } from "@/db/migrate";
import { suspendRowTriggers } from "@/lib/bulk-load";
import { agencyOwnCounts } from "@/db/queries/figures";
import { BREAKDOWN_KINDS, breakdown, comments, expectationCounts, exportResponses } from "@/db/queries/figure-details";
import { caseFiguresOverview } from "@/lib/metrics/case-figures";
import { figuresTable } from "@/lib/metrics/exports";
import { toXlsx } from "@/lib/metrics/tabular";
import { compactRollups } from "@/lib/metrics/jobs";
import { now } from "@/lib/time/clock";
import { timelinessRows, timelinessTrend, timelinessView } from "@/lib/metrics/timeliness";
import { vi } from "@/lib/i18n/messages/vi";
import { hashPassword } from "@/lib/auth/password";
import { startBenchServer, stopBenchServer } from "./bench-server";
import { time } from "./timing";
import { createPublishedVersion } from "@/db/queries/questionnaires";
import { treeFromOwnCounts } from "@/db/queries/satisfaction";
import { agencyOverview, monthlyTrend, rankAgencies, type FigureSettings } from "@/lib/metrics/figures";
import { reportingYearPeriod, samePeriodLastYear } from "@/lib/metrics/periods";
import { describeTree } from "@/lib/metrics/satisfaction";
import { SIPAS_QUESTIONNAIRE, SIPAS_V1 } from "@/lib/questionnaire/sipas-v1";

const DISTRICTS = 10;
const COMMUNES_PER_DISTRICT = 9;
// Each generation statement stays within a few hundred MB of transition tables and WAL.
const CHUNK = 250_000;
const SETTINGS: FigureSettings = { includeUnverified: false, bands: [] };
const PERIOD = reportingYearPeriod(2025);
const TARGETS = { postgres: 300, pglite: 1000 };

type Ids = { province: number; provincePath: string; commune: number; communePath: string };

function ms(x: number): string {
  return `${x.toFixed(1)} ms`;
}

async function createProvince(
  database: Database,
): Promise<Ids & { agencies: number[]; versionId: number; procedureId: number; procedureIds: number[]; deskIds: number[]; officerIds: number[] }> {
  const db = database.db;
  const { versionId } = await createPublishedVersion(db, { ...SIPAS_QUESTIONNAIRE, questions: SIPAS_V1 });
  // Twenty procedures, two desks and two officers per unit: the breakdowns' dimensions.
  const procedureRows = await rows<{ id: number }>(
    db,
    sql`insert into procedures (code, name, field) select '1.000.BENCH.' || g, 'Thủ tục đo hiệu năng ' || g, 'Hộ tịch' from generate_series(1, 20) g returning id`,
  );
  const procedure = procedureRows[0];
  const [province] = await rows<{ id: number }>(db, sql`insert into agencies (code, name, level, path) values ('BENCH-P', 'Tỉnh đo hiệu năng', 'province', 'pending') returning id`);
  const p = Number(province!.id);
  await db.execute(sql`update agencies set path = '/' || id || '/' where id = ${p}`);
  await db.execute(sql`insert into agencies (code, name, level, parent_id, path, sort_order)
    select 'BENCH-D' || d, 'Huyện ' || d, 'district', ${p}, 'pending', d from generate_series(1, ${DISTRICTS}) d`);
  await db.execute(sql`update agencies set path = '/' || ${p} || '/' || id || '/' where parent_id = ${p}`);
  await db.execute(sql`insert into agencies (code, name, level, parent_id, path, sort_order)
    select 'BENCH-C' || d.sort_order || '-' || c, 'Xã ' || d.sort_order || '.' || c, 'commune', d.id, 'pending', c
    from agencies d cross join generate_series(1, ${COMMUNES_PER_DISTRICT}) c where d.parent_id = ${p}`);
  await db.execute(sql`update agencies c set path = d.path || c.id || '/' from agencies d where c.parent_id = d.id and d.parent_id = ${p}`);
  const all = await rows<{ id: number; path: string; level: string }>(db, sql`select id, path, level from agencies order by id`);
  const commune = all.find((a) => a.level === "commune")!;
  const units = all.filter((a) => a.level !== "province").map((a) => Number(a.id));
  await db.execute(sql`insert into desks (agency_id, code, name) select u, 'Q' || k, 'Quầy ' || k from unnest(${sql.param(units)}::int[]) u cross join generate_series(1, 2) k`);
  await db.execute(sql`insert into staff_accounts (username, name, password_hash, role, agency_id)
    select 'bench.' || u || '.' || k, 'Công chức ' || u || '.' || k, 'x', 'officer', u from unnest(${sql.param(units)}::int[]) u cross join generate_series(1, 2) k`);
  const desks = await rows<{ id: number; agency_id: number }>(db, sql`select id, agency_id from desks order by agency_id, code`);
  const officers = await rows<{ id: number; agency_id: number }>(db, sql`select id, agency_id from staff_accounts where username like 'bench.%' order by agency_id, username`);
  return {
    deskIds: desks.map((d) => Number(d.id)),
    officerIds: officers.map((o) => Number(o.id)),
    procedureIds: procedureRows.map((r) => Number(r.id)),
    province: p,
    provincePath: `/${p}/`,
    commune: Number(commune.id),
    communePath: commune.path,
    agencies: all.filter((a) => a.level !== "province").map((a) => Number(a.id)),
    versionId,
    procedureId: Number(procedure!.id),
  };
}

/** `total` responses over the reporting years 2024 and 2025, with answers and completed dossiers. */
async function generate(database: Database, total: number): Promise<{ seconds: number; answers: number; procedureIds: number[] } & Ids> {
  const started = performance.now();
  const ids = await createProvince(database);
  const db = database.db;
  const agencyArray = `{${ids.agencies.join(",")}}`;
  const procedureArray = `{${ids.procedureIds.join(",")}}`;
  const deskArray = `{${ids.deskIds.join(",")}}`;
  const officerArray = `{${ids.officerIds.join(",")}}`;
  const span = reportingYearPeriod(2025).to.getTime() - reportingYearPeriod(2024).from.getTime();
  const start = reportingYearPeriod(2024).from.toISOString();
  await db.execute(sql`select setseed(0.42)`);
  for (let done = 0; done < total; done += CHUNK) {
    const n = Math.min(CHUNK, total - done);
    const t0 = performance.now();
    await db.transaction(async (tx) => {
      // Foreign keys are checked row by row; every reference here points at a row generated
      // above, so they are switched off as the demo seed does (lib/bulk-load.ts). The rollup
      // triggers are ENABLE ALWAYS and still run, which is the cost being measured.
      await suspendRowTriggers(tx as unknown as Database["db"]);
      // Completed dossiers: a fifth more than responses, as not everyone answers.
      // Due five working days or so after receipt; about one in twenty completed late.
      await tx.execute(sql`insert into dossiers (agency_id, procedure_id, code, completed_at, due_at, source)
        select x.agency, ${ids.procedureId}, 'B' || ${done} || '-' || x.g, x.at, x.at + (case when random() < 0.05 then -1 else 1 end) * interval '2 days', 'import'
        from (select g, (${agencyArray}::int[])[1 + floor(random() * ${ids.agencies.length})::int] as agency,
                     ${start}::timestamptz + random() * ${span} * interval '1 millisecond' as at
              from generate_series(1, ${Math.round(n * 1.2)}) g) x`);
      const [range] = await rows<{ lo: number }>(tx, sql`select coalesce(max(id), 0)::bigint as lo from responses`);
      const lo = Number(range!.lo);
      // Units, desks and officers are listed in the same order: unit i has desks and officers 2i, 2i+1.
      await tx.execute(sql`insert into responses (version_id, agency_id, procedure_id, officer_id, desk_id, channel, verified, timeliness, submitted_at, comment)
        select ${ids.versionId}, (${agencyArray}::int[])[x.i], (${procedureArray}::int[])[1 + floor(random() * 20)::int],
          (${officerArray}::int[])[2 * x.i - 1 + x.k], (${deskArray}::int[])[2 * x.i - 1 + x.k],
          case when random() < 0.03 then 'standing_qr' else 'receipt_qr' end, random() >= 0.03,
          case when random() < 0.05 then 2 when random() < 0.95 then 1 else 0 end,
          ${start}::timestamptz + random() * ${span} * interval '1 millisecond',
          case when random() < 0.1 then 'Ý kiến số ' || x.g || (case when random() < 0.3 then ': thủ tục đất đai chậm' else ': cán bộ hài lòng' end) end
        from (select g, 1 + floor(random() * ${ids.agencies.length})::int as i, (random() < 0.5)::int as k from generate_series(1, ${n}) g) x`);
      // Six scale answers a sheet; S5 is "not applicable" for most people (no complaint made).
      await tx.execute(sql`insert into answers (response_id, question_key, element, value)
        select r.id, q.key, q.element,
          case when random() < 0.85 then 4 + (random() < 0.5)::int else 1 + floor(random() * 3)::int end
        from responses r
        cross join (values ('S0', 'overall'), ('S1', 'access'), ('S2', 'procedure'), ('S3', 'officials'), ('S4', 'result'), ('S5', 'feedback')) q(key, element)
        where r.id > ${lo} and (q.key <> 'S5' or random() < 0.3)`);
    });
    process.stdout.write(`  ${(done + n).toLocaleString("en")} responses (${((performance.now() - t0) / 1000).toFixed(1)} s)\n`);
  }
  const [count] = await rows<{ n: number }>(db, sql`select count(*)::int as n from answers`);
  // The generated year is in the past: the nightly job has folded its counter stripes, as it
  // does in production every night (lib/metrics/jobs.ts).
  const folded = await compactRollups(db, { now: now() });
  process.stdout.write(`  stripes folded as the nightly job does: ${(folded.dayRowsFolded! + folded.monthRowsFolded! + (folded.facetRowsFolded ?? 0)).toLocaleString("en")} rows\n`);
  if (database.driver === "postgres") await db.execute(sql`vacuum analyze`);
  else await db.execute(sql`analyze`);
  return { seconds: (performance.now() - started) / 1000, answers: Number(count!.n), ...ids };
}


/** Medians by "scope case", for the HTTP comparison. */
type Medians = Map<string, number>;

async function measure(database: Database, ids: Ids & { procedureIds: number[] }, target: number, medians: Medians = new Map()): Promise<boolean> {
  const db = database.db;
  let ok = true;
  for (const [label, agencyId, scopePath] of [
    ["province", ids.province, ids.provincePath],
    ["commune", ids.commune, ids.communePath],
  ] as const) {
    const subtree = { path: scopePath, scopePath, from: PERIOD.from, to: PERIOD.to, includeUnverified: false };
    const lateness = { path: scopePath, scopePath, period: PERIOD, includeUnverified: false };
    const cases: [string, () => Promise<unknown>][] = [
      ["overview", () => agencyOverview(db, { agencyId, scopePath, period: PERIOD, settings: SETTINGS })],
      [
        // What the overview page reads, in the page's order.
        "overview page",
        async () => {
          const [overview, , rows] = await Promise.all([
            agencyOverview(db, { agencyId, scopePath, period: PERIOD, settings: SETTINGS }),
            caseFiguresOverview(db, { agencyId, scopePath, period: PERIOD }),
            timelinessRows(db, lateness),
          ]);
          return timelinessView(overview!, rows);
        },
      ],
      [
        "ranking",
        async () => {
          const list = await agencyOwnCounts(db, { scopePath, from: PERIOD.from, to: PERIOD.to });
          const tree = treeFromOwnCounts(list, agencyId);
          return rankAgencies(describeTree(tree!).children);
        },
      ],
      ["trend", () => monthlyTrend(db, { agencyId, scopePath, period: PERIOD, includeUnverified: false })],
      ...BREAKDOWN_KINDS.map((by) => [`by ${by}`, () => breakdown(db, { ...subtree, by })] as [string, () => Promise<unknown>]),
      ["by month+3d", () => breakdown(db, { ...subtree, from: PERIOD.from, to: new Date(PERIOD.to.getTime() + 3 * 86_400_000), by: "procedure" })],
      [
        "timeliness",
        async () => {
          const [overview, rows, trend] = await Promise.all([
            agencyOverview(db, { agencyId, scopePath, period: PERIOD, settings: SETTINGS }),
            timelinessRows(db, lateness),
            timelinessTrend(db, lateness),
          ]);
          return [timelinessView(overview!, rows), trend];
        },
      ],
      ["comments", () => comments(db, { ...subtree, page: 1 })],
      ["comm low S2", () => comments(db, { ...subtree, element: "procedure", rating: "low", page: 1 })],
      ["comm text", () => comments(db, { ...subtree, text: "dat dai", page: 1 })],
      ["drill proc", () => comments(db, { ...subtree, procedureId: ids.procedureIds[3]!, page: 1 })],
      [
        "report",
        async () => {
          const [overview, ...rest] = await Promise.all([
            agencyOverview(db, { agencyId, scopePath, period: PERIOD, settings: SETTINGS }),
            caseFiguresOverview(db, { agencyId, scopePath, period: PERIOD }),
            expectationCounts(db, subtree),
            monthlyTrend(db, { agencyId, scopePath, period: PERIOD, includeUnverified: false }),
            monthlyTrend(db, { agencyId, scopePath, period: samePeriodLastYear(PERIOD), includeUnverified: false }),
            timelinessRows(db, lateness),
          ]);
          return [timelinessView(overview!, rest[4]), rest];
        },
      ],
      [
        "export fig",
        async () => {
          const [overview, cases, rows] = await Promise.all([
            agencyOverview(db, { agencyId, scopePath, period: PERIOD, settings: SETTINGS }),
            caseFiguresOverview(db, { agencyId, scopePath, period: PERIOD }),
            timelinessRows(db, lateness),
          ]);
          return toXlsx([figuresTable(overview!, vi, cases!, timelinessView(overview!, rows))]);
        },
      ],
      [
        "export resp",
        // The first batch of the anonymised export: the file streams in keyset pages after it.
        async () => {
          for await (const batch of exportResponses(db, subtree)) return batch.length;
          return 0;
        },
      ],
    ];
    for (const [name, fn] of cases) {
      const { median, max } = await time(fn);
      medians.set(`${label} ${name}`, median);
      const pass = median <= target;
      ok &&= pass;
      console.log(`  ${label.padEnd(8)} ${name.padEnd(13)} median ${ms(median).padStart(9)}  max ${ms(max).padStart(9)}  ${pass ? "within" : "OVER"} ${target} ms`);
    }
  }
  const check = await agencyOverview(db, { agencyId: ids.province, scopePath: ids.provincePath, period: PERIOD, settings: SETTINGS });
  console.log(`  check: province ${check!.agency.responses.toLocaleString("en")} responses in ${PERIOD.key}, mean of five ${check!.agency.meanOfElements?.toFixed(2)}%`);
  return ok;
}

// The HTTP time of a page may exceed its data's time by at most this much (rendering, session).
const HTTP_OVERHEAD_MS = 50;
const WARM_ROUNDS = 3;

/**
 * The overview, a breakdown and the report through the production server on the same database,
 * signed in as a province leader: the median time to the whole response, beside the median of
 * the same data read in this process.
 */
async function measureHttp(database: Database, databaseUrl: string, ids: Ids, medians: Medians): Promise<boolean> {
  const db = database.db;
  const password = crypto.randomBytes(12).toString("base64url");
  await db.execute(sql`delete from staff_accounts where username = 'bench.leader'`);
  await db.execute(sql`insert into staff_accounts (username, name, password_hash, role, agency_id)
    values ('bench.leader', 'Lãnh đạo đo hiệu năng', ${await hashPassword(password)}, 'leader', ${ids.province})`);
  const port = Number(process.env.BENCH_PORT ?? 3192);
  const base = `http://127.0.0.1:${port}`;
  const server = await startBenchServer(port, { DATABASE_URL: databaseUrl, NEXTAUTH_SECRET: crypto.randomBytes(24).toString("hex"), NEXTAUTH_URL: base, JOBS: "off" });
  try {
    const cookies = new Map<string, string>();
    const keep = (r: Response) => {
      for (const c of r.headers.getSetCookie()) {
        const [pair] = c.split(";");
        const i = pair!.indexOf("=");
        cookies.set(pair!.slice(0, i), pair!.slice(i + 1));
      }
    };
    const cookie = () => [...cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    const csrf = await fetch(`${base}/api/auth/csrf`);
    keep(csrf);
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const signIn = await fetch(`${base}/api/auth/callback/credentials`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookie() },
      body: new URLSearchParams({ username: "bench.leader", password, csrfToken, callbackUrl: `${base}/dashboard` }).toString(),
    });
    keep(signIn);
    if (![...cookies.keys()].some((k) => k.includes("session-token"))) throw new Error(`signing in failed (HTTP ${signIn.status})`);
    const query = `agency=${ids.province}&period=${encodeURIComponent(PERIOD.key)}`;
    let ok = true;
    const pages = [
      ["overview", `/dashboard?${query}`, "province overview page"],
      ["by procedure", `/dashboard/by/procedure?${query}`, "province by procedure"],
      ["report", `/reports?${query}`, "province report"],
    ] as const;
    const get = async (pagePath: string) => {
      const r = await fetch(`${base}${pagePath}`, { headers: { cookie: cookie() }, redirect: "manual" });
      const body = await r.text();
      if (r.status !== 200) throw new Error(`${pagePath}: HTTP ${r.status}`);
      return body.length;
    };
    // A server in service is warm: each page's code loaded and compiled before anything is timed
    // (the data above was measured warm too: \`time\` runs each case once first).
    for (let round = 0; round < WARM_ROUNDS; round++) for (const [, pagePath] of pages) await get(pagePath);
    for (const [name, pagePath, dataCase] of pages) {
      const { median, max } = await time(() => get(pagePath));
      const data = medians.get(dataCase) ?? NaN;
      const pass = median <= data + HTTP_OVERHEAD_MS;
      ok &&= pass;
      console.log(`  http     ${name.padEnd(13)} median ${ms(median).padStart(9)}  max ${ms(max).padStart(9)}  data ${ms(data).padStart(9)}  ${pass ? "within" : "OVER"} data + ${HTTP_OVERHEAD_MS} ms`);
    }
    return ok;
  } finally {
    await stopBenchServer(server);
    await db.execute(sql`delete from staff_accounts where username = 'bench.leader'`);
  }
}

/** The ids a kept database was generated with (BENCH_REUSE), found by the codes `createProvince` gives. */
async function idsOf(database: Database): Promise<Ids & { procedureIds: number[] }> {
  const db = database.db;
  const [province] = await rows<{ id: number; path: string }>(db, sql`select id, path from agencies where code = 'BENCH-P'`);
  const [commune] = await rows<{ id: number; path: string }>(db, sql`select id, path from agencies where level = 'commune' order by id limit 1`);
  const procedures = await rows<{ id: number }>(db, sql`select id from procedures where code like '1.000.BENCH.%' order by id`);
  if (!province || !commune) throw new Error("BENCH_REUSE: the kept database holds no generated province");
  return { province: Number(province.id), provincePath: province.path, commune: Number(commune.id), communePath: commune.path, procedureIds: procedures.map((p) => Number(p.id)) };
}

async function onPostgres(adminUrl: string, total: number): Promise<boolean> {
  const name = "hl_bench_dashboard";
  // Generating 5 million responses takes long: BENCH_KEEP=1 keeps the database, BENCH_REUSE=1
  // measures a kept one again without generating.
  const keep = process.env.BENCH_KEEP === "1";
  const reuse = process.env.BENCH_REUSE === "1";
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  if (!reuse) {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.unsafe(`create database ${name}`);
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  let database: Database | undefined;
  try {
    database = await openDatabase({ url: url.toString(), max: 10 });
    await migrate(database);
    let ids: Ids & { procedureIds: number[] };
    if (reuse) {
      ids = await idsOf(database);
      console.log(`PostgreSQL: measuring the kept database ${name}`);
      // A database kept by an older run may hold unfolded stripes: fold them as the nightly job would.
      await compactRollups(database.db, { now: now() });
    } else {
      console.log(`PostgreSQL: generating ${total.toLocaleString("en")} responses`);
      const g = await generate(database, total);
      console.log(`  generated in ${g.seconds.toFixed(0)} s (${g.answers.toLocaleString("en")} answers)`);
      ids = g;
    }
    const medians: Medians = new Map();
    const ok = await measure(database, ids, TARGETS.postgres, medians);
    return process.env.BENCH_HTTP === "0" ? ok : (await measureHttp(database, url.toString(), ids, medians)) && ok;
  } finally {
    await database?.close();
    if (!keep) await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end({ timeout: 5 });
  }
}

async function onPglite(total: number): Promise<boolean> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hl-bench-dashboard-"));
  let database: Database | undefined;
  try {
    database = await openDatabase({ dataDir: dir });
    await migrate(database);
    console.log(`PGlite: generating ${total.toLocaleString("en")} responses`);
    const g = await generate(database, total);
    console.log(`  generated in ${g.seconds.toFixed(0)} s (${g.answers.toLocaleString("en")} answers)`);
    return await measure(database, g, TARGETS.pglite);
  } finally {
    await database?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// BENCH_PROFILE=national: the country-wide profile of bench/national.ts instead.
if (process.env.BENCH_PROFILE === "national") {
  const { nationalProfile } = await import("./national");
  const within = await nationalProfile();
  console.log(within ? "All medians within target." : "Some medians over target.");
  process.exit(0);
}

const targets = (process.env.BENCH_TARGETS ?? "pg,pglite").split(",");
const adminUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
let ok = true;
if (targets.includes("pg")) {
  if (!adminUrl) {
    console.error("Set BENCH_DATABASE_URL to a PostgreSQL server, e.g. postgres://postgres@127.0.0.1:5432/postgres (or BENCH_TARGETS=pglite)");
    process.exit(2);
  }
  ok = (await onPostgres(adminUrl, Number(process.env.BENCH_PG_RESPONSES ?? 5_000_000))) && ok;
}
if (targets.includes("pglite")) ok = (await onPglite(Number(process.env.BENCH_PGLITE_RESPONSES ?? 1_000_000))) && ok;
console.log(ok ? "All medians within target." : "Some medians over target.");
