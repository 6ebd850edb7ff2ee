import { publicUrl } from "@/lib/env";
import { openApiDocument } from "@/lib/integration/openapi";

export const dynamic = "force-dynamic";

export function GET(): Response {
  return Response.json(openApiDocument(publicUrl()));
}
