import { evaluateDailyAlerts, sendDailyDigests } from "@/lib/alerts/jobs";
import { enforceContactRetention, escalateOverdueCases } from "@/lib/cases/jobs";
import { sendWeeklyDigests } from "@/lib/digests/weekly";
import { carryOutDueReorganisations } from "@/lib/admin/reorganisations";
import { compactRollups } from "@/lib/metrics/jobs";
import { deliverOutbox, DELIVER_JOB } from "@/lib/notify/deliver";
import type { JobHandler } from "./types";

/** Every schedule is read in Vietnam time: "06:00" is 06:00 in Hà Nội whatever the server's zone. */
export const JOB_TIMEZONE = "Asia/Ho_Chi_Minh";

export type JobDefinition = {
  name: string;
  /** Five-field cron expression in JOB_TIMEZONE. */
  cron: string;
  handler: JobHandler;
  /** A run still going after this long is taken as dead (its process was killed) and retried. */
  expireMinutes: number;
};

/** The one list of jobs: both runners (pg-boss on PostgreSQL, the in-process loop on the embedded database) run exactly these. */
export const jobs: readonly JobDefinition[] = [
  // Every minute, and at once when something is queued (kickDelivery).
  { name: DELIVER_JOB, cron: "* * * * *", handler: deliverOutbox, expireMinutes: 5 },
  { name: "escalate-overdue-cases", cron: "*/15 * * * *", handler: escalateOverdueCases, expireMinutes: 15 },
  // Hourly: contact details go within the hour of the limit promised in the consent.
  { name: "contact-retention", cron: "0 * * * *", handler: enforceContactRetention, expireMinutes: 15 },
  // Hourly from just after midnight: a reorganisation takes effect at a Vietnam midnight (decision 021).
  { name: "carry-out-reorganisations", cron: "1 * * * *", handler: carryOutDueReorganisations, expireMinutes: 30 },
  // 00:20, once the day has closed: its counter stripes folded, so the dawn alert evaluation and
  // every past period read one row per key.
  { name: "compact-rollups", cron: "20 0 * * *", handler: compactRollups, expireMinutes: 30 },
  // 06:00, before the working day: alerts on yesterday's figures, then the digests at 07:00 collect them.
  { name: "daily-alerts", cron: "0 6 * * *", handler: evaluateDailyAlerts, expireMinutes: 30 },
  { name: "daily-digest", cron: "0 7 * * *", handler: sendDailyDigests, expireMinutes: 30 },
  { name: "weekly-digest", cron: "0 7 * * 1", handler: sendWeeklyDigests, expireMinutes: 30 },
];

export function jobNamed(name: string, list: readonly JobDefinition[] = jobs): JobDefinition | undefined {
  return list.find((j) => j.name === name);
}
