import crypto from "node:crypto";
import { and, desc, eq, like, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { agencies, webhookEndpoints } from "@/db/schema";
import { conflict, invalid, notFound } from "@/lib/errors";
import { audit, authorizeGlobal, subtreePattern, type AdminActor } from "./common";

const MAX_URL = 500;
// 256 bits, hex: easy to paste into a gateway's configuration.
const SECRET_BYTES = 32;
const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** https only: the body is signed but not secret from a network observer; plain http is for a receiver on this machine (tests). */
export function acceptableWebhookUrl(raw: string): URL | null {
  const value = raw.trim();
  if (!value || value.length > MAX_URL) return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if (url.username || url.password) return null;
  if (url.protocol === "https:") return url;
  if (url.protocol === "http:" && LOOPBACK.has(url.hostname)) return url;
  return null;
}

/** Endpoints of agencies inside the administrator's subtree, newest first; never the secret. */
export async function listWebhooks(db: Db, actor: AdminActor) {
  authorizeGlobal(actor, "manage:settings");
  return db
    .select({
      id: webhookEndpoints.id,
      url: webhookEndpoints.url,
      active: webhookEndpoints.active,
      createdAt: webhookEndpoints.createdAt,
      agencyName: agencies.name,
      agencyCode: agencies.code,
    })
    .from(webhookEndpoints)
    .innerJoin(agencies, eq(agencies.id, webhookEndpoints.agencyId))
    .where(like(agencies.path, subtreePattern(actor.scopePath)))
    .orderBy(desc(webhookEndpoints.id));
}

/** Registers an endpoint for an agency subtree in scope; the secret is returned this once and never shown again. */
export async function createWebhook(db: Db, actor: AdminActor, input: { url: string; agencyId: number }): Promise<{ id: number; secret: string }> {
  authorizeGlobal(actor, "manage:settings");
  const url = acceptableWebhookUrl(input.url);
  if (!url) throw invalid("webhook url must be https (or http to localhost)", { field: "url", reason: "url" });
  if (!Number.isInteger(input.agencyId) || input.agencyId <= 0) throw invalid("choose an agency", { field: "agencyId", reason: "agency" });
  const secret = crypto.randomBytes(SECRET_BYTES).toString("hex");
  return db.transaction(async (tx) => {
    const [agency] = await tx
      .select({ id: agencies.id })
      .from(agencies)
      .where(and(eq(agencies.id, input.agencyId), like(agencies.path, subtreePattern(actor.scopePath))));
    if (!agency) throw invalid("agency not in your scope", { field: "agencyId", reason: "agency" });
    const [row] = await tx.insert(webhookEndpoints).values({ agencyId: agency.id, url: url.toString(), secret }).returning({ id: webhookEndpoints.id });
    // The host only: a URL may carry a gateway token in its path or query.
    await audit(tx, actor, { action: "webhook.created", entity: "webhook_endpoint", entityId: row!.id, data: { agencyId: agency.id, host: url.host } });
    return { id: row!.id, secret };
  });
}

export async function deactivateWebhook(db: Db, actor: AdminActor, input: { webhookId: number }): Promise<void> {
  authorizeGlobal(actor, "manage:settings");
  const inScope = sql`${webhookEndpoints.agencyId} in (select ${agencies.id} from ${agencies} where ${agencies.path} like ${subtreePattern(actor.scopePath)})`;
  await db.transaction(async (tx) => {
    const [row] = await tx
      .update(webhookEndpoints)
      .set({ active: false })
      .where(and(eq(webhookEndpoints.id, input.webhookId), eq(webhookEndpoints.active, true), inScope))
      .returning({ id: webhookEndpoints.id });
    if (!row) {
      const [exists] = await tx.select({ id: webhookEndpoints.id }).from(webhookEndpoints).where(and(eq(webhookEndpoints.id, input.webhookId), inScope));
      throw exists ? conflict("webhook already deactivated") : notFound("webhook not found");
    }
    await audit(tx, actor, { action: "webhook.deactivated", entity: "webhook_endpoint", entityId: row.id });
  });
}
