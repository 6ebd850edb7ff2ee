import { sql, type SQL } from "drizzle-orm";
import { rows, type Db } from "@/db/client";

/**
 * The one way to load many rows at once (the demo seed, the benchmarks): one
 * INSERT … SELECT FROM unnest(…) per chunk, a handful of parameters however many rows, where the
 * query builder costs ~50 µs a row. Timestamps travel as epoch seconds and booleans as 0/1
 * because the two drivers serialise Date and boolean arrays differently.
 */
export type BulkColumn =
  | {
      name: string;
      /** PostgreSQL type of the array element as sent. */
      type: string;
      values: readonly unknown[];
      /** How the sent value becomes the stored one, when it is not stored as sent. */
      convert?: (value: SQL) => SQL;
      /** Sent only for derived columns to refer to (a key to look a parent up by), not stored. */
      lookupOnly?: boolean;
    }
  // Computed in SQL from the row's sent columns, or a constant: nothing travels.
  | { name: string; derive: (column: (name: string) => SQL) => SQL };

export const asTimestamp = (v: SQL): SQL => sql`to_timestamp(${v})`;
export const asBoolean = (v: SQL): SQL => sql`(${v} = 1)`;
export const asJsonb = (v: SQL): SQL => sql`(${v})::jsonb`;
// postgres.js cannot serialise a date[] parameter: days travel as text.
export const asDate = (v: SQL): SQL => sql`(${v})::date`;
/** Whole seconds since the epoch, the form `asTimestamp` takes (null stays null). */
export const epochSeconds = (ms: number | null): number | null => (ms === null ? null : Math.floor(ms / 1000));

// PGlite holds a statement's parameters in memory: 10k rows keeps each under a few MB.
const ROWS_PER_STATEMENT = 10_000;

export type BulkOptions = {
  /** The rows carry their own identity values (so that children can point at them without a round trip). */
  explicitIdentity?: boolean;
  /** Rows that would break a unique key are skipped rather than failing the load. */
  skipConflicts?: boolean;
};

export async function bulkInsert(db: Db, table: string, columns: BulkColumn[], options: BulkOptions = {}): Promise<void> {
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
  const stored = columns.filter((c) => !("values" in c && c.lookupOnly));
  const names = sql.join(
    stored.map((c) => sql.identifier(c.name)),
    sql`, `,
  );
  const selected = sql.join(
    stored.map((c) => ("values" in c ? (c.convert ? c.convert(ref(c.name)) : ref(c.name)) : c.derive(ref))),
    sql`, `,
  );
  const aliases = sql.raw(sent.map((_, i) => `c${i}`).join(", "));
  const overriding = options.explicitIdentity ? sql`overriding system value` : sql``;
  const conflict = options.skipConflicts ? sql`on conflict do nothing` : sql``;
  for (let start = 0; start < total; start += ROWS_PER_STATEMENT) {
    const end = Math.min(total, start + ROWS_PER_STATEMENT);
    const arrays = sql.join(
      sent.map((c) => sql`${sql.param(c.values.slice(start, end))}::${sql.raw(c.type)}[]`),
      sql`, `,
    );
    try {
      await db.execute(
        sql`insert into ${sql.identifier(table)} (${names}) ${overriding}
            select ${selected} from unnest(${arrays}) as t(${aliases}) ${conflict}`,
      );
    } catch (err) {
      // The driver's error carries every parameter: thousands of values. Keep the database's words.
      const cause = (err as { cause?: unknown }).cause ?? err;
      const message = cause instanceof Error ? cause.message : String(cause);
      throw new Error(`inserting ${table} rows ${start + 1}–${end}: ${message}`);
    }
  }
}

/** The id the next explicitly numbered row of `table` takes. */
export async function nextId(db: Db, table: string): Promise<number> {
  const [row] = await rows<{ next: number }>(db, sql`select coalesce(max(id), 0)::int + 1 as next from ${sql.identifier(table)}`);
  return Number(row!.next);
}

/** After explicit ids: the sequence carries on after them, so that ordinary inserts do not collide. */
export async function advanceIdentity(db: Db, table: string): Promise<void> {
  await db.execute(sql`select setval(pg_get_serial_sequence(${table}, 'id'), (select max(id) from ${sql.identifier(table)}))`);
}

/**
 * Foreign-key triggers check each inserted row on its own: ~30 µs a reference in PGlite's
 * WebAssembly, which more than doubles a load. Where it may (a superuser: PGlite, a local
 * PostgreSQL) the loader turns triggers off for its own transaction (`set local`, so call it inside
 * one); the rollup triggers are ENABLE ALWAYS and still run. Returns false, and changes nothing,
 * elsewhere: the triggers stay on and the load is merely slower.
 */
export async function suspendRowTriggers(db: Db): Promise<boolean> {
  const [row] = await rows<{ superuser: boolean }>(db, sql`select current_setting('is_superuser') = 'on' as superuser`);
  if (!row?.superuser) return false;
  await db.execute(sql`set local session_replication_role = replica`);
  return true;
}

/**
 * With triggers suspended nothing checked the references: checks every single-column foreign key
 * of `tables` once, set-based, and fails the transaction on the first broken one, then turns the
 * triggers back on.
 */
export async function verifyReferencesAndResumeTriggers(db: Db, tables: string[]): Promise<void> {
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
    throw new Error(`loaded data breaks foreign keys: ${broken.map((b) => `${b.name} (${b.broken})`).join(", ")}`);
  }
  await db.execute(sql`set local session_replication_role = origin`);
}
