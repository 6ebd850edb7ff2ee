/**
 * Typed domain errors. Services throw these; each boundary (page, action, route handler) maps
 * them once. Anything else is a bug: logged, never shown.
 */
export class DomainError extends Error {
  constructor(
    readonly kind: "invalid" | "not_found" | "forbidden" | "conflict" | "gone" | "rate_limited" | "unauthenticated",
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "DomainError";
  }
}

export const invalid = (message: string, details?: Record<string, unknown>) => new DomainError("invalid", message, details);
export const notFound = (message = "not found") => new DomainError("not_found", message);
export const forbidden = (message = "forbidden") => new DomainError("forbidden", message);
export const conflict = (message: string) => new DomainError("conflict", message);
export const gone = (message: string) => new DomainError("gone", message);

export const httpStatus: Record<DomainError["kind"], number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  gone: 410,
  rate_limited: 429,
};

export function isDomainError(err: unknown): err is DomainError {
  return err instanceof DomainError;
}

/** Whether a PostgreSQL error of this SQLSTATE is the error or its cause, from either driver. */
function hasSqlState(err: unknown, state: string): boolean {
  let e: unknown = err;
  for (let i = 0; i < 4 && e && typeof e === "object"; i++) {
    if ((e as { code?: unknown }).code === state) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

/** PostgreSQL unique violation, from either driver. */
export function isUniqueViolation(err: unknown): boolean {
  return hasSqlState(err, "23505");
}

/** A row still referenced: a foreign key violation, or ON DELETE RESTRICT's own state, from either driver. */
export function isForeignKeyViolation(err: unknown): boolean {
  return hasSqlState(err, "23503") || hasSqlState(err, "23001");
}
