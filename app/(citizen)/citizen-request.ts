import { cookies, headers } from "next/headers";
import { NextResponse, type NextRequest } from "next/server";
import { authSecret, getEnv } from "@/lib/env";
import { getLocale, isLocale, LOCALE_COOKIE, type Locale } from "@/lib/i18n";
import { clientKey, requestClientAddress } from "@/lib/rate-limit";
import { decodeView, EMPTY_DRAFT, encodeView, MAX_BODY_BYTES, type FollowUpView, type PageOutcome, type PostOutcome, type SurveyView } from "@/lib/survey/submission";

// The route handler of a post asks the page to render what it decided, with this header.
export const VIEW_HEADER = "x-survey-view";

/** The keyed hash of the client's address, for rate limits. The address itself is never kept. */
export async function requestClient(): Promise<string> {
  return clientKey(authSecret(), requestClientAddress(await headers()));
}

/** The case a sheet just opened, for its thank-you page (set by `respondToPost`), if any. */
export async function followUpShown(): Promise<FollowUpView | undefined> {
  const view = decodeView(authSecret(), (await cookies()).get(FOLLOW_UP_COOKIE)?.value);
  return view && "thanks" in view ? view.thanks : undefined;
}

/** What a post's route handler asked this page to show, if anything. */
export async function requestedView(): Promise<SurveyView | null> {
  return decodeView(authSecret(), (await headers()).get(VIEW_HEADER));
}

/** The posted fields, or null when the body is too large or not a form. */
export async function readFormBody(request: NextRequest): Promise<[string, string][] | null | "too_large"> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_BODY_BYTES) return "too_large";
  const type = request.headers.get("content-type") ?? "";
  if (!type.startsWith("application/x-www-form-urlencoded")) return null;
  const body = await request.text();
  if (Buffer.byteLength(body) > MAX_BODY_BYTES) return "too_large";
  return [...new URLSearchParams(body).entries()];
}

/**
 * Sends a survey page with the status its outcome calls for. Next gives a page only 200, 404,
 * 403 or 401, and a page's 404 is rendered by client script; so the citizen's URLs are route
 * handlers that decide (lib/survey/submission.ts) and ask the page at `<path>/view` to render the
 * decision through an internal GET carrying a signed view (docs/decisions/005-survey-form-endpoint.md).
 */
export async function renderView(
  pagePath: string,
  outcome: PageOutcome & { switchTo?: Locale },
): Promise<Response> {
  const response = await renderSignedPage(pagePath, { [VIEW_HEADER]: encodeView(authSecret(), outcome.view) }, outcome, outcome.switchTo);
  if (outcome.switchTo && isLocale(outcome.switchTo)) {
    response.cookies.set(LOCALE_COOKIE, outcome.switchTo, { path: "/", maxAge: 365 * 24 * 3600, sameSite: "lax" });
  }
  return response;
}

/** Fetches `<path>/view` with a signed view header and sends its HTML, without script, with the decided status. */
export async function renderSignedPage(
  pagePath: string,
  viewHeaders: Record<string, string>,
  outcome: { status: number; retryAfterSeconds?: number },
  switchTo?: Locale,
): Promise<NextResponse> {
  const locale: Locale = switchTo ?? (await getLocale());
  const page = await fetch(`http://127.0.0.1:${getEnv().PORT}${pagePath}/view`, {
    headers: { ...viewHeaders, cookie: `${LOCALE_COOKIE}=${locale}` },
    cache: "no-store",
    redirect: "manual",
  });
  if (!page.ok) {
    // The page itself failed: a bug, logged without the path (it carries the token).
    console.error(`citizen page could not be rendered: HTTP ${page.status}`);
    return new NextResponse(null, { status: 500 });
  }
  const response = new NextResponse(withoutScripts(await page.text()), {
    status: outcome.status,
    headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" },
  });
  if (outcome.retryAfterSeconds) response.headers.set("retry-after", String(outcome.retryAfterSeconds));
  return response;
}

/**
 * The citizen's pages are plain HTML forms that do everything without script, so Next's client
 * runtime (about 150 KB) would only cost a slow phone seconds: it is left out. Script content
 * cannot contain `</script>` (the browser would end the element there too), so the pattern
 * removes exactly the elements the browser would run.
 */
export function withoutScripts(html: string): string {
  return html.replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, "").replace(/<link\b[^>]*\bas="script"[^>]*>/gi, "");
}

// The thank-you page of a sheet that opened a case shows its reference and status link for this
// long (a reload included): long enough to note them, short enough that a shared phone forgets.
const FOLLOW_UP_SECONDS = 30 * 60;
export const FOLLOW_UP_COOKIE = "hl_follow_up";

/** Answers a survey post: 303 to the thank-you page, or the survey page with its status. */
export async function respondToPost(pagePath: string, outcome: PostOutcome): Promise<Response> {
  if (outcome.kind === "thanks") {
    // A relative location: behind a proxy, or on 127.0.0.1 against "localhost", the server's own
    // idea of its origin is not the citizen's, and the language cookie belongs to the citizen's.
    const response = new NextResponse(null, { status: 303, headers: { location: `${pagePath}/thanks` } });
    if (outcome.status === 200) {
      // A sheet that opened a case: its reference and status token go to that one thank-you page
      // in a signed cookie, never in a URL; the survey link reopened does not show them.
      response.cookies.set(FOLLOW_UP_COOKIE, encodeView(authSecret(), { thanks: outcome.followUp }), {
        path: `${pagePath}/thanks`,
        maxAge: FOLLOW_UP_SECONDS,
        httpOnly: true,
        sameSite: "lax",
      });
    }
    return response;
  }
  if (outcome.kind === "state") {
    return renderView(pagePath, { status: outcome.status, view: { state: outcome.state }, retryAfterSeconds: outcome.retryAfterSeconds });
  }
  return renderView(pagePath, { status: outcome.status, view: { draft: outcome.draft }, switchTo: outcome.switchTo });
}

/** The body of a post that is too large or not a form: the page again, saying so. */
export function unreadable(pagePath: string, reason: "too_large" | null): Promise<Response> {
  const status = reason === "too_large" ? 413 : 415;
  return respondToPost(pagePath, { kind: "form", status, draft: { ...EMPTY_DRAFT, status: "invalid", errors: { form: "malformed" } } });
}
