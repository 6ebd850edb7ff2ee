import { z } from "zod";
import type { Db } from "@/db/client";
import { getSetting, setSetting, settingSchemas, type SettingValue } from "@/lib/settings";
import { authorizeGlobal, parseInput, refused, type AdminActor } from "./common";

export type Band = SettingValue<"figures.bands">[number];

const bandRowSchema = z.object({
  label: z.string().trim().max(40),
  labelEn: z.string().trim().max(40),
  min: z.string().trim().max(10),
});

/**
 * Reads the band rows of the form (blank rows are ignored; an empty list means "no
 * classification") and stores them highest minimum first, the order the figures apply them in.
 */
export async function saveBands(db: Db, actor: AdminActor, input: { rows: { label: string; labelEn: string; min: string }[] }): Promise<Band[]> {
  authorizeGlobal(actor, "manage:settings");
  const rows = parseInput(z.array(bandRowSchema).max(20), input.rows);
  const bands: Band[] = [];
  for (const row of rows) {
    if (!row.label && !row.min && !row.labelEn) continue;
    if (!row.label) throw refused("invalid", "band_label", "bands");
    const min = Number(row.min.replace(",", "."));
    if (row.min === "" || !Number.isFinite(min) || min < 0 || min > 100) throw refused("invalid", "band_min", "bands");
    bands.push({ label: row.label, ...(row.labelEn ? { labelEn: row.labelEn } : {}), min });
  }
  if (new Set(bands.map((b) => b.min)).size !== bands.length) throw refused("invalid", "band_duplicate", "bands");
  bands.sort((a, b) => b.min - a.min);
  const parsed = settingSchemas["figures.bands"].safeParse(bands);
  if (!parsed.success) throw refused("invalid", "band_too_many", "bands");
  await setSetting(db, "figures.bands", parsed.data, actor);
  return parsed.data;
}

const generalSchema = z.object({
  includeUnverified: z
    .union([z.boolean(), z.string().max(10), z.null()])
    .optional()
    .transform((v) => v === true || v === "on" || v === "true"),
  ttlDays: z.coerce.number().int().min(1).max(365),
});

/** Whether standing-QR answers count in the figures, and how long a survey link lives. */
export async function saveGeneralSettings(db: Db, actor: AdminActor, input: z.input<typeof generalSchema>): Promise<void> {
  authorizeGlobal(actor, "manage:settings");
  const data = parseInput(generalSchema, input);
  // Each setting is its own audited write; unchanged ones are left alone so the log stays meaningful.
  if ((await getSetting(db, "figures.includeUnverified")) !== data.includeUnverified) {
    await setSetting(db, "figures.includeUnverified", data.includeUnverified, actor);
  }
  if ((await getSetting(db, "invitations.ttlDays")) !== data.ttlDays) {
    await setSetting(db, "invitations.ttlDays", data.ttlDays, actor);
  }
}
