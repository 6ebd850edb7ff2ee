import { NextResponse, type NextRequest } from "next/server";
import { isLocale, LOCALE_COOKIE } from "@/lib/i18n";

/** Switches the interface language with a plain link, so it works without JavaScript. */
export function GET(request: NextRequest) {
  const to = request.nextUrl.searchParams.get("to");
  const back = request.nextUrl.searchParams.get("back") ?? "/";
  // Only a path on this site: never an open redirect.
  const target = back.startsWith("/") && !back.startsWith("//") ? back : "/";
  const response = NextResponse.redirect(new URL(target, request.nextUrl.origin), 303);
  if (isLocale(to)) {
    response.cookies.set(LOCALE_COOKIE, to, { path: "/", maxAge: 365 * 24 * 3600, sameSite: "lax" });
  }
  return response;
}
