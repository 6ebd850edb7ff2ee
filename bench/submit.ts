/**
 * Survey submissions against PostgreSQL: 50 concurrent clients, each answering links of its own
 * (distinct tokens), measured three ways in one run:
 *
 * - baseline: a bare Node script doing the same statement through postgres.js;
 * - service:  `submitResponse` (Drizzle, the product's transaction) in this process;
 * - http:     the production server (`npm start` on the same database), posting the survey form.
 *
 * Prints submissions per second and p50/p95 latency for each. A benchmark, not a test.
 *
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:submit
 *
 * The URL's database is only used to create and drop a database of its own (`hl_bench_<pid>`).
 * BENCH_SUBMISSIONS (default 3000 per measurement), BENCH_HTTP=0 skips the server.
 */
import type { ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import { Agent, request as httpRequest } from "node:http";
import { performance } from "node:perf_hooks";
import postgres from "postgres";
import { sql } from "drizzle-orm";
import { openDatabase, rows, type Database } from "@/db/client";
import { migrate } from "@/db/migrate";
import { SIPAS_QUESTIONNAIRE, SIPAS_V1 } from "@/lib/questionnaire/sipas-v1";
import { createPublishedVersion } from "@/db/queries/questionnaires";
import { submitResponse } from "@/lib/survey/respond";
import { hashToken, invitationToken } from "@/lib/survey/token";
import { bulkInsert } from "@/lib/bulk-load";
import { benchDatabase } from "./bench-database";
import { startBenchServer, stopBenchServer } from "./bench-server";

const CLIENTS = 50;
const COUNT = Number(process.env.BENCH_SUBMISSIONS ?? 3000);
const POOL = 10; // the product's default pool (db/client.ts)
const SECRET = crypto.randomBytes(24).toString("base64url");
const TARGET_RATE = 300;
const TARGET_P95_MS = 200;

const bench = benchDatabase("hl_bench");
const benchUrl = bench.url;

const VALUES = { S1: "5", S2: "4", S3: "4", S4: "5", S5: "na", S0: "4", E: ["faster", "online"], C: "Cán bộ hướng dẫn tận tình." };

type Fixture = { versionId: number; agencyId: number; procedureId: number; deskId: number };

async function prepare(database: Database): Promise<Fixture> {
  const db = database.db;
  const { versionId } = await createPublishedVersion(db, { ...SIPAS_QUESTIONNAIRE, questions: SIPAS_V1 });
  const [ids] = await rows<Fixture>(
    db,
    sql`with a as (insert into agencies (code, name, level, path) values ('BENCH', 'Xã Thử', 'commune', '/') returning id),
             p as (insert into procedures (code, name, field) values ('1.000.BENCH', 'Chứng thực bản sao', 'Chứng thực') returning id),
             ap as (insert into agency_procedures (agency_id, procedure_id) select a.id, p.id from a, p),
             d as (insert into desks (agency_id, code, name) select id, 'Q1', 'Quầy 1' from a returning id)
        select ${versionId}::int as "versionId", a.id::int as "agencyId", p.id::int as "procedureId", d.id::int as "deskId" from a, p, d`,
  );
  await db.execute(sql`update agencies set path = '/' || id || '/' where code = 'BENCH'`);
  return ids!;
}

/** Completed dossiers and their live invitations, through the shared bulk loader; returns the tokens. */
async function issue(database: Database, f: Fixture, count: number, label: string): Promise<string[]> {
  const ids = Array.from({ length: count }, () => crypto.randomUUID());
  const tokens = ids.map((id) => invitationToken(SECRET, id));
  const codes = ids.map((_, i) => `${label}-${i}`);
  await database.db.transaction(async (tx) => {
    const t = tx as unknown as Database["db"];
    await bulkInsert(t, "dossiers", [
      { name: "agency_id", derive: () => sql`${f.agencyId}::int` },
      { name: "procedure_id", derive: () => sql`${f.procedureId}::int` },
      { name: "code", type: "text", values: codes },
      { name: "desk_id", derive: () => sql`${f.deskId}::int` },
      { name: "completed_at", derive: () => sql`now()` },
      { name: "source", derive: () => sql`'import'` },
    ]);
    await bulkInsert(t, "invitations", [
      { name: "id", type: "uuid", values: ids },
      { name: "code", type: "text", values: codes, lookupOnly: true },
      {
        name: "dossier_id",
        derive: (column) => sql`(select d.id from dossiers d where d.agency_id = ${f.agencyId}::int and d.code = ${column("code")})`,
      },
      { name: "agency_id", derive: () => sql`${f.agencyId}::int` },
      { name: "desk_id", derive: () => sql`${f.deskId}::int` },
      { name: "channel", derive: () => sql`'receipt_qr'` },
      { name: "token_hash", type: "text", values: tokens.map(hashToken) },
      { name: "expires_at", derive: () => sql`now() + interval '30 days'` },
    ]);
  });
  return tokens;
}

/** Runs `work` for every token with CLIENTS concurrent clients; latencies in ms. */
async function drive(tokens: string[], work: (token: string) => Promise<boolean>) {
  const latencies: number[] = [];
  let next = 0;
  let failed = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (next < tokens.length) {
        const token = tokens[next++]!;
        const t0 = performance.now();
        if (!(await work(token))) failed += 1;
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!;
  return { rate: tokens.length / seconds, p50: pct(50), p95: pct(95), failed };
}

/** The same statement as `submitResponse` (claim and store in one), written by hand against postgres.js. */
function bareSubmit(client: postgres.Sql, f: Fixture) {
  return async (token: string) => {
    const hash = hashToken(token);
    const [stored] = await client`
      with claimed as (
        update invitations set used_at = now()
        where token_hash = ${hash} and used_at is null and revoked_at is null and expires_at > now()
          and exists (select 1 from questionnaire_versions where id = ${f.versionId} and status = 'published')
        returning id, agency_id, dossier_id, desk_id, channel
      ), r as (
        insert into responses (invitation_id, version_id, agency_id, dossier_id, procedure_id, officer_id, desk_id, channel, verified, locale, comment, submitted_at)
        select c.id, ${f.versionId}, c.agency_id, c.dossier_id, d.procedure_id, d.officer_id, coalesce(d.desk_id, c.desk_id), c.channel, true, 'vi', ${VALUES.C}, now()
        from claimed c left join dossiers d on d.id = c.dossier_id
        returning id
      ), a as (
        insert into answers (response_id, question_key, element, value)
        select r.id, k, e, v from r, unnest(${["S1", "S2", "S3", "S4", "S0"]}::text[], ${["access", "procedure", "officials", "result", "overall"]}::text[], ${[5, 4, 4, 5, 4]}::int2[]) as t(k, e, v)
      ), x as (
        insert into response_expectations (response_id, option_key) select r.id, o from r, unnest(${VALUES.E}::text[]) as o
      )
      select id from r`;
    return stored !== undefined;
  };
}

function form(versionId: number): string {
  const body = new URLSearchParams({ version: String(versionId), intent: "submit" });
  for (const [k, v] of Object.entries(VALUES)) for (const one of Array.isArray(v) ? v : [v]) body.append(`q.${k}`, one);
  body.append("contact.phone", "");
  body.append("contact.email", "");
  return body.toString();
}

function line(label: string, r: { rate: number; p50: number; p95: number; failed: number }) {
  const met = r.rate >= TARGET_RATE && r.p95 <= TARGET_P95_MS ? "met" : "MISSED";
  return `  ${label.padEnd(44)} ${r.rate.toFixed(0).padStart(5)} /s   p50 ${r.p50.toFixed(1).padStart(6)} ms   p95 ${r.p95.toFixed(1).padStart(6)} ms${r.failed ? `   ${r.failed} FAILED` : ""}   target ${met}`;
}

await bench.create();
const results: string[] = [];
let server: ChildProcess | undefined;
try {
  const database = await openDatabase({ url: benchUrl, max: POOL });
  await migrate(database);
  const f = await prepare(database);
  const bare = postgres(benchUrl, { max: POOL, onnotice: () => {} });

  // Warm-up: connections, plans and JIT, unmeasured.
  const warm = await issue(database, f, 200, "warm");
  await drive(warm.slice(0, 100), bareSubmit(bare, f));
  await drive(warm.slice(100), async (token) => (await submitResponse(database.db, { token, versionId: f.versionId, values: VALUES, locale: "vi" })).outcome === "saved");

  const baseline = await drive(await issue(database, f, COUNT, "bare"), bareSubmit(bare, f));
  results.push(line(`baseline: bare postgres.js statement`, baseline));
  const service = await drive(await issue(database, f, COUNT, "svc"), async (token) => (await submitResponse(database.db, { token, versionId: f.versionId, values: VALUES, locale: "vi" })).outcome === "saved");
  results.push(line(`service: submitResponse (Drizzle)`, service));

  if (process.env.BENCH_HTTP !== "0") {
    const port = Number(process.env.BENCH_PORT ?? 3191);
    server = await startBenchServer(port, { DATABASE_URL: benchUrl, NEXTAUTH_SECRET: SECRET });
    const body = form(f.versionId);
    // node:http with kept-alive sockets: the client shares the machine with the server and the
    // database, and costs half the CPU of fetch per request, so the figure is the server's.
    const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS });
    const post = (token: string) =>
      new Promise<boolean>((resolve, reject) => {
        const request = httpRequest(
          { host: "127.0.0.1", port, path: `/s/${token}/answer`, method: "POST", agent, headers: { "content-type": "application/x-www-form-urlencoded", "content-length": Buffer.byteLength(body) } },
          (response) => {
            response.resume();
            response.on("end", () => resolve(response.statusCode === 303));
          },
        );
        request.on("error", reject);
        request.end(body);
      });
    await drive((await issue(database, f, 200, "warm-http")), post);
    const http = await drive(await issue(database, f, COUNT, "http"), post);
    results.push(line(`http: POST /s/<token>/answer, next start`, http));
  }
  const [stored] = await rows<{ n: number }>(database.db, sql`select count(*)::int as n from responses`);
  await bare.end({ timeout: 5 });
  await database.close();
  console.log(`submit: ${COUNT} submissions per measurement, ${CLIENTS} concurrent clients, distinct tokens, pool of ${POOL}, PostgreSQL`);
  console.log(results.join("\n"));
  console.log(`  (target: ≥ ${TARGET_RATE}/s with p95 ≤ ${TARGET_P95_MS} ms; ${stored!.n} responses stored in all)`);
} finally {
  await stopBenchServer(server);
  await bench.drop();
}
