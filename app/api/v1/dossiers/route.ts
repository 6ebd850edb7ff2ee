import { getDb } from "@/lib/db";
import { postDossiers, readJson } from "@/lib/integration/api";
import { authenticateApiKey } from "@/lib/integration/api-keys";
import { problemFromError, unauthorized } from "@/lib/integration/problem";

export const dynamic = "force-dynamic";

export async function POST(request: Request): Promise<Response> {
  try {
    const db = await getDb();
    const client = await authenticateApiKey(db, request.headers.get("authorization"));
    if (!client) return unauthorized();
    const read = await readJson(request);
    if ("response" in read) return read.response;
    const withQr = new URL(request.url).searchParams.get("qr") === "svg";
    return await postDossiers(db, client, read.body, { withQr });
  } catch (err) {
    return problemFromError(err);
  }
}
