/**
 * Reporting completed dossiers through POST /api/v1/dossiers against PostgreSQL, measured two ways:
 *
 * - batch:  10.000 dossiers as 10 requests of 1.000 (the batch form), one after another;
 * - single: 10.000 requests of one dossier each, from 20 concurrent clients.
 *
 * Each request runs the product's route handler in this process (key lookup, JSON body, zod
 * validation, code resolution, set-based writes, invitation and audit, JSON answer) on the
 * product's connection pool; only the HTTP framing of the server is left out. Prints dossiers
 * per second and p50/p95 latency per request. A benchmark, not a test.
 *
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:issue
 *
 * The URL's database is only used to create and drop a database of its own (`hl_bench_issue_<pid>`).
 * BENCH_DOSSIERS (default 10000) changes the count of each measurement.
 */
import crypto from "node:crypto";
import { performance } from "node:perf_hooks";
import { sql } from "drizzle-orm";
import { openDatabase, rows } from "@/db/client";
import { migrate } from "@/db/migrate";
import { hashApiKey } from "@/lib/integration/api-keys";
import { benchDatabase } from "./bench-database";

const COUNT = Number(process.env.BENCH_DOSSIERS ?? 10_000);
const BATCH = 1000;
const CLIENTS = 20;
const TARGET_BATCH_S = 10;
const TARGET_SINGLE_P95_MS = 100;

const bench = benchDatabase("hl_bench_issue");
const benchUrl = bench.url;

/** An agency with a desk, a procedure it handles, and an API key scoped to it. */
async function prepare(): Promise<string> {
  const database = await openDatabase({ url: benchUrl, max: 2 });
  try {
    await migrate(database);
    const db = database.db;
    await rows(
      db,
      sql`with a as (insert into agencies (code, name, level, path) values ('BENCH-X', 'Xã Thử', 'commune', '/') returning id),
               p as (insert into procedures (code, name, field) values ('1.000.BENCH', 'Chứng thực bản sao', 'Chứng thực') returning id),
               ap as (insert into agency_procedures (agency_id, procedure_id) select a.id, p.id from a, p),
               d as (insert into desks (agency_id, code, name) select id, 'Q1', 'Quầy 1' from a returning id)
          select 1 from a, p, d`,
    );
    await db.execute(sql`update agencies set path = '/' || id || '/' where code = 'BENCH-X'`);
    const key = `hl_${crypto.randomBytes(4).toString("hex")}_${crypto.randomBytes(32).toString("base64url")}`;
    await db.execute(sql`insert into api_keys (name, agency_id, prefix, key_hash)
      select 'bench', id, ${key.slice(3, 11)}, ${hashApiKey(key)} from agencies where code = 'BENCH-X'`);
    return key;
  } finally {
    await database.close();
  }
}

const dossier = (code: string) => ({
  dossierCode: code,
  agencyCode: "BENCH-X",
  procedureCode: "1.000.BENCH",
  deskCode: "Q1",
  receivedAt: "2026-01-05T08:00:00+07:00",
  completedAt: "2026-01-06T09:30:00+07:00",
});

function summary(latencies: number[], count: number, seconds: number) {
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!;
  return { rate: count / seconds, p50: pct(50), p95: pct(95), seconds };
}

async function main() {
  await bench.create();
  try {
    const key = await prepare();
    process.env.DATABASE_URL = benchUrl;
    process.env.NEXTAUTH_SECRET ??= crypto.randomBytes(24).toString("base64url");
    process.env.PUBLIC_URL ??= "https://hailong.example.gov.vn";
    const { POST } = await import("@/app/api/v1/dossiers/route");
    const { getDatabase } = await import("@/lib/db");
    const request = (body: unknown) =>
      new Request("http://bench/api/v1/dossiers", {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    const send = async (body: unknown, expected: number) => {
      const t0 = performance.now();
      const response = await POST(request(body));
      await response.arrayBuffer();
      if (response.status !== expected) throw new Error(`expected ${expected}, got ${response.status}`);
      return performance.now() - t0;
    };

    // Warm-up: connections, prepared plans, module loading.
    for (let i = 0; i < 50; i++) await send(dossier(`WARM-${i}`), 201);

    const batchLatencies: number[] = [];
    let started = performance.now();
    for (let start = 0; start < COUNT; start += BATCH) {
      const dossiers = Array.from({ length: Math.min(BATCH, COUNT - start) }, (_, i) => dossier(`B-${start + i}`));
      batchLatencies.push(await send({ dossiers }, 201));
    }
    const batch = summary(batchLatencies, COUNT, (performance.now() - started) / 1000);

    const singleLatencies: number[] = [];
    let next = 0;
    started = performance.now();
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (next < COUNT) {
          const i = next++;
          singleLatencies.push(await send(dossier(`S-${i}`), 201));
        }
      }),
    );
    const single = summary(singleLatencies, COUNT, (performance.now() - started) / 1000);

    const check = await (await getDatabase()).db.execute(sql`select count(*)::int as n from invitations where channel = 'api'`);
    const stored = Number(((Array.isArray(check) ? check : (check as { rows: unknown[] }).rows)[0] as { n: number }).n);

    const fmt = (x: number) => x.toFixed(1);
    console.log(`bench:issue on PostgreSQL, ${COUNT} dossiers per measurement (route handler in-process, pool of 10)`);
    console.log(
      `  batch  (${COUNT / BATCH} × ${BATCH}):   ${fmt(batch.seconds)} s total, ${fmt(batch.rate)} dossiers/s, per request p50 ${fmt(batch.p50)} ms, p95 ${fmt(batch.p95)} ms   target ≤ ${TARGET_BATCH_S} s: ${batch.seconds <= TARGET_BATCH_S ? "met" : "MISSED"}`,
    );
    console.log(
      `  single (${CLIENTS} clients): ${fmt(single.seconds)} s total, ${fmt(single.rate)} dossiers/s, p50 ${fmt(single.p50)} ms, p95 ${fmt(single.p95)} ms   target p95 ≤ ${TARGET_SINGLE_P95_MS} ms: ${single.p95 <= TARGET_SINGLE_P95_MS ? "met" : "MISSED"}`,
    );
    console.log(`  invitations stored: ${stored} (expected ${2 * COUNT + 50})`);
    await (await getDatabase()).close();
  } finally {
    await bench.drop();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
