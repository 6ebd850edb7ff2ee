import postgres from "postgres";

/**
 * A PostgreSQL database of a benchmark's own, next to the server that BENCH_DATABASE_URL (or
 * TEST_DATABASE_URL) names: `create()` makes it afresh, `drop()` removes it, and the server's
 * own database is only used to do that. Stops the script with a clear line when no URL is set.
 */
export function benchDatabase(prefix: string): { name: string; url: string; create(): Promise<void>; drop(): Promise<void> } {
  const adminUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    console.error("Set BENCH_DATABASE_URL (or TEST_DATABASE_URL) to a PostgreSQL server, e.g. postgres://postgres@127.0.0.1:5432/postgres");
    process.exit(2);
  }
  const name = `${prefix}_${process.pid}`;
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const admin = async (statement: string) => {
    const client = postgres(adminUrl, { max: 1, onnotice: () => {} });
    try {
      await client.unsafe(statement);
    } finally {
      await client.end({ timeout: 5 });
    }
  };
  return {
    name,
    url: url.toString(),
    create: async () => {
      await admin(`drop database if exists ${name} with (force)`);
      await admin(`create database ${name}`);
    },
    drop: () => admin(`drop database if exists ${name} with (force)`),
  };
}
