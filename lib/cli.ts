import type { Database } from "@/db/client";
import { openConfiguredDatabase } from "./db";

/** For command-line tools: the database, or one clear line and exit 1 (never a stack trace). */
export async function openDatabaseOrExit(): Promise<Database> {
  try {
    return await openConfiguredDatabase();
  } catch (err) {
    console.error(`Error: ${err instanceof Error ? err.message.split("\n")[0] : String(err)}`);
    process.exit(1);
  }
}
