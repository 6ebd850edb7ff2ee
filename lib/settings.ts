import { eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { auditLog, settings } from "@/db/schema";
import { caseRuleSchema, DEFAULT_CASE_RULE } from "./cases/rule";
import { DEFAULT_PERIOD_KINDS } from "./metrics/periods";
import { getEnv } from "./env";

/**
 * Local decisions kept as data, each with its schema and default. Classification bands have no
 * default: they are a local decision, never presented as a national rule (domain §4.9).
 */
export const settingSchemas = {
  /** Count standing-QR (unverified) responses in the official figures. */
  "figures.includeUnverified": z.boolean(),
  /** How long a survey link can be answered, in days. */
  "invitations.ttlDays": z.number().int().min(1).max(365),
  /** Classification bands, highest first: an agency gets the first band whose minimum it reaches. */
  "figures.bands": z
    .array(z.object({ label: z.string().trim().min(1).max(40), labelEn: z.string().trim().max(40).optional(), min: z.number().min(0).max(100) }))
    .max(10),
  /**
   * The period every leader page and the public page open on when none is asked for: the last
   * complete month, quarter or reporting year before today (Vietnam time).
   */
  "figures.defaultPeriodKind": z.enum(DEFAULT_PERIOD_KINDS),
  /**
   * Answer sheets below which the public page withholds a figure ("chưa đủ số phiếu để công bố"):
   * a unit's headline counts its sheets, an element or the overall question its valid answers.
   */
  "figures.publicMinimum": z.number().int().min(1).max(10_000),
  /** Which answers open a follow-up case (lib/cases/rule.ts). */
  "cases.rule": caseRuleSchema,
  /** Working days to forward a case outside the receiver's competence (Decree 20/2008 art. 9: 5). */
  "cases.forwardDays": z.number().int().min(1).max(60),
  /** Working days to reply to the citizen. */
  "cases.replyDays": z.number().int().min(1).max(60),
  /** Days before the contact details' deletion at which the handler of an open case is warned. */
  "cases.retentionWarningDays": z.number().int().min(1).max(30),
} as const;

export type SettingKey = keyof typeof settingSchemas;
export type SettingValue<K extends SettingKey> = z.infer<(typeof settingSchemas)[K]>;

// The link lifetime defaults to the deployment's INVITATION_TTL_DAYS until an administrator sets it.
const defaults = (): { [K in SettingKey]: SettingValue<K> } => ({
  "figures.includeUnverified": false,
  "invitations.ttlDays": getEnv().INVITATION_TTL_DAYS,
  "figures.bands": [],
  "figures.defaultPeriodKind": "month",
  // 30 sheets: below that one answer moves a share by more than three points (66,67 % from 3).
  "figures.publicMinimum": 30,
  "cases.rule": DEFAULT_CASE_RULE,
  "cases.forwardDays": 5,
  "cases.replyDays": 10,
  "cases.retentionWarningDays": 7,
});

export async function getSetting<K extends SettingKey>(db: Db, key: K): Promise<SettingValue<K>> {
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, key));
  return settingFrom(key, row?.value);
}

/** Several settings in one statement (a path that needs them together, on every answer). */
export async function getSettings<K extends SettingKey>(db: Db, keys: readonly K[]): Promise<{ [P in K]: SettingValue<P> }> {
  const found = await db.select({ key: settings.key, value: settings.value }).from(settings).where(inArray(settings.key, [...keys]));
  const stored = new Map(found.map((r) => [r.key, r.value]));
  return Object.fromEntries(keys.map((k) => [k, settingFrom(k, stored.get(k))])) as { [P in K]: SettingValue<P> };
}

// The case rule and deadlines are read on every stored answer and change a few times a year. Each
// process keeps what it read for a minute (as the working calendar), so a change reaches every
// server process within that minute; a change made in this process applies at once.
const CACHE_MS = 60_000;
const cache = globalThis as unknown as { __hlSettings?: Map<string, { at: number; db: Db; value: Promise<unknown> }> };

/** getSettings, kept per process for a minute: for the answer path, not for pages that edit them. */
export function cachedSettings<K extends SettingKey>(db: Db, keys: readonly K[]): Promise<{ [P in K]: SettingValue<P> }> {
  const store = (cache.__hlSettings ??= new Map());
  const id = keys.join("\u0000");
  const hit = store.get(id);
  if (hit && hit.db === db && Date.now() - hit.at < CACHE_MS) return hit.value as Promise<{ [P in K]: SettingValue<P> }>;
  const value = getSettings(db, keys);
  store.set(id, { at: Date.now(), db, value });
  value.catch(() => {
    if (store.get(id)?.value === value) store.delete(id);
  });
  return value;
}

/** After a change in this process: the next read loads the settings again. */
export function forgetCachedSettings(): void {
  cache.__hlSettings?.clear();
}

/** A stored value read elsewhere (undefined when none is stored), checked against its schema. */
export function settingFrom<K extends SettingKey>(key: K, stored: unknown): SettingValue<K> {
  if (stored === undefined || stored === null) return defaults()[key];
  const parsed = settingSchemas[key].safeParse(stored);
  // A value that no longer fits its schema (after an upgrade) falls back rather than breaking pages.
  return parsed.success ? (parsed.data as SettingValue<K>) : defaults()[key];
}

/** Validates, stores and audits a setting in one transaction. */
export async function setSetting<K extends SettingKey>(db: Db, key: K, value: SettingValue<K>, actor: { id: number | null }): Promise<void> {
  const parsed = settingSchemas[key].parse(value);
  await db.transaction(async (tx) => {
    await tx
      .insert(settings)
      .values({ key, value: parsed })
      .onConflictDoUpdate({ target: settings.key, set: { value: parsed, updatedAt: sql`now()` } });
    await tx.insert(auditLog).values({ actorKind: "staff", actorId: actor.id, action: "setting.changed", entity: "setting", entityId: key, data: { value: parsed } });
  });
  // After the commit: a read in between would otherwise keep the old value for its minute.
  forgetCachedSettings();
}
