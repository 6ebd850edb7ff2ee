import { DomainError, httpStatus } from "@/lib/errors";

export type FieldError = { field: string; message: string };

const TITLES: Record<number, string> = {
  400: "Invalid request",
  401: "Missing or invalid API key",
  403: "Outside the scope of this API key",
  404: "Not found",
  409: "Conflict with stored data",
  413: "Request too large",
  415: "Unsupported media type",
  422: "Unknown codes",
  500: "Internal error",
};

/** RFC 9457 problem details, the one error shape of /api/v1. */
export function problem(status: number, detail?: string, errors?: FieldError[], headers: Record<string, string> = {}): Response {
  const body = {
    type: `https://hailong.gov.vn/problems/${status}`,
    title: TITLES[status] ?? "Error",
    status,
    ...(detail ? { detail } : {}),
    ...(errors && errors.length > 0 ? { errors } : {}),
  };
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/problem+json; charset=utf-8", "cache-control": "no-store", ...headers },
  });
}

export function unauthorized(): Response {
  return problem(401, "Send a valid, unrevoked key as Authorization: Bearer hl_…", undefined, { "www-authenticate": 'Bearer realm="hai-long"' });
}

/**
 * Maps a domain error once, at the boundary. Item errors carry their index; `fieldOf` turns it
 * into the field the client sent ("dossiers[3].agencyCode" or "agencyCode").
 */
export function problemFromError(err: unknown, fieldOf: (index: number, field: string) => string = (_i, f) => f): Response {
  if (err instanceof DomainError) {
    const items = (err.details?.errors as { index: number; field: string; message: string }[] | undefined) ?? [];
    const errors = items.map((e) => ({ field: fieldOf(e.index, e.field), message: e.message }));
    if (err.details?.field && errors.length === 0) errors.push({ field: String(err.details.field), message: err.message });
    // Codes that parse but name nothing we know are 422: the request was well-formed.
    const status = err.kind === "invalid" && items.length > 0 ? 422 : httpStatus[err.kind];
    return problem(status, err.message, errors);
  }
  console.error("api: unexpected error", err instanceof Error ? err.message : err);
  return problem(500, "The request could not be processed. Nothing was stored.");
}
