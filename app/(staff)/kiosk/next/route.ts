import { now as clockNow } from "@/lib/time/clock";
import { nextKioskInvitation } from "@/db/queries/kiosk";
import { can } from "@/lib/auth/permissions";
import { getStaff } from "@/lib/auth/session";
import { getDb } from "@/lib/db";

export const dynamic = "force-dynamic";

/** Polled by the tablet every second: the survey to show now, if any. */
export async function GET(request: Request): Promise<Response> {
  const headers = { "cache-control": "no-store" };
  const staff = await getStaff();
  if (!staff) return Response.json({ error: "unauthenticated" }, { status: 401, headers });
  if (!can(staff, "use:kiosk") || staff.deskId === null) return Response.json({ error: "forbidden" }, { status: 403, headers });
  const afterParam = Number(new URL(request.url).searchParams.get("after"));
  const after = Number.isFinite(afterParam) && afterParam > 0 ? new Date(afterParam) : null;
  const next = await nextKioskInvitation(await getDb(), { deskId: staff.deskId, after, now: clockNow() });
  return Response.json({ invitation: next ? { id: next.id, issuedAt: next.issuedAt.getTime() } : null }, { headers });
}
