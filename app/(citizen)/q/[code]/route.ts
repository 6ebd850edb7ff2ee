import type { NextRequest } from "next/server";
import { getDb } from "@/lib/db";
import { openStandingSurvey } from "@/lib/survey/submission";
import { renderView } from "../../citizen-request";
import { isWellFormedStandingCode } from "@/lib/survey/standing";

/** Opening a standing QR: the survey, or 404 for an unknown or withdrawn code. */
export async function GET(request: NextRequest, { params }: { params: Promise<{ code: string }> }) {
  const { code } = await params;
  return renderView(`/q/${isWellFormedStandingCode(code) ? code : "-"}`, await openStandingSurvey(await getDb(), { code }));
}
