import type { Db } from "@/db/client";

/**
 * A job's handler: idempotent (it may run twice after a crash), doing its effect and its audit
 * row in one transaction per unit of work. Returns counts for the log line and the metrics.
 */
export type JobHandler = (db: Db, ctx: { now: Date }) => Promise<Record<string, number>>;
