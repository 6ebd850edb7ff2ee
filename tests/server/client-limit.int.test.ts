import http from "node:http";
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

function get(port: number, forwardedFor: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: "127.0.0.1", port, path: "/q/abc", headers: { "x-forwarded-for": forwardedFor } }, (res) => {
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
