import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { isValidTrustProxy } from "@/lib/http/client-address";

// Every setting the product reads, validated once. Nothing else reads process.env directly.
const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v : undefined))
    .refine((v) => v === undefined || /^postgres(ql)?:\/\//.test(v), {
      message: "DATABASE_URL must start with postgres:// or postgresql://",
    }),
  DATA_DIR: z.string().trim().min(1).default(".data/pglite"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  PUBLIC_URL: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v.replace(/\/+$/, "") : undefined))
    .refine((v) => v === undefined || /^https?:\/\//.test(v), { message: "PUBLIC_URL must be an http(s) URL" }),
  // The proxies in front (docs/decisions/014): unset trusts none, a hop count, or addresses/CIDRs.
  TRUST_PROXY: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v : undefined))
    .refine((v) => isValidTrustProxy(v), { message: "TRUST_PROXY must be a number of proxies or a comma list of IP addresses or CIDR ranges" }),
  NEXTAUTH_SECRET: z.string().min(16).optional(),
  INVITATION_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  SEED_DEMO: z.enum(["auto", "never"]).default("auto"),
  // smtp://user:pass@host:587 or smtps://…:465; unset holds mail in the outbox until one is set.
  SMTP_URL: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v : undefined))
    .refine((v) => v === undefined || /^smtps?:\/\//.test(v), { message: "SMTP_URL must start with smtp:// or smtps://" }),
  MAIL_FROM: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v : undefined)),
  // off: no scheduled jobs in this process (tools, tests, a web-only replica).
  JOBS: z.enum(["on", "off"]).default("on"),
});

export type Env = z.infer<typeof envSchema>;

let cached: Env | undefined;

export function getEnv(): Env {
  if (!cached) {
    const parsed = envSchema.safeParse(process.env);
    if (!parsed.success) {
      const detail = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
      throw new Error(`Invalid environment: ${detail}`);
    }
    cached = parsed.data;
  }
  return cached;
}

export function dataDir(env: Env = getEnv()): string {
  return path.resolve(/*turbopackIgnore: true*/ process.cwd(), env.DATA_DIR);
}

/** The address citizens' links point at; behind a proxy set PUBLIC_URL. */
export function publicUrl(env: Env = getEnv()): string {
  return env.PUBLIC_URL ?? `http://localhost:${env.PORT}`;
}

/** The sender of every e-mail: MAIL_FROM, else a no-reply address at the public host. */
export function mailFrom(env: Env = getEnv()): string {
  if (env.MAIL_FROM) return env.MAIL_FROM;
  let host = "localhost";
  try {
    host = new URL(publicUrl(env)).hostname;
  } catch {
    // publicUrl is validated; a fallback keeps mail going rather than failing on a sender.
  }
  return `Hài Lòng <no-reply@${host}>`;
}

/**
 * The signing secret for staff sessions: NEXTAUTH_SECRET, or a random one kept beside the
 * embedded database so that a local install needs no setup and sessions survive restarts.
 */
export function authSecret(env: Env = getEnv()): string {
  if (env.NEXTAUTH_SECRET) return env.NEXTAUTH_SECRET;
  const file = path.resolve(/*turbopackIgnore: true*/ process.cwd(), ".data", "auth-secret");
  try {
    return fs.readFileSync(file, "utf8").trim();
  } catch {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const secret = crypto.randomBytes(32).toString("base64url");
    // "wx" fails if another process wrote it first; then read theirs.
    try {
      fs.writeFileSync(file, secret, { mode: 0o600, flag: "wx" });
      return secret;
    } catch {
      return fs.readFileSync(file, "utf8").trim();
    }
  }
}
