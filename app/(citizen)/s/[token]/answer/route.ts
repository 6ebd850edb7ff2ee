import type { NextRequest } from "next/server";
import { getDb } from "@/lib/db";
import { getLocale } from "@/lib/i18n";
import { postInvitationSurvey } from "@/lib/survey/submission";
import { readFormBody, requestClient, respondToPost, unreadable } from "../../../citizen-request";
import { isWellFormedToken } from "@/lib/survey/token";

/** The survey form's endpoint, for browsers with or without JavaScript and for scripts alike. */
export async function POST(request: NextRequest, { params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const path = `/s/${isWellFormedToken(token) ? token : "-"}`;
  const fields = await readFormBody(request);
  if (fields === null || fields === "too_large") return unreadable(path, fields);
  const outcome = await postInvitationSurvey(await getDb(), { token, fields, locale: await getLocale(), client: await requestClient() });
  return respondToPost(path, outcome);
}
