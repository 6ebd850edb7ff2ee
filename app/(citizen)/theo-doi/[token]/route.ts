import type { NextRequest } from "next/server";
import { getDb } from "@/lib/db";
import { authSecret } from "@/lib/env";
import { isWellFormedStatusToken } from "@/lib/cases/reference";
import { encodeStatusView, openCaseStatus, STATUS_VIEW_HEADER } from "@/lib/cases/status";
import { renderSignedPage, requestClient } from "../../citizen-request";

/** The citizen's status page for a case: honest statuses, no script, no personal data. */
export async function GET(_request: NextRequest, { params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const outcome = await openCaseStatus(await getDb(), { token, client: await requestClient() });
  const response = await renderSignedPage(`/theo-doi/${isWellFormedStatusToken(token) ? token : "-"}`, { [STATUS_VIEW_HEADER]: encodeStatusView(authSecret(), outcome.view) }, outcome);
  // The address is the secret: it must not travel to another site in a Referer header.
  response.headers.set("referrer-policy", "no-referrer");
  return response;
}
