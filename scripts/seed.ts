/**
 * `npm run seed`: fills an empty database with the demo (lib/demo/seed.ts: the demo year, its
 * cases and a recent stream ending the day before the clock's today; set CLOCK_AT to load it as
 * of another day) and prints the figures and the accounts to sign in with. A database that
 * already has agencies is left alone.
 */
import { performance } from "node:perf_hooks";
import { DatabaseUnavailableError, openDatabase } from "@/db/client";
import { migrate } from "@/db/migrate";
import { currentDemoAccounts, isDatabaseEmpty, seedDemo, type DemoAccount, type SeedSummary } from "@/lib/demo/seed";
import { dataDir, getEnv } from "@/lib/env";

const count = (n: number) => n.toLocaleString("vi-VN");
const percent = (n: number) => `${n.toLocaleString("vi-VN", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}%`;

function printSummary(s: SeedSummary, accounts: DemoAccount[]): void {
  const d = s.dossiers;
  console.log(`Agencies ${count(s.agencies)}, procedures ${count(s.procedures)}, desks ${count(s.desks)}, staff accounts ${count(s.staffAccounts)}`);
  console.log(
    `Dossiers ${count(d.total)}: ${s.district.name} ${count(d.districtLevel + d.communeLevel)} ` +
      `(district level ${count(d.districtLevel)}, commune level ${count(d.communeLevel)}), elsewhere ${count(d.elsewhere)}`,
  );
  console.log(
    `Invitations ${count(s.invitations)}, responses ${count(s.responses.verified)} verified + ` +
      `${count(s.responses.unverified)} standing QR, answers ${count(s.answers)}`,
  );
  const elements = Object.entries(s.district.elements)
    .map(([element, value]) => `${element} ${percent(value)}`)
    .join(" · ");
  console.log(`${s.district.name}, satisfaction (mean of 5 elements): ${percent(s.district.meanOfFive)} (${elements})`);
  console.log(
    `Communes from ${s.communes.lowest.name} ${percent(s.communes.lowest.meanOfFive)} ` +
      `to ${s.communes.highest.name} ${percent(s.communes.highest.meanOfFive)}`,
  );
  const c = s.cases;
  console.log(
    `Calendar days ${count(s.calendarDays)}; cases ${count(c.total)}: ${count(c.open)} open, ${count(c.replied)} replied, ` +
      `${count(c.closed)} closed; ${count(c.late)} replied late, ${count(c.escalated)} escalated, ${count(c.forwarded)} forwarded`,
  );
  for (const y of s.later) {
    console.log(`Later: ${y.name}, ${y.from} to ${y.to}: ${count(y.dossiers)} dossiers, ${count(y.responses)} verified responses`);
  }
  if (s.recent) {
    const r = s.recent;
    console.log(
      `Recent stream ${r.from} to ${r.to}: ${count(r.responses)} responses, ${count(r.cases)} cases, ` +
        `${count(r.contacts)} contact rows (within the 90-day retention)`,
    );
  }
  console.log("");
  console.log("Demo accounts:");
  const rows = accounts.map((a) => [
    a.username,
    a.password,
    a.role,
    `${a.deskCode ? `${a.agencyName}, ${a.deskCode}` : a.agencyName}${a.email ? ` <${a.email}>` : ""}`,
  ]);
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const r of rows) console.log(`  ${r.map((cell, i) => (i < 3 ? cell.padEnd(widths[i]!) : cell)).join("  ")}`);
}

async function main(): Promise<number> {
  const started = performance.now();
  const env = getEnv();
  const database = env.DATABASE_URL
    ? await openDatabase({ url: env.DATABASE_URL })
    : await openDatabase({ dataDir: dataDir(env) });
  try {
    await migrate(database);
    if (!(await isDatabaseEmpty(database.db))) {
      console.log("database already has data; nothing seeded");
      return 0;
    }
    console.log(`Seeding the demo year into ${database.where}`);
    const summary = await seedDemo(database.db, { log: (line) => console.log(`  ${line}`) });
    printSummary(summary, await currentDemoAccounts(database.db));
    console.log("");
    console.log(`Seeded in ${(summary.elapsedMs / 1000).toFixed(1)} s (${((performance.now() - started) / 1000).toFixed(1)} s with opening and migrations)`);
    return 0;
  } finally {
    await database.close();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    // Expected failures get one line; anything else is a bug and keeps its stack.
    const expected = err instanceof DatabaseUnavailableError || (err instanceof Error && err.message.startsWith("Invalid environment"));
    console.error(expected ? (err as Error).message : err);
    process.exitCode = 1;
  },
);
