/**
 * The statistics of the daily alerts (decision 012): a one-sided two-proportion z-test and the
 * Benjamini–Hochberg procedure. Pure functions, no database.
 */

/**
 * erfc with a fractional error below 1,2e-7 everywhere (Numerical Recipes' Chebyshev fit).
 * Relative, not absolute, accuracy is what matters: the false-discovery thresholds of ~40 000
 * daily tests sit around 1e-6, where an absolute error of 1e-7 would be a 10 % error.
 */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/** The standard normal distribution function Φ(x). */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}

export type Proportion = { satisfied: number; valid: number };

export type DropTest = {
  windowShare: number;
  baselineShare: number;
  /** baseline − window, as a fraction (0,05 is 5 points). */
  drop: number;
  z: number;
  /** P(a drop at least this large | the window's true share equals the baseline's). */
  pValue: number;
};

/**
 * One-sided two-proportion z-test of "the window's share is below the baseline's", with the
 * pooled variance of the null hypothesis and Yates' continuity correction: the satisfied shares
 * sit near 0,9, where the binomial's tail of dissatisfied answers is heavier than the normal
 * one, and the correction keeps small windows from looking more significant than they are.
 *
 * `windowValid`/`baselineValid` may be effective sample sizes (non-integers) when the answers are
 * not independent (the pooled test, decision 012): the shares stay satisfied / valid.
 */
export function dropTest(window: Proportion, baseline: Proportion): DropTest | null {
  if (!(window.valid > 0) || !(baseline.valid > 0)) return null;
  const pw = window.satisfied / window.valid;
  const pb = baseline.satisfied / baseline.valid;
  const drop = pb - pw;
  const pooled = (window.satisfied + baseline.satisfied) / (window.valid + baseline.valid);
  const spread = 1 / window.valid + 1 / baseline.valid;
  const se = Math.sqrt(pooled * (1 - pooled) * spread);
  const corrected = Math.max(0, drop - spread / 2);
  if (se === 0) {
    // Every answer satisfied (or none): there is no variation and nothing to detect.
    return { windowShare: pw, baselineShare: pb, drop, z: 0, pValue: drop > 0 ? 0 : 1 };
  }
  const z = drop > 0 ? -corrected / se : -drop / se;
  return { windowShare: pw, baselineShare: pb, drop, z, pValue: normalCdf(z) };
}

/**
 * Benjamini–Hochberg step-up at level q: the indices (into `pValues`) of the rejected
 * hypotheses. With m tests sorted p(1) ≤ … ≤ p(m), rejects the k smallest for the largest k with
 * p(k) ≤ k·q/m. Valid under independence and positive dependence (PRDS), which one-sided tests on
 * overlapping windows of one agency have.
 */
export function benjaminiHochberg(pValues: readonly number[], q: number): Set<number> {
  const m = pValues.length;
  const order = pValues.map((p, i) => [p, i] as const).sort((a, b) => a[0] - b[0]);
  let k = 0;
  for (let rank = m; rank >= 1; rank--) {
    if (order[rank - 1]![0] <= (rank * q) / m) {
      k = rank;
      break;
    }
  }
  return new Set(order.slice(0, k).map(([, i]) => i));
}
