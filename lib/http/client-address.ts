import net from "node:net";

/**
 * Who the client is, decided once at the edge (scripts/server.ts, docs/decisions/014) from the
 * socket and, as far as `TRUST_PROXY` says, from X-Forwarded-For; route handlers read the
 * result from one header that the edge sets and strips from every incoming request.
 */
export const CLIENT_HEADER = "x-hl-client";

/**
 * `TRUST_PROXY`: unset (or 0) trusts nobody, so the socket address is the client; a number is
 * how many proxies stand in front (each appends the address it received from); a comma list of
 * addresses and CIDR ranges trusts exactly those peers, however many of them there are.
 */
export type TrustProxy = { kind: "none" } | { kind: "hops"; hops: number } | { kind: "list"; list: net.BlockList; source: string };

/** An address as the socket reports it, with IPv4-mapped IPv6 (`::ffff:10.0.0.1`) written as IPv4. */
export function normaliseAddress(address: string): string {
  const trimmed = address.trim().replace(/^\[(.*)\]$/, "$1");
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(trimmed);
  return mapped ? mapped[1]! : trimmed;
}

function addRange(list: net.BlockList, entry: string): boolean {
  const [raw, bits, ...rest] = entry.split("/");
  if (rest.length > 0 || !raw) return false;
  const address = normaliseAddress(raw);
  const family = net.isIP(address);
  if (family === 0) return false;
  const type = family === 4 ? "ipv4" : "ipv6";
  if (bits === undefined) {
    list.addAddress(address, type);
    return true;
  }
  if (!/^\d+$/.test(bits)) return false;
  const prefix = Number(bits);
  if (prefix > (family === 4 ? 32 : 128)) return false;
  list.addSubnet(address, prefix, type);
  return true;
}

/** Parses `TRUST_PROXY`; throws on a value that is neither a count nor a list of addresses. */
export function parseTrustProxy(value: string | undefined): TrustProxy {
  const text = value?.trim() ?? "";
  if (text === "" || text === "0") return { kind: "none" };
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    if (hops > 16) throw new Error(`TRUST_PROXY=${text}: more than 16 proxies in a row is not a setup, it is a mistake`);
    return { kind: "hops", hops };
  }
  const list = new net.BlockList();
  for (const entry of text.split(",").map((e) => e.trim()).filter(Boolean)) {
    if (!addRange(list, entry)) throw new Error(`TRUST_PROXY: "${entry}" is not an IP address or CIDR range`);
  }
  return { kind: "list", list, source: text };
}

export function isValidTrustProxy(value: string | undefined): boolean {
  try {
    parseTrustProxy(value);
    return true;
  } catch {
    return false;
  }
}

function trusted(list: net.BlockList, address: string): boolean {
  const family = net.isIP(address);
  return family !== 0 && list.check(address, family === 4 ? "ipv4" : "ipv6");
}

/** Whether the socket's peer is a proxy whose forwarding headers may be believed. */
export function isTrustedPeer(socketAddress: string | undefined, trust: TrustProxy): boolean {
  if (trust.kind === "none") return false;
  if (trust.kind === "hops") return true;
  return trusted(trust.list, normaliseAddress(socketAddress ?? ""));
}

/**
 * The client of a request: the socket's peer, or, when that peer is a trusted proxy, the
 * address it says it received from, and so on leftwards through X-Forwarded-For while each hop
 * is trusted. Whatever lies left of the first untrusted hop is what a client wrote itself and
 * is ignored.
 */
export function resolveClient(socketAddress: string | undefined, forwardedFor: string | string[] | undefined, trust: TrustProxy): string {
  const peer = normaliseAddress(socketAddress ?? "") || "unknown";
  if (trust.kind === "none") return peer;
  const header = Array.isArray(forwardedFor) ? forwardedFor.join(",") : (forwardedFor ?? "");
  // Nearest first: the socket, then the header from its right end.
  const chain = [peer, ...header.split(",").map(normaliseAddress).filter(Boolean).reverse()];
  if (trust.kind === "hops") return chain[Math.min(trust.hops, chain.length - 1)]!;
  let i = 0;
  while (i < chain.length - 1 && trusted(trust.list, chain[i]!)) i++;
  return chain[i]!;
}

/**
 * The client address the edge decided, from a request's headers (a `Headers`, or the plain
 * object next-auth hands to `authorize`). Null when the request did not come through the edge
 * (`next dev`): every such request then counts as one client, which errs on the strict side.
 */
export function requestClientAddress(headers: unknown): string | null {
  if (!headers || typeof headers !== "object") return null;
  let value: unknown;
  if (typeof (headers as { get?: unknown }).get === "function") value = (headers as { get(name: string): string | null }).get(CLIENT_HEADER);
  else value = (headers as Record<string, unknown>)[CLIENT_HEADER];
  if (Array.isArray(value)) value = value[0];
  return typeof value === "string" && value.trim() ? value.trim() : null;
}
