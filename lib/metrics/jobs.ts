import { compactRollupStripes } from "@/db/queries/rollup-compaction";
import { auditLog } from "@/db/schema";
import type { JobHandler } from "@/lib/jobs/types";
import { vietnamDayOf } from "@/lib/time/vietnam";

/**
 * Nightly, after the Vietnam day has ended: the closed days' and months' counter stripes are
 * folded into one row per key (db/queries/rollup-compaction.ts). Idempotent: a second run finds
 * nothing to fold.
 */
export const compactRollups: JobHandler = async (db, { now }) => {
  const today = vietnamDayOf(now);
  return db.transaction(async (tx) => {
    const result = await compactRollupStripes(tx, { beforeDay: today, beforeMonth: `${today.slice(0, 7)}-01` });
    if (result.dayRowsFolded + result.monthRowsFolded > 0) {
      await tx.insert(auditLog).values({ actorKind: "system", action: "rollups.compacted", entity: "rollups", entityId: today, data: result });
    }
    return result;
  });
};
