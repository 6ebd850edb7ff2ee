import { z } from "zod";
import type { Db } from "@/db/client";
import { auditEntities, listAudit } from "@/db/queries/admin-audit";
import { authorizeGlobal, type AdminActor } from "./common";

// One screen of entries; older ones are a "next page" link away.
export const AUDIT_PAGE = 50;
const VN_OFFSET = "+07:00";

const dateParam = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .optional()
  .catch(undefined);

/** The filter of the audit page, from its query string; anything malformed is ignored, not an error page. */
export const auditFilterSchema = z.object({
  entity: z.string().trim().max(40).regex(/^[a-z_]*$/).optional().catch(undefined),
  action: z.string().trim().max(60).regex(/^[a-z_.]*$/).optional().catch(undefined),
  actor: z.string().trim().toLowerCase().max(64).optional().catch(undefined),
  entityId: z.string().trim().max(64).optional().catch(undefined),
  from: dateParam,
  to: dateParam,
  before: z.coerce.number().int().positive().optional().catch(undefined),
});

export type AuditQuery = z.infer<typeof auditFilterSchema>;

/** Dates are days in Vietnam time; "to" includes its whole day. */
function vietnamDay(day: string | undefined, plusDays = 0): Date | undefined {
  if (!day) return undefined;
  const d = new Date(`${day}T00:00:00${VN_OFFSET}`);
  if (Number.isNaN(d.getTime())) return undefined;
  return new Date(d.getTime() + plusDays * 86_400_000);
}

export async function readAudit(db: Db, actor: AdminActor, query: AuditQuery) {
  authorizeGlobal(actor, "view:audit");
  const entries = await listAudit(db, {
    entity: query.entity || undefined,
    action: query.action || undefined,
    actorUsername: query.actor || undefined,
    entityId: query.entityId || undefined,
    from: vietnamDay(query.from),
    to: vietnamDay(query.to, 1),
    beforeId: query.before,
    limit: AUDIT_PAGE + 1,
  });
  return {
    entries: entries.slice(0, AUDIT_PAGE),
    nextBefore: entries.length > AUDIT_PAGE ? entries[AUDIT_PAGE - 1]!.id : null,
    entities: await auditEntities(db),
  };
}
