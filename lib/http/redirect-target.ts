/**
 * The only way a request may choose where it is sent next (`back=`, `callbackUrl=`): a path on
 * this site. Browsers read `/\evil.example`, `/\t/evil.example` and `/%2F%2Fevil.example` (once
 * decoded by a later hop) as another site, so the target is checked in the form a browser will
 * resolve it, after removing what browsers strip (tabs, newlines) and turning backslashes into the
 * slashes browsers take them for; anything else falls back.
 */
export function safeRedirectPath(value: unknown, fallback = "/"): string {
  if (typeof value !== "string" || value.length === 0 || value.length > 2048) return fallback;
  // WHATWG URL parsing drops ASCII tab and newlines anywhere and leading C0 controls and spaces.
  const stripped = value.replace(/[\t\n\r]/g, "");
  if (stripped !== stripped.replace(/^[\u0000-\u0020]+/, "")) return fallback;
  if (!stripped.startsWith("/")) return fallback;
  let decoded = stripped;
  // Undo percent-encoding until it is stable (bounded): `%252F` is `/` two hops later.
  for (let i = 0; i < 3; i++) {
    let next: string;
    try {
      next = decodeURIComponent(decoded);
    } catch {
      return fallback;
    }
    if (next === decoded) break;
    decoded = next;
  }
  const slashed = decoded.replace(/\\/g, "/");
  if (slashed.startsWith("//") || /[\u0000-\u001f\u007f]/.test(slashed)) return fallback;
  // The final check: resolved against a placeholder origin, it must stay on that origin.
  try {
    const base = "http://same-site.invalid";
    const resolved = new URL(stripped, base);
    if (resolved.origin !== base) return fallback;
    return `${resolved.pathname}${resolved.search}${resolved.hash}`;
  } catch {
    return fallback;
  }
}
