import crypto from "node:crypto";
import { IncomingMessage, type Server, type ServerResponse } from "node:http";
import { CLIENT_HEADER, isTrustedPeer, resolveClient, type TrustProxy } from "./client-address";

/*
 * The edge of the server (docs/decisions/014-custom-server.md): everything that must be decided
 * from the socket, or before Next reads a request, happens here, in front of Next's request
 * handler: who the client is, how large a body may be, whether the path can be decoded at all,
 * and the security headers of every response.
 */

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => unknown;

export type EdgeOptions = {
  trustProxy: TrustProxy;
  /** PUBLIC_URL (or the local address): https turns on HSTS and Secure cookies. */
  publicUrl: string;
  /** Next's request handler (or, in tests, a stand-in). */
  handler: RequestHandler;
  /** Errors of the handler; the edge answers 500 if nothing was sent. */
  onError?: (err: unknown) => void;
};

// Kept equal to the limits the handlers check themselves (a unit test compares them): the
// survey form (lib/survey/submission.ts MAX_BODY_BYTES), the integration API
// (lib/integration/api.ts MAX_BODY_BYTES) and server actions (next.config.js bodySizeLimit).
export const BODY_LIMITS = {
  citizen: 32 * 1024,
  api: 2 * 1024 * 1024,
  action: 2 * 1024 * 1024,
  // A user name, a password, a CSRF token and a callback URL.
  signIn: 8 * 1024,
  other: 16 * 1024,
} as const;

const CITIZEN_PATH = /^\/(?:s|q|theo-doi)\//;
// The citizen's own pages are made by route handlers and carry no script at all; the thank-you
// pages are ordinary Next pages (with Next's scripts) and get the nonce policy.
const SCRIPT_FREE_PATH = /^\/(?:s|q|theo-doi)\/[^/]+(?:\/(?:answer|view))?\/?$/;
// The counter tablet frames the survey links (and their thank-you pages) from its own origin.
const FRAMABLE_PATH = /^\/s\//;
// Answered by Next's not-found page, in the visitor's language (no route has this path).
export const NOT_FOUND_PATH = "/__hl/not-found";
const FORWARDING_HEADERS = ["x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "x-forwarded-port", "forwarded", "x-real-ip"];

/**
 * `ownPage`: over the limit, the request still goes to its route handler, with no body and a
 * Content-Length over the limit, so that the citizen sees the survey page saying so (the
 * handler checks the length before reading); elsewhere the edge answers itself.
 */
type BodyRule = { limit: number; kind: "api" | "page"; ownPage?: boolean };

/** The largest body a request to this path may carry. */
export function bodyRule(method: string, pathname: string, headers: IncomingMessage["headers"]): BodyRule {
  if (pathname.startsWith("/api/auth/")) return { limit: BODY_LIMITS.signIn, kind: "api" };
  if (pathname.startsWith("/api/v1/")) return { limit: BODY_LIMITS.api, kind: "api" };
  if (pathname === "/api" || pathname.startsWith("/api/")) return { limit: BODY_LIMITS.other, kind: "api" };
  if (CITIZEN_PATH.test(pathname)) return { limit: BODY_LIMITS.citizen, kind: "page", ownPage: true };
  if (isPossibleServerAction(method, headers)) return { limit: BODY_LIMITS.action, kind: "page" };
  return { limit: BODY_LIMITS.other, kind: "page" };
}

// The same test as Next's (server-action-request-meta): a fetch action names itself in a
// header, a form posted without script is multipart.
function isPossibleServerAction(method: string, headers: IncomingMessage["headers"]): boolean {
  if (method !== "POST") return false;
  const type = String(headers["content-type"] ?? "");
  return headers["next-action"] !== undefined || type.startsWith("multipart/form-data") || type === "application/x-www-form-urlencoded";
}

/** Whether every percent-escape of the path decodes to UTF-8. */
export function isDecodablePath(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return true;
  } catch {
    return false;
  }
}

/**
 * The Content-Security-Policy of a response. Scripts run only with this response's nonce (Next
 * puts it on its own script elements, read from the request's policy header); the citizen's
 * pages run none at all. Inline styles stay allowed because the build inlines the stylesheet
 * (experimental.inlineCss), and a nonce in style-src would switch 'unsafe-inline' off.
 */
export function contentSecurityPolicy(pathname: string, nonce: string): string {
  const scripts = SCRIPT_FREE_PATH.test(pathname) ? "'none'" : `'nonce-${nonce}' 'strict-dynamic' 'self'`;
  const ancestors = FRAMABLE_PATH.test(pathname) ? "'self'" : "'none'";
  return [
    "default-src 'self'",
    `script-src ${scripts}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "frame-src 'self'",
    `frame-ancestors ${ancestors}`,
    "form-action 'self'",
    "base-uri 'none'",
    "object-src 'none'",
  ].join("; ");
}

const HSTS = "max-age=31536000";

function problemBody(status: number, title: string, detail: string): string {
  return JSON.stringify({ type: `https://hailong.gov.vn/problems/${status}`, title, status, detail });
}

const PAGE_TEXT: Record<number, { vi: string; en: string }> = {
  400: { vi: "Yêu cầu không hợp lệ.", en: "The request is not valid." },
  403: { vi: "Yêu cầu từ trang khác bị từ chối.", en: "A request from another site was refused." },
  413: { vi: "Nội dung gửi lên quá lớn.", en: "What was sent is too large." },
};

// A refused upload's connection stays open this long, or for this many more bytes, so that the
// client can read the answer; then it is closed.
const LINGER_MS = 10_000;
const LINGER_BYTES = 256 * 1024;

/**
 * Closes the connection after the answer without reading the body. Closing a socket with unread
 * data makes the kernel reset the connection, which can reach the client before it has read the
 * answer; so the answer is followed by a half-close and the rest is read and dropped, but only
 * until the client goes away, a small cap, or a grace period, whichever comes first.
 */
function closeUnread(req: IncomingMessage): void {
  const socket = req.socket;
  socket.destroySoon = () => {
    socket.end();
    let dropped = 0;
    req.removeAllListeners("data");
    req.on("data", (chunk: Buffer) => {
      dropped += chunk.length;
      if (dropped > LINGER_BYTES) socket.destroy();
    });
    req.resume();
    const timer = setTimeout(() => socket.destroy(), LINGER_MS);
    timer.unref();
    socket.once("close", () => clearTimeout(timer));
  };
}

/** The edge's own answers: problem+json on the API, a plain Vietnamese page elsewhere. */
function refuse(res: ServerResponse, status: 400 | 403 | 413, kind: "api" | "page", detail: string, close = false): void {
  if (res.headersSent) return;
  res.statusCode = status;
  res.setHeader("cache-control", "no-store");
  if (close) {
    res.setHeader("connection", "close");
    closeUnread(res.req);
  }
  if (kind === "api") {
    const title = status === 413 ? "Request too large" : status === 403 ? "Forbidden" : "Invalid request";
    res.setHeader("content-type", "application/problem+json; charset=utf-8");
    res.end(problemBody(status, title, detail));
    return;
  }
  const text = PAGE_TEXT[status]!;
  res.setHeader("content-type", "text/html; charset=utf-8");
  res.end(
    `<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
      `<title>${text.vi}</title></head><body><main><h1>${text.vi}</h1><p lang="en">${text.en}</p><p><a href="/">Trang chủ</a></p></main></body></html>`,
  );
}

/** Adds `Secure` to every cookie the handler sets (the site is served over https). */
function secureCookies(res: ServerResponse): void {
  const secure = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(secure);
    if (typeof value !== "string") return value;
    return /;\s*secure\s*(;|$)/i.test(value) ? value : `${value}; Secure`;
  };
  const setHeader = res.setHeader.bind(res);
  res.setHeader = (name: string, value: number | string | readonly string[]) =>
    setHeader(name, name.toLowerCase() === "set-cookie" ? (secure(value) as string[]) : value);
  const appendHeader = res.appendHeader.bind(res);
  res.appendHeader = (name: string, value: string | readonly string[]) =>
    appendHeader(name, name.toLowerCase() === "set-cookie" ? (secure(value) as string[]) : value);
  const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => ServerResponse;
  res.writeHead = ((status: number, ...rest: unknown[]) => {
    const headers = rest.at(-1);
    if (Array.isArray(headers)) {
      // The flat [name, value, name, value] form.
      for (let i = 0; i + 1 < headers.length; i += 2) {
        if (String(headers[i]).toLowerCase() === "set-cookie") headers[i + 1] = secure(headers[i + 1]);
      }
    } else if (headers && typeof headers === "object") {
      for (const key of Object.keys(headers)) {
        if (key.toLowerCase() === "set-cookie") (headers as Record<string, unknown>)[key] = secure((headers as Record<string, unknown>)[key]);
      }
    }
    return writeHead(status, ...rest);
  }) as ServerResponse["writeHead"];
}

function flatten(headers: IncomingMessage["headers"]): string[] {
  return Object.entries(headers).flatMap(([name, value]) =>
    Array.isArray(value) ? value.flatMap((v) => [name, v]) : value === undefined ? [] : [name, value],
  );
}

// The raw list must say what the parsed headers say: nothing downstream may read a dropped one.
function syncRawHeaders(req: IncomingMessage): void {
  req.rawHeaders = flatten(req.headers);
}

/** The request again, with a body that has been read already (a chunked one, or one the edge had to check). */
function replay(req: IncomingMessage, body: Buffer): IncomingMessage {
  const copy = new IncomingMessage(req.socket);
  const headers: IncomingMessage["headers"] = { ...req.headers, "content-length": String(body.length) };
  delete headers["transfer-encoding"];
  copy.headers = headers;
  copy.rawHeaders = flatten(headers);
  copy.method = req.method;
  copy.url = req.url;
  copy.httpVersion = req.httpVersion;
  copy.httpVersionMajor = req.httpVersionMajor;
  copy.httpVersionMinor = req.httpVersionMinor;
  if (body.length > 0) copy.push(body);
  copy.push(null);
  copy.complete = true;
  return copy;
}

/**
 * Reads a body up to `limit` bytes. Past the limit it stops reading, so a client can never make
 * the server take in more than the limit and one network chunk.
 */
function readBounded(req: IncomingMessage, limit: number): Promise<Buffer | "too_large" | "aborted"> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (result: Buffer | "too_large" | "aborted") => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onError);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.pause();
        done("too_large");
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => done(Buffer.concat(chunks, size));
    const onError = () => done("aborted");
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onError);
  });
}

/** Host as Next compares it with Origin for server actions: X-Forwarded-Host first, then Host. */
function requestHost(headers: IncomingMessage["headers"]): string | undefined {
  const forwarded = headers["x-forwarded-host"];
  const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(",")[0]?.trim();
  return first || headers.host;
}

/**
 * Whether Next would abort this server action as cross-site (it answers that with a 500). The
 * citizen's forms and the API post to route handlers, which are not server actions: a citizen's
 * form post carries `Origin: null` (their pages send no referrer) and must not be taken for one.
 */
export function isCrossSiteAction(method: string, headers: IncomingMessage["headers"], pathname = "/"): boolean {
  if (CITIZEN_PATH.test(pathname) || pathname === "/api" || pathname.startsWith("/api/")) return false;
  if (!isPossibleServerAction(method, headers)) return false;
  const origin = headers.origin;
  if (origin === undefined) return false;
  let originHost: string;
  try {
    originHost = origin === "null" ? "null" : new URL(origin).host;
  } catch {
    return true;
  }
  return originHost !== requestHost(headers);
}

export type Edge = {
  handle: (req: IncomingMessage, res: ServerResponse) => void;
  /** For `Expect: 100-continue`: a body over the limit is refused before the client sends it. */
  checkContinue: (req: IncomingMessage, res: ServerResponse) => void;
};

export function createEdge(options: EdgeOptions): Edge {
  const https = options.publicUrl.startsWith("https://");

  async function handle(req: IncomingMessage, res: ServerResponse, expectsContinue: boolean): Promise<void> {
    const method = req.method ?? "GET";
    const url = req.url ?? "/";
    const query = url.indexOf("?");
    const pathname = query === -1 ? url : url.slice(0, query);

    // Only the edge speaks for the client and sets the policy Next takes its nonce from.
    const peerIsTrusted = isTrustedPeer(req.socket.remoteAddress, options.trustProxy);
    const client = resolveClient(req.socket.remoteAddress, req.headers["x-forwarded-for"], options.trustProxy);
    delete req.headers[CLIENT_HEADER];
    delete req.headers["content-security-policy"];
    delete req.headers["content-security-policy-report-only"];
    if (!peerIsTrusted) for (const name of FORWARDING_HEADERS) delete req.headers[name];
    req.headers["x-forwarded-for"] = client;
    req.headers[CLIENT_HEADER] = client;
    syncRawHeaders(req);

    const decodable = isDecodablePath(pathname);
    const policyPath = decodable ? pathname : NOT_FOUND_PATH;
    const nonce = crypto.randomBytes(16).toString("base64");
    const policy = contentSecurityPolicy(policyPath, nonce);
    res.setHeader("content-security-policy", policy);
    if (https) {
      res.setHeader("strict-transport-security", HSTS);
      secureCookies(res);
    }

    if (!decodable) {
      if (pathname === "/api" || pathname.startsWith("/api/")) return refuse(res, 400, "api", "The path is not valid percent-encoding.");
      req.url = NOT_FOUND_PATH;
    }
    const rule = bodyRule(method, decodable ? pathname : NOT_FOUND_PATH, req.headers);
    const declared = req.headers["content-length"];
    const chunked = req.headers["transfer-encoding"] !== undefined;
    const forward = async (request: IncomingMessage) => {
      request.headers["content-security-policy"] = policy;
      syncRawHeaders(request);
      await options.handler(request, res);
    };
    // Over the limit: nothing more is read and the connection is closed after the answer.
    const tooLarge = async (seen: number) => {
      if (!rule.ownPage) return refuse(res, 413, rule.kind, `The body is limited to ${rule.limit} bytes.`, true);
      res.setHeader("connection", "close");
      closeUnread(req);
      const empty = replay(req, Buffer.alloc(0));
      empty.headers["content-length"] = String(Math.max(seen, rule.limit + 1));
      await forward(empty);
    };
    if (declared !== undefined && Number(declared) > rule.limit) return tooLarge(Number(declared));
    if (expectsContinue) res.writeContinue();
    if (isCrossSiteAction(method, req.headers, decodable ? pathname : NOT_FOUND_PATH)) {
      return refuse(res, 403, "page", "A server action from another site was refused.");
    }

    // next-auth parses a JSON body without catching its errors: it is checked here.
    const signInJson = method === "POST" && pathname.startsWith("/api/auth/") && String(req.headers["content-type"] ?? "").includes("application/json");
    if (!chunked && !signInJson) return forward(req);
    const body = await readBounded(req, rule.limit);
    if (body === "aborted") return;
    if (body === "too_large") return tooLarge(rule.limit + 1);
    if (signInJson) {
      try {
        JSON.parse(body.toString("utf8"));
      } catch {
        return refuse(res, 400, "api", "The body is not valid JSON.");
      }
    }
    await forward(replay(req, body));
  }

  const run = (req: IncomingMessage, res: ServerResponse, expectsContinue: boolean) => {
    handle(req, res, expectsContinue).catch((err: unknown) => {
      options.onError?.(err);
      if (!res.headersSent) {
        res.statusCode = 500;
        res.setHeader("content-type", "text/plain; charset=utf-8");
        res.end("Internal error");
      } else {
        res.destroy();
      }
    });
  };
  return { handle: (req, res) => run(req, res, false), checkContinue: (req, res) => run(req, res, true) };
}

/** Puts the edge in front of a node:http server's requests. */
export function attachEdge(server: Server, edge: Edge): void {
  server.on("request", edge.handle);
  server.on("checkContinue", edge.checkContinue);
}
