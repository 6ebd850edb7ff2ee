import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { parseTrustProxy } from "@/lib/http/client-address";
import { attachEdge, createEdge } from "@/lib/http/edge";
import { clientKey, hitRateLimit, requestClientAddress } from "@/lib/rate-limit";
import { createTestDatabase } from "@/tests/helpers/test-db";

// The per-client limits as the route handlers apply them, behind the real edge: the stand-in
// for Next's handler counts hits per client key in the database (lib/rate-limit.ts), 5 a window.
const SECRET = "test-secret-test-secret";
// One fixed moment: every hit falls in the same window however slowly the test runs.
const NOW = new Date("2026-03-02T03:15:00Z");
let database: Database;
const servers: http.Server[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((r) => (s.closeAllConnections(), s.close(r)))));
  await database.close();
});

async function limitedServer(trustProxy: string | undefined, scope: string): Promise<number> {
  const server = http.createServer();
  attachEdge(
    server,
    createEdge({
      trustProxy: parseTrustProxy(trustProxy),
      publicUrl: "http://localhost:3000",
      handler: async (req, res) => {
        const client = clientKey(SECRET, requestClientAddress(req.headers));
        const hit = await hitRateLimit(database.db, { key: `${scope}:${client}`, limit: 5, windowSeconds: 3600 }, NOW);
        res.statusCode = hit.allowed ? 200 : 429;
        res.end();
      },
    }),
  );
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}

function get(port: number, forwardedFor: string, from?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: "127.0.0.1", port, path: "/q/abc", localAddress: from, headers: { "x-forwarded-for": forwardedFor } }, (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      })
      .on("error", reject);
  });
}

describe("per-client limits behind the edge", () => {
  it("are not raised by a client that sends a new X-Forwarded-For each time", async () => {
    const port = await limitedServer(undefined, "forged");
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push(await get(port, `203.0.113.${i + 1}`));
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429, 429, 429, 429]);
  });

  it("count two clients apart behind a trusted proxy (TRUST_PROXY=1)", async () => {
    const port = await limitedServer("1", "proxied");
    // This test process is the proxy on loopback: it appends the address each client came from,
    // after whatever the client wrote itself.
    const a: number[] = [];
    for (let i = 0; i < 6; i++) a.push(await get(port, `10.0.0.${i}, 198.51.100.10`));
    expect(a).toEqual([200, 200, 200, 200, 200, 429]);
    const b: number[] = [];
    for (let i = 0; i < 5; i++) b.push(await get(port, "198.51.100.11"));
    expect(b).toEqual([200, 200, 200, 200, 200]);
  });
});

// Debian's nginx, as a province runs it in front of the servers (README, deployment). CI installs
// it (.ci/run); without it this part says so and does not run.
const NGINX = ["/usr/sbin/nginx", "/usr/bin/nginx"].find((p) => fs.existsSync(p));

async function freePort(): Promise<number> {
  const probe = http.createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const port = (probe.address() as AddressInfo).port;
  await new Promise((r) => probe.close(r));
  return port;
}

/** nginx on loopback in front of `upstream`, with the forwarding header a real deployment sets. */
async function startNginx(upstream: number): Promise<{ port: number; stop(): Promise<void> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hl-nginx-"));
  const port = await freePort();
  fs.writeFileSync(
    path.join(dir, "nginx.conf"),
    `daemon off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://127.0.0.1:${upstream};
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
    }
  }
}
`,
  );
  const child: ChildProcess = spawn(NGINX!, ["-p", dir, "-c", path.join(dir, "nginx.conf")], { stdio: "ignore" });
  // Ready when it accepts a connection: waits for the event, the deadline only bounds a failure.
  const deadline = Date.now() + 60_000;
  for (;;) {
    const up = await new Promise<boolean>((resolve) => {
      const req = http.get({ host: "127.0.0.1", port, path: "/health-probe" }, (res) => (res.resume(), resolve(true)));
      req.on("error", () => resolve(false));
    });
    if (up) break;
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`nginx did not start: ${fs.readFileSync(path.join(dir, "error.log"), "utf8")}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    port,
    async stop() {
      child.kill("SIGTERM");
      await new Promise((r) => (child.exitCode !== null ? r(null) : child.once("exit", r)));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

describe.skipIf(!NGINX)("per-client limits behind a real nginx", () => {
  it("count two clients apart by the address nginx saw, whatever they forge (TRUST_PROXY=127.0.0.1)", async () => {
    const upstream = await limitedServer("127.0.0.1", "nginx");
    const proxy = await startNginx(upstream);
    try {
      // Client A (from 127.0.0.2) forges a new X-Forwarded-For each time: nginx appends the real one.
      const a: number[] = [];
      for (let i = 0; i < 6; i++) a.push(await get(proxy.port, `203.0.113.${i + 1}`, "127.0.0.2"));
      expect(a).toEqual([200, 200, 200, 200, 200, 429]);
      // Client B (from 127.0.0.3) still has its own five.
      const b: number[] = [];
      for (let i = 0; i < 5; i++) b.push(await get(proxy.port, "203.0.113.99", "127.0.0.3"));
      expect(b).toEqual([200, 200, 200, 200, 200]);
    } finally {
      await proxy.stop();
    }
  });
});
