import type { NextRequest } from "next/server";
import { getDb } from "@/lib/db";
import { getLocale } from "@/lib/i18n";
import { postStandingSurvey } from "@/lib/survey/submission";
import { readFormBody, requestClient, respondToPost, unreadable } from "../../../citizen-request";
import { isWellFormedStandingCode } from "@/lib/survey/standing";

/** The standing QR's form endpoint: same form as a survey link, limited per client and per code. */
export async function POST(request: NextRequest, { params }: { params: Promise<{ code: string }> }) {
  const { code } = await params;
  const path = `/q/${isWellFormedStandingCode(code) ? code : "-"}`;
  const fields = await readFormBody(request);
  if (fields === null || fields === "too_large") return unreadable(path, fields);
  const outcome = await postStandingSurvey(await getDb(), { code, fields, locale: await getLocale(), client: await requestClient() });
  return respondToPost(path, outcome);
}
