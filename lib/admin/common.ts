import type { z } from "zod";
import type { Db } from "@/db/client";
import { auditLog } from "@/db/schema";
import type { StaffUser } from "@/lib/auth/accounts";
import { can, requirePermission, type Permission } from "@/lib/auth/permissions";
import { DomainError, forbidden, invalid } from "@/lib/errors";

/** Who acts in an administration service: the signed-in staff member as the database has them. */
export type AdminActor = Pick<StaffUser, "id" | "role" | "agencyId" | "scopePath">;

/**
 * Parses an input with its schema; the first failing field travels in the error so that the
 * form can point at it.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw invalid(issue?.message ?? "invalid input", { field: String(issue?.path[0] ?? ""), reason: "invalid" });
  }
  return parsed.data;
}

/** An error the form shows with its own message (`reason`, a key of the admin error messages). */
export function refused(kind: DomainError["kind"], reason: string, field?: string): DomainError {
  return new DomainError(kind, reason, { reason, ...(field ? { field } : {}) });
}

export function authorize(actor: AdminActor, permission: Permission): void {
  requirePermission(actor, permission);
}

/**
 * The questionnaire, the procedure catalogue, the settings and the audit log are shared by the
 * whole installation: only an administrator whose scope is a root of the tree (the province)
 * may change or read them, never the administrator of one district.
 */
export function authorizeGlobal(actor: AdminActor, permission: Permission): void {
  requirePermission(actor, permission);
  if (!/^\/\d+\/$/.test(actor.scopePath)) throw forbidden("installation-wide settings need a root scope");
}

/** Whether the actor may open the installation-wide pages (same rule as `authorizeGlobal`). */
export function isGlobalAdmin(actor: AdminActor | null | undefined, permission: Permission): boolean {
  return Boolean(actor && can(actor, permission) && /^\/\d+\/$/.test(actor.scopePath));
}

export async function audit(
  tx: Db,
  actor: AdminActor,
  entry: { action: string; entity: string; entityId: string | number | null; data?: Record<string, unknown> },
): Promise<void> {
  await tx.insert(auditLog).values({
    actorKind: "staff",
    actorId: actor.id,
    action: entry.action,
    entity: entry.entity,
    entityId: entry.entityId == null ? null : String(entry.entityId),
    data: entry.data ?? null,
  });
}

/** `WHERE path LIKE scope%`: a prefix pattern, with LIKE's wildcards escaped (paths hold only digits and slashes, but never trust that). */
export function subtreePattern(scopePath: string): string {
  return `${scopePath.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export const positiveId = (value: unknown): number => {
  const n = typeof value === "number" ? value : typeof value === "string" && /^\d{1,9}$/.test(value.trim()) ? Number(value) : NaN;
  if (!Number.isInteger(n) || n <= 0) throw invalid("invalid id", { field: "id", reason: "invalid" });
  return n;
};
