import { NextResponse, type NextRequest } from "next/server";
import { safeRedirectPath } from "@/lib/http/redirect-target";
import { isLocale, LOCALE_COOKIE } from "@/lib/i18n";

/** Switches the interface language with a plain link, so it works without JavaScript. */
export function GET(request: NextRequest) {
  const to = request.nextUrl.searchParams.get("to");
  // Only a path on this site: never an open redirect.
  const target = safeRedirectPath(request.nextUrl.searchParams.get("back"));
  // Relative: the server's idea of its own origin ("localhost") is not always the visitor's, and
  // the cookie set here must go with the visitor to the page they came from.
  const response = new NextResponse(null, { status: 303, headers: { location: target } });
  if (isLocale(to)) {
    response.cookies.set(LOCALE_COOKIE, to, { path: "/", maxAge: 365 * 24 * 3600, sameSite: "lax" });
  }
  return response;
}
