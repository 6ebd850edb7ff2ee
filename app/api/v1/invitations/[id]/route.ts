import { now as clockNow } from "@/lib/time/clock";
import { invitationStatusInScope } from "@/db/queries/integration";
import { getDb } from "@/lib/db";
import { authenticateApiKey } from "@/lib/integration/api-keys";
import { problem, problemFromError, unauthorized } from "@/lib/integration/problem";

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  try {
    const db = await getDb();
    const client = await authenticateApiKey(db, request.headers.get("authorization"));
    if (!client) return unauthorized();
    const { id } = await params;
    const row = await invitationStatusInScope(db, { invitationId: id, scopePath: client.scopePath, now: clockNow() });
    // Another subtree's invitation is "not found" too: its existence is not this key's business.
    if (!row) return problem(404, "No invitation with this id for this key.", [{ field: "id", message: "not found" }]);
    return Response.json(
      {
        id: row.id,
        status: row.status,
        dossierCode: row.dossierCode,
        agencyCode: row.agencyCode,
        issuedAt: row.issuedAt.toISOString(),
        expiresAt: row.expiresAt.toISOString(),
        answeredAt: row.answeredAt ? row.answeredAt.toISOString() : null,
      },
      { headers: { "cache-control": "no-store" } },
    );
  } catch (err) {
    return problemFromError(err);
  }
}
