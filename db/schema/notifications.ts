import { sql } from "drizzle-orm";
import { bigint, boolean, check, index, integer, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { agencies } from "./agencies";
import { contacts } from "./contacts";
import { staffAccounts } from "./staff-accounts";

export const outboxChannels = ["email", "webhook"] as const;
export type OutboxChannel = (typeof outboxChannels)[number];
export const outboxStates = ["pending", "sent", "failed"] as const;
export type OutboxState = (typeof outboxStates)[number];

/**
 * Every message that leaves the product, queued in the transaction that decides to send it and
 * delivered by a job with retries. A message to a citizen has no address here: it names the
 * contact row and is deleted with it (ON DELETE CASCADE), so queued mail goes when the details go.
 * A message to staff holds links only, never citizen text or personal data.
 */
export const outbox = pgTable(
  "outbox",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    channel: text().$type<OutboxChannel>().notNull(),
    // Exactly one recipient: a staff account, a citizen's contact row, or a webhook endpoint.
    staffId: integer().references(() => staffAccounts.id, { onDelete: "cascade" }),
    contactId: integer().references(() => contacts.id, { onDelete: "cascade" }),
    webhookId: integer().references(() => webhookEndpoints.id, { onDelete: "cascade" }),
    // What kind of message (template key), for counts shown to administrators.
    kind: text().notNull(),
    subject: text().notNull(),
    body: text().notNull(),
    // Enqueuing twice with one key queues one message (jobs may run twice after a crash).
    dedupeKey: text().notNull(),
    state: text().$type<OutboxState>().notNull().default("pending"),
    attempts: integer().notNull().default(0),
    nextAttemptAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    // A short reason such as "smtp 451" or "timeout": never the message or the address.
    lastError: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex("outbox_dedupe_key").on(t.dedupeKey),
    index("outbox_due_idx").on(t.nextAttemptAt).where(sql`${t.state} = 'pending'`),
    check("outbox_channel_check", sql`${t.channel} in ('email', 'webhook')`),
    check("outbox_state_check", sql`${t.state} in ('pending', 'sent', 'failed')`),
    check("outbox_one_recipient_check", sql`num_nonnulls(${t.staffId}, ${t.contactId}, ${t.webhookId}) = 1`),
  ],
);

/** A province's gateway (SMS, Zalo, chat) that receives signed alerts for an agency's subtree. */
export const webhookEndpoints = pgTable("webhook_endpoints", {
  id: integer().primaryKey().generatedAlwaysAsIdentity(),
  agencyId: integer()
    .notNull()
    .references(() => agencies.id, { onDelete: "restrict" }),
  url: text().notNull(),
  // The HMAC-SHA256 key shared with the gateway; shown to the administrator once.
  secret: text().notNull(),
  active: boolean().notNull().default(true),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

export const notificationKinds = ["alert", "case_overdue", "case_assigned", "case_forwarded", "retention_warning", "digest"] as const;
export type NotificationKind = (typeof notificationKinds)[number];

/** The in-app list with unread counts. `title` is a product sentence, never citizen text. */
export const notifications = pgTable(
  "notifications",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    staffId: integer()
      .notNull()
      .references(() => staffAccounts.id, { onDelete: "cascade" }),
    kind: text().$type<NotificationKind>().notNull(),
    title: text().notNull(),
    link: text().notNull(),
    dedupeKey: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    readAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex("notifications_dedupe_key").on(t.dedupeKey),
    index("notifications_staff_unread_idx").on(t.staffId, t.createdAt).where(sql`${t.readAt} is null`),
  ],
);

export const alertDeliveries = ["immediate", "daily", "none"] as const;
export type AlertDelivery = (typeof alertDeliveries)[number];

/** How a leader wants alerts by e-mail; the in-app list always has them. */
export const alertPreferences = pgTable(
  "alert_preferences",
  {
    staffId: integer()
      .primaryKey()
      .references(() => staffAccounts.id, { onDelete: "cascade" }),
    delivery: text().$type<AlertDelivery>().notNull().default("immediate"),
    weeklyDigest: boolean().notNull().default(true),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check("alert_preferences_delivery_check", sql`${t.delivery} in ('immediate', 'daily', 'none')`)],
);

export type OutboxMessage = typeof outbox.$inferSelect;
export type Notification = typeof notifications.$inferSelect;
