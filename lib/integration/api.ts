import type { z } from "zod";
import type { Db } from "@/db/client";
import { publicUrl } from "@/lib/env";
import { qrSvg } from "@/lib/qr";
import { surveyPath } from "@/lib/survey/token";
import type { ApiClient } from "./api-keys";
import { problem, problemFromError } from "./problem";
import { reportDossiers, type ReportedDossier } from "./report";
import { dossierBatchSchema, dossierReportSchema, zodErrors, type invitationSchema } from "./schemas";

// 1.000 dossiers of ~400 bytes each, with room to spare; anything larger is refused unread.
export const MAX_BODY_BYTES = 2 * 1024 * 1024;

type InvitationBody = z.input<typeof invitationSchema>;

/** Reads a JSON body within the size limit, or answers with the problem that stops it. */
export async function readJson(request: Request): Promise<{ body: unknown } | { response: Response }> {
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/(.+\+)?json\b/i.test(type)) return { response: problem(415, "Send the body as application/json.") };
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_BODY_BYTES) return { response: problem(413, `The body is limited to ${MAX_BODY_BYTES} bytes.`) };
  const text = await request.text();
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) return { response: problem(413, `The body is limited to ${MAX_BODY_BYTES} bytes.`) };
  try {
    return { body: JSON.parse(text) as unknown };
  } catch {
    return { response: problem(400, "The body is not valid JSON.", [{ field: "body", message: "not valid JSON" }]) };
  }
}

async function toBody(d: ReportedDossier, withQr: boolean): Promise<InvitationBody> {
  const inv = d.invitation!;
  const url = inv.status === "issued" ? `${publicUrl()}${surveyPath(inv.token)}` : undefined;
  return {
    id: inv.id,
    dossierCode: d.dossierCode,
    agencyCode: d.agencyCode,
    ...(d.mappedFrom ? { mappedFrom: d.mappedFrom } : {}),
    status: inv.status,
    ...(url ? { surveyUrl: url } : {}),
    issuedAt: inv.issuedAt.toISOString(),
    expiresAt: inv.expiresAt.toISOString(),
    ...(url && withQr ? { qrSvg: await qrSvg(url) } : {}),
  };
}

/**
 * POST /api/v1/dossiers: one dossier as the body, or `{ dossiers: [...] }`. All or nothing; 201
 * when something new was stored, 200 when everything was known already (a retry).
 */
export async function postDossiers(db: Db, client: ApiClient, body: unknown, { withQr }: { withQr: boolean }): Promise<Response> {
  const batch = typeof body === "object" && body !== null && !Array.isArray(body) && "dossiers" in body;
  let items;
  if (batch) {
    const parsed = dossierBatchSchema.safeParse(body);
    if (!parsed.success) return problem(400, "The request does not match the DossierBatch schema.", zodErrors(parsed.error));
    items = parsed.data.dossiers;
  } else {
    const parsed = dossierReportSchema.safeParse(body);
    if (!parsed.success) return problem(400, "The request does not match the DossierReport schema.", zodErrors(parsed.error));
    items = [parsed.data];
  }
  let reported: ReportedDossier[];
  try {
    reported = await reportDossiers(db, {
      scopePath: client.scopePath,
      items,
      source: "api",
      issue: true,
      actor: { kind: "api", id: null, label: `api_key:${client.keyId}` },
    });
  } catch (err) {
    return problemFromError(err, (index, field) => (batch ? `dossiers[${index}].${field}` : field));
  }
  const status = reported.some((r) => r.created || r.invitation?.created) ? 201 : 200;
  const headers = { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" };
  if (batch) {
    const invitations = await Promise.all(reported.map((r) => toBody(r, withQr)));
    return new Response(JSON.stringify({ invitations }), { status, headers });
  }
  return new Response(JSON.stringify(await toBody(reported[0]!, withQr)), { status, headers });
}
