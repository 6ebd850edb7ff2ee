import { and, desc, eq, gte, like, lt, type SQL } from "drizzle-orm";
import type { Db } from "../client";
import { auditLog, staffAccounts } from "../schema";

export type AuditFilter = {
  entity?: string;
  /** A prefix of the action, e.g. "agency." or "account.created". */
  action?: string;
  actorUsername?: string;
  entityId?: string;
  from?: Date;
  to?: Date;
  /** Rows older than this id (the next page). */
  beforeId?: number;
  limit: number;
};

/** Audit entries, newest first, with the actor's username. */
export async function listAudit(db: Db, filter: AuditFilter) {
  const where: SQL[] = [];
  if (filter.entity) where.push(eq(auditLog.entity, filter.entity));
  if (filter.action) where.push(like(auditLog.action, `${filter.action.replace(/[\\%_]/g, (c) => `\\${c}`)}%`));
  if (filter.actorUsername) where.push(eq(staffAccounts.username, filter.actorUsername));
  if (filter.entityId) where.push(eq(auditLog.entityId, filter.entityId));
  if (filter.from) where.push(gte(auditLog.at, filter.from));
  if (filter.to) where.push(lt(auditLog.at, filter.to));
  if (filter.beforeId) where.push(lt(auditLog.id, filter.beforeId));
  return db
    .select({
      id: auditLog.id,
      at: auditLog.at,
      actorKind: auditLog.actorKind,
      actorUsername: staffAccounts.username,
      action: auditLog.action,
      entity: auditLog.entity,
      entityId: auditLog.entityId,
      data: auditLog.data,
    })
    .from(auditLog)
    .leftJoin(staffAccounts, eq(staffAccounts.id, auditLog.actorId))
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(auditLog.id))
    .limit(filter.limit);
}

export async function auditEntities(db: Db): Promise<string[]> {
  const list = await db.selectDistinct({ entity: auditLog.entity }).from(auditLog);
  return list.map((r) => r.entity).sort();
}
