import type { NextRequest } from "next/server";
import { getDb } from "@/lib/db";
import { openInvitationSurvey } from "@/lib/survey/submission";
import { renderView, requestClient } from "../../citizen-request";
import { isWellFormedToken } from "@/lib/survey/token";

/** Opening a survey link: the survey, or the page of its refusal with its own status. */
export async function GET(request: NextRequest, { params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const outcome = await openInvitationSurvey(await getDb(), { token, client: await requestClient() });
  return renderView(`/s/${isWellFormedToken(token) ? token : "-"}`, outcome);
}
