import { z } from "zod";
import type { Db } from "@/db/client";
import { markAllNotificationsRead, markNotificationRead, storeAlertPreferences, type AlertPreferences } from "@/db/queries/alerts";
import { alertDeliveries, auditLog } from "@/db/schema";
import { invalid } from "@/lib/errors";

export const alertPreferencesSchema = z.object({
  delivery: z.enum(alertDeliveries),
  weeklyDigest: z.boolean(),
});

/** Stores the signed-in person's own choice with its audit row; nobody sets another's. */
export async function saveAlertPreferences(db: Db, staff: { id: number }, input: unknown): Promise<AlertPreferences> {
  const parsed = alertPreferencesSchema.safeParse(input);
  if (!parsed.success) throw invalid("invalid alert preferences", { field: "delivery" });
  await db.transaction(async (tx) => {
    await storeAlertPreferences(tx, { staffId: staff.id, ...parsed.data });
    await tx.insert(auditLog).values({ actorKind: "staff", actorId: staff.id, action: "alert_preferences.changed", entity: "staff", entityId: String(staff.id), data: parsed.data });
  });
  return parsed.data;
}

/** Marks one notification read, only if it is the person's own. */
export async function markRead(db: Db, staff: { id: number }, id: number): Promise<boolean> {
  if (!Number.isSafeInteger(id) || id <= 0) throw invalid("invalid notification id", { field: "id" });
  return markNotificationRead(db, { staffId: staff.id, id });
}

export function markAllRead(db: Db, staff: { id: number }): Promise<number> {
  return markAllNotificationsRead(db, { staffId: staff.id });
}
