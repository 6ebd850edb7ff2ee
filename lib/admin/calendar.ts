import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { forgetCachedCalendar } from "@/db/queries/calendar";
import { calendarDays } from "@/db/schema";
import { isDay, weekday } from "@/lib/time/vietnam";
import { audit, authorizeGlobal, parseInput, refused, type AdminActor } from "./common";

/** A date typed as dd/mm/yyyy (the UI's form) or yyyy-mm-dd (a date input), as an ISO day. */
export function parseDayInput(input: string): string | null {
  const text = input.trim();
  const vn = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  const iso = vn ? `${vn[3]}-${vn[2]!.padStart(2, "0")}-${vn[1]!.padStart(2, "0")}` : text;
  return isDay(iso) ? iso : null;
}

const daySchema = z.object({
  day: z.string().max(20),
  kind: z.enum(["off", "working"]),
  name: z.string().trim().min(1).max(120),
  nameEn: z.string().trim().max(120),
});

/**
 * Adds or changes an exception to the working week. A day off on a weekend, or a "worked day" on
 * a weekday, would change nothing and is refused so that the list only says what matters.
 */
export async function saveCalendarDay(db: Db, actor: AdminActor, input: z.input<typeof daySchema>): Promise<string> {
  authorizeGlobal(actor, "manage:calendar");
  const data = parseInput(daySchema, input);
  const day = parseDayInput(data.day);
  if (!day) throw refused("invalid", "calendar_day", "day");
  const weekend = [0, 6].includes(weekday(day));
  if (data.kind === "off" && weekend) throw refused("invalid", "calendar_off_weekend", "day");
  if (data.kind === "working" && !weekend) throw refused("invalid", "calendar_working_weekday", "day");
  const off = data.kind === "off";
  await db.transaction(async (tx) => {
    await tx
      .insert(calendarDays)
      .values({ day, off, name: data.name, nameEn: data.nameEn || null, updatedById: actor.id })
      .onConflictDoUpdate({ target: calendarDays.day, set: { off, name: data.name, nameEn: data.nameEn || null, updatedById: actor.id, updatedAt: new Date() } });
    await audit(tx, actor, { action: "calendar.day_saved", entity: "calendar_day", entityId: day, data: { off, name: data.name } });
  });
  forgetCachedCalendar();
  return day;
}

export async function removeCalendarDay(db: Db, actor: AdminActor, input: { day: string }): Promise<void> {
  authorizeGlobal(actor, "manage:calendar");
  const day = parseDayInput(input.day);
  if (!day) throw refused("invalid", "calendar_day", "day");
  await db.transaction(async (tx) => {
    const removed = await tx.delete(calendarDays).where(eq(calendarDays.day, day)).returning({ name: calendarDays.name, off: calendarDays.off });
    if (removed.length === 0) throw refused("not_found", "calendar_not_found", "day");
    await audit(tx, actor, { action: "calendar.day_removed", entity: "calendar_day", entityId: day, data: { off: removed[0]!.off, name: removed[0]!.name } });
  });
  forgetCachedCalendar();
}
