/**
 * The satisfaction formulas of domain.md §4, as pure functions. Everything is computed in full
 * precision; only the `format*` functions round (§4.5), so a figure, its change and its rank all
 * come from the same unrounded value.
 */

export type Locale = "vi" | "en";

/** Satisfied and valid answer counts for one element (or pooled over several agencies). */
export type Counts = { satisfied: number; valid: number };

/**
 * Element index `S_e = 100 × #{4, 5} / #valid` (§4.1). Null when nobody gave a valid answer:
 * "no data" is not 0%.
 */
export function elementIndex(satisfied: number, valid: number): number | null {
  if (valid <= 0) return null;
  // Multiply before dividing: equal fractions (9/10, 18/20) then give the identical double,
  // which keeps ties in rankings exact.
  return (100 * satisfied) / valid;
}

/** Unweighted mean of the indices that exist; null when none does. */
export function meanOfIndices(values: readonly (number | null | undefined)[]): number | null {
  let sum = 0;
  let n = 0;
  for (const v of values) {
    if (v == null || Number.isNaN(v)) continue;
    sum += v;
    n += 1;
  }
  return n === 0 ? null : sum / n;
}

/** Roll-up up the tree (§4.4): pool the counts, never average the percentages. */
export function pooledIndex(parts: readonly Counts[]): number | null {
  let satisfied = 0;
  let valid = 0;
  for (const p of parts) {
    satisfied += p.satisfied;
    valid += p.valid;
  }
  return elementIndex(satisfied, valid);
}

// Divisions such as 400 / (1 + 400 × 0,05²) are exact in decimal but land a hair above the
// integer in binary; without this slack Math.ceil would ask for one response too many.
const SAMPLE_SLACK = 1e-9;

/**
 * SIPAS sample size for N dossiers completed in the period (§4.6): `n = N / (1 + N·e²)`,
 * rounded up.
 */
export function sampleSize(completedDossiers: number, e = 0.05): number {
  if (!(completedDossiers > 0)) return 0;
  const n = completedDossiers / (1 + completedDossiers * e * e);
  return Math.ceil(n - SAMPLE_SLACK);
}

/**
 * Whether the responses reach the SIPAS sample size. No response is never a sufficient sample,
 * even when no completed dossier was recorded.
 */
export function isSampleSufficient(responses: number, completedDossiers: number, e = 0.05): boolean {
  return responses > 0 && responses >= sampleSize(completedDossiers, e);
}

/** Change in percentage points against the previous period (§4.8); null when either is missing. */
export function changeInPoints(current: number | null, previous: number | null): number | null {
  if (current == null || previous == null) return null;
  return current - previous;
}

// Two means of the same counts can differ in the last binary digit depending on summation order;
// they are the same figure and must share a rank.
const TIE_TOLERANCE = 1e-9;

export type Ranked<T> = { item: T; rank: number | null };

/**
 * Competition ranking, highest value first, ties sharing a rank (1, 2, 2, 4) (§4.8). Items without
 * a value come last with a null rank. Ties keep their input order.
 */
export function rankWithTies<T>(items: readonly T[], value: (item: T) => number | null): Ranked<T>[] {
  const withValue = items.map((item, i) => ({ item, i, v: value(item) }));
  const valued = withValue.filter((x): x is { item: T; i: number; v: number } => x.v != null && !Number.isNaN(x.v));
  const unvalued = withValue.filter((x) => x.v == null || Number.isNaN(x.v));
  valued.sort((a, b) => b.v - a.v || a.i - b.i);

  const ranked: Ranked<T>[] = [];
  let previous: number | null = null;
  let rank = 0;
  valued.forEach((x, position) => {
    if (previous == null || Math.abs(previous - x.v) > TIE_TOLERANCE) {
      rank = position + 1;
      previous = x.v;
    }
    ranked.push({ item: x.item, rank });
  });
  for (const x of unvalued) ranked.push({ item: x.item, rank: null });
  return ranked;
}

const SEPARATORS: Record<Locale, { decimal: string; group: string }> = {
  vi: { decimal: ",", group: "." },
  en: { decimal: ".", group: "," },
};

// Shown for a figure that does not exist (no valid answer); locale-neutral.
const MISSING = "—";
// U+2212, the typographic minus: a hyphen reads as a dash in "−1,20".
const MINUS = "\u2212";

/**
 * Formats a non-negative magnitude with fixed decimals and the locale's separators. Done by hand
 * rather than with Intl so the output does not depend on the ICU data the runtime ships.
 */
function formatMagnitude(x: number, decimals: number, locale: Locale): string {
  const { decimal, group } = SEPARATORS[locale];
  const [whole = "0", fraction] = Math.abs(x).toFixed(decimals).split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, group);
  return fraction ? `${grouped}${decimal}${fraction}` : grouped;
}

function isZeroAt(x: number, decimals: number): boolean {
  return Number(Math.abs(x).toFixed(decimals)) === 0;
}

/** A percentage with 2 decimals (§4.5): vi "82,66%", en "82.66%". */
export function formatPercent(value: number | null, locale: Locale): string {
  if (value == null || Number.isNaN(value)) return MISSING;
  const sign = value < 0 && !isZeroAt(value, 2) ? MINUS : "";
  return `${sign}${formatMagnitude(value, 2, locale)}%`;
}

/** A count or amount: vi "41.484", en "41,484". */
export function formatNumber(n: number | null, locale: Locale, decimals = 0): string {
  if (n == null || Number.isNaN(n)) return MISSING;
  const sign = n < 0 && !isZeroAt(n, decimals) ? MINUS : "";
  return `${sign}${formatMagnitude(n, decimals, locale)}`;
}

/**
 * A change in percentage points, always signed except when it rounds to zero: "+5,79",
 * "−1,20", "0,00".
 */
export function formatPoints(delta: number | null, locale: Locale): string {
  if (delta == null || Number.isNaN(delta)) return MISSING;
  if (isZeroAt(delta, 2)) return formatMagnitude(0, 2, locale);
  return `${delta < 0 ? MINUS : "+"}${formatMagnitude(delta, 2, locale)}`;
}
