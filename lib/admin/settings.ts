import { z } from "zod";
import type { Db } from "@/db/client";
import { getSetting, setSetting, settingSchemas, type SettingValue } from "@/lib/settings";
import { authorizeGlobal, parseInput, refused, type AdminActor } from "./common";
import { DEFAULT_PERIOD_KINDS } from "@/lib/metrics/periods";

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

const caseSettingsSchema = z.object({
  lowAtMost: z.coerce.number().int().min(1).max(3),
  elements: z.array(z.string().max(32)).max(16),
  commentWithContact: z
    .union([z.boolean(), z.string().max(10), z.null()])
    .optional()
    .transform((v) => v === true || v === "on" || v === "true"),
  forwardDays: z.coerce.number().int().min(1).max(60),
  replyDays: z.coerce.number().int().min(1).max(60),
  retentionWarningDays: z.coerce.number().int().min(1).max(30),
});

/** Which answers open a follow-up case, and its deadlines in working days. */
export async function saveCaseSettings(db: Db, actor: AdminActor, input: z.input<typeof caseSettingsSchema>): Promise<void> {
  authorizeGlobal(actor, "manage:settings");
  const data = parseInput(caseSettingsSchema, input);
  if (data.elements.length === 0) throw refused("invalid", "case_rule_no_element", "elements");
  const rule = settingSchemas["cases.rule"].safeParse({ lowAtMost: data.lowAtMost, elements: [...new Set(data.elements)], commentWithContact: data.commentWithContact });
  if (!rule.success) throw refused("invalid", "invalid", "elements");
  if (data.forwardDays > data.replyDays) throw refused("invalid", "case_forward_after_reply", "forwardDays");
  const changes: [Parameters<typeof setSetting>[1], unknown][] = [
    ["cases.rule", rule.data],
    ["cases.forwardDays", data.forwardDays],
    ["cases.replyDays", data.replyDays],
    ["cases.retentionWarningDays", data.retentionWarningDays],
  ];
  for (const [key, value] of changes) {
    if (JSON.stringify(await getSetting(db, key)) !== JSON.stringify(value)) await setSetting(db, key, value as never, actor);
  }
}

const publicationSchema = z.object({
  defaultPeriodKind: z.string().max(20).pipe(z.enum(DEFAULT_PERIOD_KINDS)),
  publicMinimum: z.coerce.number().int().min(1).max(10_000),
});

/** The period the pages open on, and the answers below which the public page withholds a figure. */
export async function savePublicationSettings(db: Db, actor: AdminActor, input: z.input<typeof publicationSchema>): Promise<void> {
  authorizeGlobal(actor, "manage:settings");
  const data = parseInput(publicationSchema, input);
  if ((await getSetting(db, "figures.defaultPeriodKind")) !== data.defaultPeriodKind) {
    await setSetting(db, "figures.defaultPeriodKind", data.defaultPeriodKind, actor);
  }
  if ((await getSetting(db, "figures.publicMinimum")) !== data.publicMinimum) {
    await setSetting(db, "figures.publicMinimum", data.publicMinimum, actor);
  }
}
