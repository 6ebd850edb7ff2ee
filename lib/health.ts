import { sql } from "drizzle-orm";
import { getDb } from "./db";

export async function checkHealth(): Promise<boolean> {
  try {
    const db = await getDb();
    await db.execute(sql`select 1`);
    return true;
  } catch (err) {
    console.error("health check failed:", err instanceof Error ? err.message : err);
    return false;
  }
}
