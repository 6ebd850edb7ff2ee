import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
// @ts-expect-error next.config.js is plain JavaScript (typed by its JSDoc, not a declaration file)
import nextConfig from "@/next.config.js";
import { MAX_BODY_BYTES as API_MAX_BODY_BYTES } from "@/lib/integration/api";
import { MAX_BODY_BYTES as SURVEY_MAX_BODY_BYTES } from "@/lib/survey/submission";
import { parseTrustProxy } from "./client-address";
import { attachEdge, BODY_LIMITS, createEdge, NOT_FOUND_PATH } from "./edge";

// The edge in front of a stand-in for Next's handler that reports what reached it. Nothing here
// waits for a length of time: every step waits for a response, an event or a socket's end.
type Seen = { url: string; headers: IncomingMessage["headers"]; body: Buffer };

const servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => (s.closeAllConnections(), s.close(r)))));
});

async function startEdge(options: { trustProxy?: string; publicUrl?: string; respond?: (req: IncomingMessage, res: ServerResponse) => void } = {}) {
  const seen: Seen[] = [];
  const closedSockets: number[] = [];
  const server = http.createServer();
  attachEdge(
    server,
    createEdge({
      trustProxy: parseTrustProxy(options.trustProxy),
      publicUrl: options.publicUrl ?? "http://localhost:3000",
      handler: async (req, res) => {
        const chunks: Buffer[] = [];
        for await (const chunk of req) chunks.push(chunk as Buffer);
        seen.push({ url: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks) });
        if (options.respond) return options.respond(req, res);
        res.setHeader("content-type", "application/json");
        res.end(JSON.stringify({ client: req.headers["x-hl-client"], forwardedFor: req.headers["x-forwarded-for"] }));
      },
    }),
  );
  server.on("connection", (socket) => socket.on("close", () => closedSockets.push(socket.bytesRead)));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { port: (server.address() as AddressInfo).port, seen, closedSockets };
}

type Answer = { status: number; headers: IncomingMessage["headers"]; body: string };

function request(port: number, options: http.RequestOptions & { body?: string | Buffer } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, ...options }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on("error", reject);
    req.end(options.body);
  });
}

/** Streams `total` bytes chunked until the server answers; resolves with the answer's status. */
function streamChunked(port: number, path: string, total: number): Promise<number> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = http.request({
      host: "127.0.0.1",
      port,
      method: "POST",
      path,
      headers: { "content-type": "application/x-www-form-urlencoded", "transfer-encoding": "chunked" },
    });
    req.on("response", (res) => {
      answered = true;
      res.resume();
      resolve(res.statusCode ?? 0);
      req.destroy();
    });
    // Once the server has stopped reading, writes fail: expected, after its answer.
    req.on("error", (err) => (answered ? undefined : reject(err)));
    const chunk = Buffer.alloc(64 * 1024, "a");
    let sent = 0;
    const pump = () => {
      while (!answered && sent < total) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", pump);
      }
      if (!answered) req.end();
    };
    pump();
  });
}

describe("the client address", () => {
  it("is the socket address without TRUST_PROXY: forged forwarding headers and a forged client header are dropped", async () => {
    const { port, seen } = await startEdge();
    const answer = await request(port, { path: "/api/health", headers: { "x-forwarded-for": "203.0.113.7", "x-hl-client": "198.51.100.2", "x-forwarded-host": "evil.example" } });
    expect(JSON.parse(answer.body)).toEqual({ client: "127.0.0.1", forwardedFor: "127.0.0.1" });
    expect(seen[0]!.headers["x-forwarded-host"]).toBeUndefined();
  });

  it("with TRUST_PROXY=1 is what the proxy in front says, so two clients behind it are told apart", async () => {
    const { port } = await startEdge({ trustProxy: "1" });
    // The stand-in proxy on loopback appends the address it received from; the first client
    // also sent a forged value of its own, which stays to the left and is ignored.
    const a = await request(port, { path: "/api/health", headers: { "x-forwarded-for": "10.66.0.1, 203.0.113.7" } });
    const b = await request(port, { path: "/api/health", headers: { "x-forwarded-for": "203.0.113.8" } });
    expect(JSON.parse(a.body).client).toBe("203.0.113.7");
    expect(JSON.parse(a.body).forwardedFor).toBe("203.0.113.7");
    expect(JSON.parse(b.body).client).toBe("203.0.113.8");
  });

  it("ignores the forwarding headers of a peer that is not in the TRUST_PROXY list", async () => {
    const { port, seen } = await startEdge({ trustProxy: "10.0.0.0/8" });
    const answer = await request(port, { path: "/api/health", headers: { "x-forwarded-for": "203.0.113.7", "x-forwarded-proto": "https" } });
    expect(JSON.parse(answer.body).client).toBe("127.0.0.1");
    expect(seen[0]!.headers["x-forwarded-proto"]).toBeUndefined();
  });
});

describe("bodies", () => {
  it("uses the limits the handlers themselves check", () => {
    expect(BODY_LIMITS.citizen).toBe(SURVEY_MAX_BODY_BYTES);
    expect(BODY_LIMITS.api).toBe(API_MAX_BODY_BYTES);
    expect((nextConfig as { experimental: { serverActions: { bodySizeLimit: string } } }).experimental.serverActions.bodySizeLimit).toBe("2mb");
    expect(BODY_LIMITS.action).toBe(2 * 1024 * 1024);
  });

  // The survey's route handler answers an oversized post itself, with its page, from the length.
  const surveyRoute = (req: IncomingMessage, res: ServerResponse) => {
    res.statusCode = Number(req.headers["content-length"]) > SURVEY_MAX_BODY_BYTES ? 413 : 200;
    res.end("Phiếu gửi lên không đọc được.");
  };

  it("cuts a chunked 10 MB survey post at the limit without reading it; the route gets no body, only the verdict", async () => {
    const { port, seen, closedSockets } = await startEdge({ respond: surveyRoute });
    expect(await streamChunked(port, "/s/abcdefgh/answer", 10 * 1024 * 1024)).toBe(413);
    // The server closes its socket once the client has gone (or after a small cap): count what it read.
    await new Promise<void>((resolve) => {
      const check = () => (closedSockets.length > 0 ? resolve() : setImmediate(check));
      check();
    });
    expect(closedSockets[0]!).toBeLessThan(1024 * 1024);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.body.length).toBe(0);
    expect(Number(seen[0]!.headers["content-length"])).toBeGreaterThan(BODY_LIMITS.citizen);
  });

  it("hands a survey post whose declared length is over the limit to its page unread", async () => {
    const { port, seen } = await startEdge({ respond: surveyRoute });
    const answer = await request(port, { method: "POST", path: "/q/abc/answer", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "x".repeat(40_000) });
    expect(answer.status).toBe(413);
    expect(answer.body).toBe("Phiếu gửi lên không đọc được.");
    expect(answer.headers.connection).toBe("close");
    expect(seen[0]!.body.length).toBe(0);
  });

  it("refuses a declared Content-Length over the limit unread, with problem+json on the API", async () => {
    const { port, seen } = await startEdge();
    const answer = await request(port, { method: "POST", path: "/api/v1/dossiers", headers: { "content-type": "application/json", "content-length": String(3 * 1024 * 1024) } });
    expect(answer.status).toBe(413);
    expect(answer.headers["content-type"]).toContain("application/problem+json");
    expect(JSON.parse(answer.body).status).toBe(413);
    expect(seen).toHaveLength(0);
  });

  it("hands a chunked body within the limit to Next whole, with its length", async () => {
    const { port, seen } = await startEdge();
    const body = "answer=5&".repeat(1000);
    const answer = await request(port, { method: "POST", path: "/q/abc/answer", headers: { "content-type": "application/x-www-form-urlencoded", "transfer-encoding": "chunked" }, body });
    expect(answer.status).toBe(200);
    expect(seen[0]!.body.toString()).toBe(body);
    expect(seen[0]!.headers["content-length"]).toBe(String(Buffer.byteLength(body)));
    expect(seen[0]!.headers["transfer-encoding"]).toBeUndefined();
  });

  it("limits the sign-in to a few kilobytes and server actions to 2 MB", async () => {
    const { port } = await startEdge();
    const big = "x".repeat(BODY_LIMITS.signIn + 1);
    const signIn = await request(port, { method: "POST", path: "/api/auth/callback/credentials", headers: { "content-type": "application/x-www-form-urlencoded" }, body: big });
    expect(signIn.status).toBe(413);
    const action = await request(port, { method: "POST", path: "/admin/procedures", headers: { "next-action": "abc", "content-type": "text/plain;charset=UTF-8" }, body: "x".repeat(1024 * 1024) });
    expect(action.status).toBe(200);
    const other = await request(port, { method: "POST", path: "/admin/procedures", headers: { "content-type": "text/plain" }, body: "x".repeat(BODY_LIMITS.other + 1) });
    expect(other.status).toBe(413);
  });
});

describe("bad input", () => {
  it("sends a page path that cannot be decoded to the not-found page, and answers the API with problem+json", async () => {
    const { port, seen } = await startEdge({ respond: (_req, res) => ((res.statusCode = 404), res.end("not found page")) });
    const page = await request(port, { path: "/s/%C3%28" });
    expect(page.status).toBe(404);
    expect(seen[0]!.url).toBe(NOT_FOUND_PATH);
    const api = await request(port, { path: "/api/v1/invitations/%FF" });
    expect(api.status).toBe(400);
    expect(api.headers["content-type"]).toContain("application/problem+json");
    expect(JSON.parse(api.body)).toMatchObject({ status: 400, title: "Invalid request" });
    expect(seen).toHaveLength(1);
  });

  it("answers a broken JSON body at the sign-in with 400, and passes a valid one on", async () => {
    const { port, seen } = await startEdge();
    const broken = await request(port, { method: "POST", path: "/api/auth/callback/credentials", headers: { "content-type": "application/json" }, body: "{bad" });
    expect(broken.status).toBe(400);
    expect(JSON.parse(broken.body).detail).toBe("The body is not valid JSON.");
    expect(seen).toHaveLength(0);
    const valid = await request(port, { method: "POST", path: "/api/auth/callback/credentials", headers: { "content-type": "application/json" }, body: '{"username":"a"}' });
    expect(valid.status).toBe(200);
    expect(seen[0]!.body.toString()).toBe('{"username":"a"}');
  });

  it("refuses a cross-site server action with 403 and lets a same-site one through", async () => {
    const { port, seen } = await startEdge();
    const headers = { "next-action": "7f00", "content-type": "text/plain;charset=UTF-8" };
    for (const origin of ["https://evil.example", "garbage", "null"]) {
      const answer = await request(port, { method: "POST", path: "/admin", headers: { ...headers, origin }, body: "[]" });
      expect(answer.status, origin).toBe(403);
    }
    expect(seen).toHaveLength(0);
    const same = await request(port, { method: "POST", path: "/admin", headers: { ...headers, origin: `http://127.0.0.1:${port}` }, body: "[]" });
    expect(same.status).toBe(200);
  });

  it("lets a citizen's form post through: it goes to a route handler, and a page without referrer posts with Origin: null", async () => {
    const { port, seen } = await startEdge();
    const form = { "content-type": "application/x-www-form-urlencoded", origin: "null" };
    const answer = await request(port, { method: "POST", path: "/s/abcdefghijklmnopqrstuv/answer", headers: form, body: "q.S1=5" });
    expect(answer.status).toBe(200);
    const standing = await request(port, { method: "POST", path: "/q/POSTER1/answer", headers: form, body: "q.S1=5" });
    expect(standing.status).toBe(200);
    expect(seen).toHaveLength(2);
  });
});

describe("security headers", () => {
  const directive = (policy: string | undefined, name: string) => policy?.split("; ").find((d) => d.startsWith(`${name} `));

  it("puts a nonce policy on staff pages and gives Next the same nonce; citizen pages run no script; only /s/ may be framed", async () => {
    const { port, seen } = await startEdge();
    const staff = await request(port, { path: "/dashboard", headers: { "content-security-policy": "script-src 'nonce-forged'" } });
    const policy = staff.headers["content-security-policy"] as string;
    const nonce = /'nonce-([^']+)'/.exec(directive(policy, "script-src") ?? "")?.[1];
    expect(nonce).toBeTruthy();
    expect(nonce).not.toBe("forged");
    expect(seen[0]!.headers["content-security-policy"]).toBe(policy);
    expect(directive(policy, "frame-ancestors")).toBe("frame-ancestors 'none'");
    expect(directive(policy, "style-src")).toBe("style-src 'self' 'unsafe-inline'");
    expect(policy).not.toMatch(/script-src[^;]*'unsafe-inline'/);

    const survey = await request(port, { path: "/s/abcdefgh" });
    const citizen = survey.headers["content-security-policy"] as string;
    expect(directive(citizen, "script-src")).toBe("script-src 'none'");
    expect(directive(citizen, "frame-ancestors")).toBe("frame-ancestors 'self'");
    expect(directive((await request(port, { path: "/q/abc/answer", method: "POST" })).headers["content-security-policy"] as string, "script-src")).toBe("script-src 'none'");
    // No HSTS over plain http.
    expect(staff.headers["strict-transport-security"]).toBeUndefined();
  });

  it("adds HSTS and makes every cookie Secure when PUBLIC_URL is https", async () => {
    const { port } = await startEdge({
      publicUrl: "https://hailong.example.gov.vn",
      respond: (req, res) => {
        if (req.url === "/head") {
          res.writeHead(200, { "set-cookie": ["a=1; Path=/", "b=2; Path=/; Secure"] });
          return res.end();
        }
        res.setHeader("set-cookie", "next-auth.session-token=x; Path=/; HttpOnly; SameSite=Lax");
        res.appendHeader("set-cookie", "hl_locale=en; Path=/");
        res.end();
      },
    });
    const answer = await request(port, { path: "/login" });
    expect(answer.headers["strict-transport-security"]).toBe("max-age=31536000");
    expect(answer.headers["set-cookie"]).toEqual(["next-auth.session-token=x; Path=/; HttpOnly; SameSite=Lax; Secure", "hl_locale=en; Path=/; Secure"]);
    const head = await request(port, { path: "/head" });
    expect(head.headers["set-cookie"]).toEqual(["a=1; Path=/; Secure", "b=2; Path=/; Secure"]);
  });
});
