/**
 * A child process for tests/server/data-dir-lock.int.test.ts. Usage:
 *
 *     tsx tests/server/hold-data-dir.ts <folder> [dump.tar]   opens the embedded database and holds it
 *     tsx tests/server/hold-data-dir.ts --lock-only <folder>  takes the folder's lock only
 *
 * It prints `ready <pid>` (or `refused <message>`), then obeys lines on stdin: `write <n>`
 * (inserts n, prints `wrote <n>`) and `close` (closes, prints `closed`, exits).
 */
import fs from "node:fs";
import readline from "node:readline";
import { sql } from "drizzle-orm";
import { DatabaseUnavailableError, openDatabase } from "@/db/client";
import { DataDirHeldError, holdDataDir } from "@/db/data-dir-lock";

const args = process.argv.slice(2);
const lockOnly = args[0] === "--lock-only";
const [folder, dump] = lockOnly ? args.slice(1) : args;
if (!folder) throw new Error("usage: hold-data-dir.ts [--lock-only] <folder> [dump.tar]");

async function open(): Promise<{ write(n: number): Promise<void>; close(): Promise<void> }> {
  if (lockOnly) {
    const lock = await holdDataDir(folder!);
    return { write: async () => {}, close: () => lock.release() };
  }
  const database = await openDatabase({ dataDir: folder!, ...(dump ? { loadDataDir: new Blob([fs.readFileSync(dump)]) } : {}) });
  await database.db.execute(sql`create table if not exists lock_probe (n int not null)`);
  return {
    write: async (n) => {
      await database.db.execute(sql`insert into lock_probe (n) values (${n})`);
    },
    close: () => database.close(),
  };
}

try {
  const held = await open();
  console.log(`ready ${process.pid}`);
  const lines = readline.createInterface({ input: process.stdin });
  for await (const line of lines) {
    const [command, value] = line.trim().split(" ");
    if (command === "write") {
      await held.write(Number(value));
      console.log(`wrote ${value}`);
    } else if (command === "close") {
      await held.close();
      console.log("closed");
      process.exit(0);
    }
  }
} catch (err) {
  if (err instanceof DatabaseUnavailableError || err instanceof DataDirHeldError) {
    console.log(`refused ${err.message}`);
    process.exit(3);
  }
  throw err;
}
