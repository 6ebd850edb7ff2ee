import crypto from "node:crypto";
import { and, desc, eq, isNull, like, lt, or, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { agencies, apiKeys, auditLog } from "@/db/schema";
import type { StaffUser } from "@/lib/auth/accounts";
import { requirePermission } from "@/lib/auth/permissions";
import { conflict, invalid, notFound } from "@/lib/errors";
import { now as clockNow } from "@/lib/time/clock";

// 32 random bytes: far beyond guessing; the prefix only helps people tell keys apart in a list.
const SECRET_BYTES = 32;
const KEY_PATTERN = /^hl_([0-9a-f]{8})_([A-Za-z0-9_-]{43})$/;
const MAX_NAME = 100;
// last_used_at is informative; writing it on every request would make each call a write.
const LAST_USED_RESOLUTION_MS = 60_000;

export type ApiClient = { keyId: string; agencyId: number; agencyCode: string; scopePath: string };

/** Only this hash is stored. SHA-256 suffices: the key has 256 bits of entropy. */
export function hashApiKey(key: string): string {
  return crypto.createHash("sha256").update(key).digest("base64url");
}

/** Creates a key scoped to an agency subtree inside the administrator's own scope. The key is returned once. */
export async function createApiKey(
  db: Db,
  staff: StaffUser,
  input: { name: string; agencyId: number },
): Promise<{ id: string; key: string; prefix: string }> {
  requirePermission(staff, "manage:accounts");
  const name = input.name.trim();
  if (!name || name.length > MAX_NAME) throw invalid("name must be 1 to 100 characters", { field: "name" });
  if (!Number.isInteger(input.agencyId) || input.agencyId <= 0) throw invalid("choose an agency", { field: "agencyId" });
  const prefix = crypto.randomBytes(4).toString("hex");
  const key = `hl_${prefix}_${crypto.randomBytes(SECRET_BYTES).toString("base64url")}`;
  return db.transaction(async (tx) => {
    const [agency] = await tx
      .select({ id: agencies.id, validTo: agencies.validTo })
      .from(agencies)
      .where(and(eq(agencies.id, input.agencyId), like(agencies.path, `${staff.scopePath}%`)));
    if (!agency) throw invalid("agency not in your scope", { field: "agencyId" });
    // An agency that ended in a reorganisation reports nothing new: its successor holds the key.
    if (agency.validTo) throw invalid("that agency has ended; choose its successor", { field: "agencyId" });
    const [row] = await tx
      .insert(apiKeys)
      .values({ name, agencyId: agency.id, prefix, keyHash: hashApiKey(key), createdById: staff.id })
      .returning({ id: apiKeys.id });
    await tx.insert(auditLog).values({
      actorKind: "staff",
      actorId: staff.id,
      action: "api_key.created",
      entity: "api_key",
      entityId: row!.id,
      data: { name, agencyId: agency.id, prefix },
    });
    return { id: row!.id, key, prefix };
  });
}

export async function revokeApiKey(db: Db, staff: StaffUser, input: { keyId: string; now?: Date }): Promise<void> {
  requirePermission(staff, "manage:accounts");
  if (!/^[0-9a-f-]{36}$/i.test(input.keyId)) throw notFound("api key not found");
  await db.transaction(async (tx) => {
    const [row] = await tx
      .update(apiKeys)
      .set({ revokedAt: input.now ?? clockNow() })
      .where(
        and(
          eq(apiKeys.id, input.keyId),
          isNull(apiKeys.revokedAt),
          sql`${apiKeys.agencyId} in (select ${agencies.id} from ${agencies} where ${agencies.path} like ${`${staff.scopePath}%`})`,
        ),
      )
      .returning({ id: apiKeys.id });
    if (!row) throw conflict("the key is already revoked or not in scope");
    await tx.insert(auditLog).values({
      actorKind: "staff",
      actorId: staff.id,
      action: "api_key.revoked",
      entity: "api_key",
      entityId: input.keyId,
    });
  });
}

/** Keys whose agency lies in the administrator's scope, newest first. */
export async function listApiKeys(db: Db, { scopePath }: { scopePath: string }) {
  return db
    .select({
      id: apiKeys.id,
      name: apiKeys.name,
      prefix: apiKeys.prefix,
      agencyName: agencies.name,
      agencyCode: agencies.code,
      createdAt: apiKeys.createdAt,
      lastUsedAt: apiKeys.lastUsedAt,
      revokedAt: apiKeys.revokedAt,
    })
    .from(apiKeys)
    .innerJoin(agencies, eq(agencies.id, apiKeys.agencyId))
    .where(like(agencies.path, `${scopePath}%`))
    .orderBy(desc(apiKeys.createdAt));
}

/**
 * The client behind an `Authorization: Bearer` header, or null. Looked up by hash on every
 * request (nothing cached), so a revoked key stops working at once.
 */
export async function authenticateApiKey(db: Db, authorization: string | null, now = clockNow()): Promise<ApiClient | null> {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
  const key = match?.[1];
  if (!key || !KEY_PATTERN.test(key)) return null;
  const [row] = await db
    .select({ keyId: apiKeys.id, agencyId: apiKeys.agencyId, agencyCode: agencies.code, scopePath: agencies.path, lastUsedAt: apiKeys.lastUsedAt })
    .from(apiKeys)
    .innerJoin(agencies, eq(agencies.id, apiKeys.agencyId))
    .where(and(eq(apiKeys.keyHash, hashApiKey(key)), isNull(apiKeys.revokedAt)));
  if (!row) return null;
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    const stale = new Date(now.getTime() - LAST_USED_RESOLUTION_MS);
    await db
      .update(apiKeys)
      .set({ lastUsedAt: now })
      .where(and(eq(apiKeys.id, row.keyId), or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, stale))));
  }
  return { keyId: row.keyId, agencyId: row.agencyId, agencyCode: row.agencyCode, scopePath: row.scopePath };
}
