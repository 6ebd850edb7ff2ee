/**
 * The citizen's survey on a slow phone: a production build in Chromium with the network
 * throttled to 400 kbit/s and 400 ms latency and the CPU slowed 4×. Prints the bytes of a first
 * visit (all, and JavaScript alone), the Largest Contentful Paint, and the time until the form
 * can be submitted with JavaScript disabled. A benchmark, not a test: it asserts nothing.
 *
 *   npm run bench:survey-page                      # starts its own server (builds if needed)
 *   BENCH_URL=http://host:port/s/<token> npm run bench:survey-page   # a running server
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import { chromium, type Browser, type BrowserContext } from "@playwright/test";

const TARGET_BYTES = 150 * 1024;
const TARGET_LCP_MS = 2500;
// 400 kbit/s each way, 400 ms round trip: a crowded 3G cell in a commune hall.
const NETWORK = { offline: false, latency: 400, downloadThroughput: (400 * 1000) / 8, uploadThroughput: (400 * 1000) / 8 };
const CPU_SLOWDOWN = 4;
const RUNS = 3;

function chromiumPath(): string {
  return process.env.CHROMIUM_PATH ?? ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => fs.existsSync(p)) ?? "/usr/bin/chromium";
}

/** Starts `npm start` on a port and data folder of its own and reads the live survey link it prints. */
async function startServer(): Promise<{ url: string; server: ChildProcess }> {
  const port = process.env.BENCH_PORT ?? "3190";
  const dataDir = process.env.BENCH_DATA_DIR ?? ".data/bench-survey-page";
  fs.rmSync(dataDir, { recursive: true, force: true });
  const server = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
    env: { ...process.env, NODE_ENV: "production", PORT: port, DATA_DIR: dataDir, DATABASE_URL: "", PUBLIC_URL: `http://127.0.0.1:${port}`, NEXT_TELEMETRY_DISABLED: "1" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let buffer = "";
    server.stdout!.on("data", (chunk: Buffer) => {
      buffer += chunk.toString();
      const match = /live survey link[^:]*: (\S+)/.exec(buffer);
      if (match) resolve(match[1]!);
    });
    server.on("exit", (code) => reject(new Error(`the server stopped (exit ${code}) before printing a survey link`)));
    setTimeout(() => reject(new Error("no survey link within 10 minutes")), 600_000).unref();
  });
  return { url, server };
}

async function throttled(browser: Browser, javaScriptEnabled: boolean) {
  const context: BrowserContext = await browser.newContext({ viewport: { width: 360, height: 740 }, javaScriptEnabled, deviceScaleFactor: 2, isMobile: true });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  await cdp.send("Network.emulateNetworkConditions", NETWORK);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: CPU_SLOWDOWN });
  const types = new Map<string, string>();
  const bytes = { all: 0, js: 0, requests: 0 };
  cdp.on("Network.responseReceived", (e) => types.set(e.requestId, e.type));
  cdp.on("Network.loadingFinished", (e) => {
    bytes.all += e.encodedDataLength;
    bytes.requests += 1;
    if (types.get(e.requestId) === "Script") bytes.js += e.encodedDataLength;
  });
  return { context, page, bytes };
}

async function firstVisit(browser: Browser, url: string) {
  const { context, page, bytes } = await throttled(browser, true);
  await page.goto(url, { waitUntil: "load", timeout: 120_000 });
  await page.waitForLoadState("networkidle", { timeout: 120_000 });
  const lcp = await page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        new PerformanceObserver((list) => {
          const entries = list.getEntries();
          resolve(entries[entries.length - 1]!.startTime);
        }).observe({ type: "largest-contentful-paint", buffered: true });
        setTimeout(() => resolve(Number.NaN), 5000);
      }),
  );
  await context.close();
  return { ...bytes, lcp };
}

async function submittableWithoutJs(browser: Browser, url: string) {
  const { context, page } = await throttled(browser, false);
  const started = performance.now();
  await page.goto(url, { waitUntil: "commit", timeout: 120_000 });
  // Submittable: the submit button is laid out (after the stylesheet) with the whole form above it.
  await page.getByRole("button", { name: "Gửi đánh giá" }).waitFor({ state: "visible", timeout: 120_000 });
  const ms = performance.now() - started;
  await context.close();
  return ms;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

const started = process.env.BENCH_URL ? { url: process.env.BENCH_URL, server: null } : await startServer();
const browser = await chromium.launch({ executablePath: chromiumPath(), args: ["--no-sandbox", "--disable-gpu", "--disable-quic"] });
try {
  // Every run is a first visit (fresh context, cache off); the link stays open because nothing is submitted.
  const visits = [];
  for (let i = 0; i < RUNS; i++) visits.push(await firstVisit(browser, started.url));
  const noJs = [];
  for (let i = 0; i < RUNS; i++) noJs.push(await submittableWithoutJs(browser, started.url));
  const all = median(visits.map((v) => v.all));
  const js = median(visits.map((v) => v.js));
  const lcp = median(visits.map((v) => v.lcp));
  const form = median(noJs);
  console.log(`survey page, ${RUNS} runs each, median; network 400 kbit/s, 400 ms latency; CPU ${CPU_SLOWDOWN}× slower; 360 px phone`);
  console.log(`  transferred, first visit:      ${kb(all)} in ${median(visits.map((v) => v.requests))} requests (target ≤ ${kb(TARGET_BYTES)}: ${all <= TARGET_BYTES ? "met" : "MISSED"})`);
  console.log(`  of which JavaScript:           ${kb(js)}`);
  console.log(`  Largest Contentful Paint:      ${Math.round(lcp)} ms (target ≤ ${TARGET_LCP_MS} ms: ${lcp <= TARGET_LCP_MS ? "met" : "MISSED"})`);
  console.log(`  submittable, JavaScript off:   ${Math.round(form)} ms`);
} finally {
  await browser.close();
  started.server?.kill("SIGTERM");
}
