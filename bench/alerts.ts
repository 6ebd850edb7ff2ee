/**
 * The daily alert evaluation (lib/alerts/jobs.ts, decision 012) on a province of 3 400 agencies
 * with a year of day rollups, on PostgreSQL. Target: at most 1 s. A benchmark, not a test.
 *
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:alerts
 *
 * The rollup rows are generated set-based straight into `agency_day_answers` (what the
 * evaluation reads), day by day as production writes them (so the table's physical order is
 * chronological), on working days, with one to three stripes per agency and day as concurrent
 * answers leave them, and some standing-QR (unverified) rows; each month's closed days are then
 * folded by the nightly compaction (compact-rollups, decision 006) as production has done by
 * the morning of the evaluation. BENCH_KEEP=1 keeps the database. Twenty agencies get a planted drop
 * in the last 30 days, and every agency a leader with an e-mail, so each run also opens episodes
 * and queues their notifications. Each timed run starts from no episodes and no run for the day.
 * Printed beside it: a bare grouped sum over the same rows, the floor of any evaluation that
 * reads them.
 */
import { performance } from "node:perf_hooks";
import { sql } from "drizzle-orm";
import { openDatabase, rows, type Database } from "@/db/client";
import { migrate } from "@/db/migrate";
import { agencyCountsByRange, allowCountsInMemory } from "@/db/queries/alerts";
import { compactRollupStripes } from "@/db/queries/rollup-compaction";
import { evaluateDailyAlerts } from "@/lib/alerts/jobs";
import { alertRanges } from "@/lib/alerts/method";
import { addCalendarDays } from "@/lib/time/vietnam";
import { benchDatabase } from "./bench-database";

const DEPARTMENTS = 30;
const COMMUNES_PER_DEPARTMENT = 113; // 1 + 30 + 30 × 113 = 3 421 agencies, about a province's
const PLANTED_DROPS = 20;
const RUNS = 7;
const TARGET_MS = 1000;
// The evaluation runs on the morning of TODAY and judges the day before.
const TODAY = "2026-06-11";
const DAY = addCalendarDays(TODAY, -1);
const FIRST = addCalendarDays(DAY, -364);

const ms = (x: number) => `${x.toFixed(0)} ms`;

async function generate(database: Database): Promise<{ agencies: number; rollupRows: number; seconds: number }> {
  const db = database.db;
  const t0 = performance.now();
  await db.execute(sql`select setseed(0.12)`);
  const [province] = await rows<{ id: number }>(db, sql`insert into agencies (code, name, level, path) values ('BENCH-P', 'Tỉnh đo hiệu năng', 'province', 'pending') returning id`);
  const p = Number(province!.id);
  await db.execute(sql`update agencies set path = '/' || id || '/' where id = ${p}`);
  await db.execute(sql`insert into agencies (code, name, level, parent_id, path, sort_order)
    select 'BENCH-S' || d, 'Sở ' || d, 'department', ${p}, 'pending', d from generate_series(1, ${DEPARTMENTS}) d`);
  await db.execute(sql`update agencies set path = '/' || ${p} || '/' || id || '/' where parent_id = ${p}`);
  await db.execute(sql`insert into agencies (code, name, level, parent_id, path, sort_order)
    select 'BENCH-X' || d.sort_order || '-' || c, 'Xã ' || d.sort_order || '.' || c, 'commune', d.id, 'pending', c
    from agencies d cross join generate_series(1, ${COMMUNES_PER_DEPARTMENT}) c where d.parent_id = ${p}`);
  await db.execute(sql`update agencies c set path = d.path || c.id || '/' from agencies d where c.parent_id = d.id and d.parent_id = ${p}`);
  await db.execute(sql`insert into staff_accounts (username, name, password_hash, role, agency_id, email)
    select 'lanhdao' || id, 'Lãnh đạo ' || id, 'x', 'leader', id, 'lanhdao' || id || '@example.gov.vn' from agencies`);

  // Each row: 1–3 responses in one stripe, one to three stripes a verified agency-day (about four
  // responses a working day, ~3,5 million a year for the province); satisfaction around 88 % with noise per row, the
  // feedback element mostly "not applicable". Day by day, one statement per month of days.
  for (let from = FIRST; from <= DAY; from = addCalendarDays(from, 31)) {
    const to = addCalendarDays(from, 31) > DAY ? addCalendarDays(DAY, 1) : addCalendarDays(from, 31);
    await db.execute(sql`
      insert into agency_day_answers (agency_id, day, verified, stripe, responses,
        access4, access5, access2, procedure4, procedure5, procedure2, officials4, officials5, officials2,
        result4, result5, result2, feedback4, feedback5, feedback2, overall4, overall5, overall2)
      select g.agency_id, g.day, g.verified, g.stripe, g.n,
        g.s4, g.s5, g.n - g.s4 - g.s5, g.s4, g.s5, g.n - g.s4 - g.s5, g.s4, g.s5, g.n - g.s4 - g.s5,
        g.s4, g.s5, g.n - g.s4 - g.s5, 0, g.f, 0, g.s4, g.s5, g.n - g.s4 - g.s5
      from (
        select a.id as agency_id, d.day::date as day, v.verified, s.stripe, x.n,
          least(x.n, floor(x.n * 0.33 + random())::int) as s4,
          least(x.n - least(x.n, floor(x.n * 0.33 + random())::int), floor(x.n * 0.55 + random())::int) as s5,
          (random() < 0.3)::int as f
        from generate_series(${from}::date, ${to}::date - 1, interval '1 day') d(day)
        cross join agencies a
        cross join (values (true), (false)) v(verified)
        cross join lateral generate_series(0, case when v.verified then floor(random() * 3)::int else 0 end) s(stripe)
        cross join lateral (select 1 + floor(random() * 3)::int as n) x
        where extract(isodow from d.day) < 6 and a.parent_id is not null and (v.verified or random() < 0.05)
        order by d.day, a.id
      ) g`);
    // What the nightly compact-rollups job has done to those days by the morning after.
    await compactRollupStripes(db, { beforeDay: to, beforeMonth: `${to.slice(0, 7)}-01` });
    await db.execute(sql`vacuum agency_day_answers`);
  }
  // Planted drops: the 30 days before TODAY with about half satisfied for the officials element.
  await db.execute(sql`
    update agency_day_answers f set officials4 = 0, officials5 = floor(f.responses / 2.0)::int, officials2 = f.responses - floor(f.responses / 2.0)::int
    where f.day > ${DAY}::date - 30 and f.verified
      and f.agency_id in (select id from agencies where level = 'commune' order by id limit ${PLANTED_DROPS})`);
  await db.execute(sql`vacuum analyze`);
  const [agencies] = await rows<{ n: number }>(db, sql`select count(*)::int as n from agencies`);
  const [rollupRows] = await rows<{ n: number }>(db, sql`select count(*)::int as n from agency_day_answers`);
  return { agencies: Number(agencies!.n), rollupRows: Number(rollupRows!.n), seconds: (performance.now() - t0) / 1000 };
}

async function time(label: string, fn: () => Promise<unknown>, before?: () => Promise<unknown>): Promise<number> {
  await before?.();
  await fn();
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    await before?.();
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  const median = samples[Math.floor(samples.length / 2)]!;
  console.log(`  ${label.padEnd(44)} median ${ms(median).padStart(8)}  max ${ms(samples.at(-1)!).padStart(8)}`);
  return median;
}

async function main() {
  const target = benchDatabase("hl_bench_alerts");
  await target.create();
  let database: Database | undefined;
  try {
    database = await openDatabase({ url: target.url, max: 4 });
    await migrate(database);
    const db = database.db;
    console.log(`PostgreSQL: a province of ~3 400 agencies, day rollups ${FIRST} … ${DAY}`);
    const g = await generate(database);
    console.log(`  ${g.agencies.toLocaleString("en")} agencies, ${g.rollupRows.toLocaleString("en")} rollup rows, generated in ${g.seconds.toFixed(0)} s`);

    const ranges = alertRanges(DAY);
    const from = Object.values(ranges).map((r) => r.from).sort()[0]!;
    const reset = () => db.execute(sql`truncate alert_runs, alerts, notifications, outbox`);
    let last: Record<string, number> = {};
    const median = await time(
      "evaluateDailyAlerts (whole job)",
      async () => {
        last = await evaluateDailyAlerts(db, { now: new Date(`${TODAY}T07:00:00+07:00`) });
      },
      reset,
    );
    await time("of which the counts statement", () =>
      db.transaction(async (tx) => {
        await allowCountsInMemory(tx);
        await agencyCountsByRange(tx, { ranges, includeUnverified: false });
      }),
    );
    await time("baseline: bare grouped sum over the same rows", () =>
      db.execute(sql`select agency_id, sum(responses), sum(officials4 + officials5), sum(officials1 + officials2 + officials3 + officials4 + officials5)
        from agency_day_answers where day >= ${from}::date and day < ${TODAY}::date and verified group by agency_id`),
    );
    const [notes] = await rows<{ n: number }>(db, sql`select count(*)::int as n from notifications`);
    console.log(
      `  last run: ${last.agenciesTested} agencies tested, ${last.testsRun} tests, ${last.opened} episodes opened, ${notes!.n} notifications (planted drops: ${PLANTED_DROPS})`,
    );
    console.log(`  evaluation median ${ms(median)}: ${median <= TARGET_MS ? "within" : "OVER"} the ${TARGET_MS} ms target`);
  } finally {
    await database?.close();
    if (process.env.BENCH_KEEP === "1") console.log(`  kept ${target.url}`);
    else await target.drop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
