/**
 * A real SMTP server for tests (smtp-server on 127.0.0.1) that keeps what it receives, and a tiny
 * webhook receiver (node:http). Both can be told to fail or to stall, so that retries and
 * crashes can be exercised against real sockets, not mocks.
 */
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { SMTPServer } from "smtp-server";

export type ReceivedMail = {
  from: string;
  to: string[];
  subject: string;
  /** The decoded text body. */
  text: string;
  headers: Record<string, string>;
  raw: string;
};

export type SmtpMode = "accept" | "fail" | "stall";

export type TestSmtpServer = {
  /** `smtp://127.0.0.1:<port>` for SMTP_URL. */
  url: string;
  port: number;
  messages: ReceivedMail[];
  /** Messages whose DATA the server has begun to receive (including stalled ones). */
  started: number;
  /** accept (250), fail (451 at the end of DATA) or stall (never answer DATA; those messages are dropped). */
  setMode(mode: SmtpMode): void;
  /** Waits until at least `count` messages arrived (polling; generous deadline). */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  close(): Promise<void>;
};

function decodeQuotedPrintable(text: string): Buffer {
  const soft = text.replace(/=\r?\n/g, "");
  const bytes: number[] = [];
  for (let i = 0; i < soft.length; i++) {
    const c = soft[i]!;
    if (c === "=" && /^[0-9A-Fa-f]{2}$/.test(soft.slice(i + 1, i + 3))) {
      bytes.push(parseInt(soft.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(c, "utf8"));
    }
  }
  return Buffer.from(bytes);
}

/** RFC 2047 encoded words (=?UTF-8?B?…?= and =?UTF-8?Q?…?=), as nodemailer writes non-ASCII subjects. */
function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, "?==?")
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_, _charset: string, enc: string, data: string) =>
      enc.toUpperCase() === "B" ? Buffer.from(data, "base64").toString("utf8") : decodeQuotedPrintable(data.replace(/_/g, " ")).toString("utf8"),
    );
}

/** Enough of a parser for single-part text mail: unfolded headers and the decoded body. */
export function parseMail(raw: string, envelope: { from: string; to: string[] }): ReceivedMail {
  const split = raw.search(/\r?\n\r?\n/);
  const head = split < 0 ? raw : raw.slice(0, split);
  const bodyRaw = split < 0 ? "" : raw.slice(split).replace(/^\r?\n\r?\n/, "");
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r?\n[ \t]+/g, " ").split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const encoding = (headers["content-transfer-encoding"] ?? "7bit").toLowerCase();
  const text =
    encoding === "quoted-printable"
      ? decodeQuotedPrintable(bodyRaw).toString("utf8")
      : encoding === "base64"
        ? Buffer.from(bodyRaw.replace(/\s+/g, ""), "base64").toString("utf8")
        : bodyRaw;
  return { from: envelope.from, to: envelope.to, subject: decodeWords(headers.subject ?? ""), text: text.replace(/\r\n/g, "\n"), headers, raw };
}

async function waitUntil<T>(probe: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Starts the server; `dir` (optional) receives each message as `<n>.eml` and `<n>.json` (for Playwright). */
export async function startSmtpServer(options: { port?: number; dir?: string; mode?: SmtpMode } = {}): Promise<TestSmtpServer> {
  let mode: SmtpMode = options.mode ?? "accept";
  const stalled = new Set<() => void>();
  const messages: ReceivedMail[] = [];
  let started = 0;
  if (options.dir) fs.mkdirSync(options.dir, { recursive: true });

  const server = new SMTPServer({
    // Plain SMTP on loopback: no certificate to trust, no account to configure.
    disabledCommands: ["STARTTLS", "AUTH"],
    authOptional: true,
    logger: false,
    // A stalled session must not keep the test's server from closing.
    socketTimeout: 120_000,
    closeTimeout: 1_000,
    onData(stream, session, callback) {
      started++;
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const finish = () => {
          if (mode === "fail") {
            const err = new Error("Try again later") as Error & { responseCode: number };
            err.responseCode = 451;
            callback(err);
            return;
          }
          const envelope = {
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
            to: session.envelope.rcptTo.map((r) => r.address),
          };
          const mail = parseMail(Buffer.concat(chunks).toString("utf8"), envelope);
          messages.push(mail);
          if (options.dir) {
            const n = String(messages.length).padStart(4, "0");
            fs.writeFileSync(path.join(options.dir, `${n}.eml`), mail.raw);
            fs.writeFileSync(path.join(options.dir, `${n}.json`), JSON.stringify({ from: mail.from, to: mail.to, subject: mail.subject, text: mail.text }, null, 2));
          }
          callback();
        };
        if (mode === "stall") stalled.add(finish);
        else finish();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  server.on("error", () => {});
  const port = (server.server.address() as AddressInfo).port;

  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    messages,
    get started() {
      return started;
    },
    setMode(next) {
      mode = next;
      // A stalled message is never accepted later: its client has timed out or died meanwhile,
      // so counting it as received would hide a message the sender must send again.
      if (next !== "stall") stalled.clear();
    },
    waitFor(count, timeoutMs = 60_000) {
      return waitUntil(() => (messages.length >= count ? messages : undefined), timeoutMs, `${count} e-mail(s), got ${messages.length}`);
    },
    close() {
      stalled.clear();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type ReceivedHook = { headers: http.IncomingHttpHeaders; body: string };

export type TestWebhookReceiver = {
  url: string;
  received: ReceivedHook[];
  /** The HTTP status it answers (200 by default). */
  setStatus(status: number): void;
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedHook[]>;
  close(): Promise<void>;
};

/** A webhook endpoint on 127.0.0.1 that records each POST (headers and raw body). */
export async function startWebhookReceiver(): Promise<TestWebhookReceiver> {
  let status = 200;
  const received: ReceivedHook[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(status, { "content-type": "text/plain" }).end(status < 300 ? "ok" : "no");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    setStatus(next) {
      status = next;
    },
    waitFor(count, timeoutMs = 60_000) {
      return waitUntil(() => (received.length >= count ? received : undefined), timeoutMs, `${count} webhook call(s), got ${received.length}`);
    },
    close() {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
