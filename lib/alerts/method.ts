import type { AgencyRangeCounts, DayRange, OpenAlert, RangeCounts } from "@/db/queries/alerts";
import { INDEX_ELEMENTS, type IndexElement } from "@/db/queries/figures";
import { addCalendarDays, type Day } from "@/lib/time/vietnam";
import { benjaminiHochberg, dropTest, type DropTest, type Proportion } from "./statistics";

/** The method of decision 012; change it there first. */
export const ALERT_METHOD = {
  windows: [7, 30],
  baselineDays: 90,
  /** Valid answers (for the pooled test: responses) the window needs before it is tested. */
  minWindow: 30,
  minBaseline: 100,
  /** The smallest drop worth a leader's attention, whatever its significance: 5 points. */
  minDrop: 0.05,
  /** An episode closes once the window is back within 2 points of its baseline (hysteresis). */
  recoveryMargin: 0.02,
  /** Benjamini–Hochberg false-discovery rate over the day's tests. */
  q: 0.05,
} as const;

export const POOLED = "pooled";
export type AlertElement = IndexElement | typeof POOLED;
export const ALERT_ELEMENTS: readonly AlertElement[] = [...INDEX_ELEMENTS, POOLED];

export type RangeName = "w7" | "b7" | "w30" | "b30";

/**
 * The windows ending with `day` (inclusive) and the 90 days before each, as [from, to) ranges.
 * `day` is the Vietnam day before the evaluation's: every range ends at a 00:00 Vietnam time.
 */
export function alertRanges(day: Day): Record<RangeName, DayRange> {
  const end = addCalendarDays(day, 1);
  const ranges = {} as Record<RangeName, DayRange>;
  for (const w of ALERT_METHOD.windows) {
    const from = addCalendarDays(end, -w);
    ranges[`w${w}` as RangeName] = { from, to: end };
    ranges[`b${w}` as RangeName] = { from: addCalendarDays(from, -ALERT_METHOD.baselineDays), to: from };
  }
  return ranges;
}

export type AlertTest = {
  agencyId: number;
  element: AlertElement;
  windowDays: number;
  /** The counts as recorded (for the pooled test: Σ over the five elements). */
  window: Proportion;
  baseline: Proportion;
  /** Sample large enough on both sides: the test counts in the day's m. */
  eligible: boolean;
  test: DropTest | null;
};

function pooled(r: RangeCounts): { counts: Proportion; effective: Proportion } {
  let satisfied = 0;
  let valid = 0;
  for (const e of INDEX_ELEMENTS) {
    satisfied += r.elements[e].satisfied;
    valid += r.elements[e].valid;
  }
  // The five answers of one response are strongly correlated (many people give one mark to
  // all), so the pooled share is tested as if each response were one observation: a design
  // effect equal to the answers per response, the conservative end (decision 012).
  const n = Math.min(valid, r.responses);
  return { counts: { satisfied, valid }, effective: { satisfied: valid > 0 ? (satisfied / valid) * n : 0, valid: n } };
}

/** The twelve tests of every agency: five elements and the pool, each over 7 and 30 days. */
export function alertTests(counts: readonly AgencyRangeCounts<RangeName>[]): AlertTest[] {
  const tests: AlertTest[] = [];
  for (const a of counts) {
    for (const w of ALERT_METHOD.windows) {
      const win = a.ranges[`w${w}` as RangeName];
      const base = a.ranges[`b${w}` as RangeName];
      for (const element of ALERT_ELEMENTS) {
        let window: Proportion, baseline: Proportion, tested: [Proportion, Proportion];
        if (element === POOLED) {
          const pw = pooled(win);
          const pb = pooled(base);
          window = pw.counts;
          baseline = pb.counts;
          tested = [pw.effective, pb.effective];
        } else {
          window = win.elements[element];
          baseline = base.elements[element];
          tested = [window, baseline];
        }
        const eligible = tested[0].valid >= ALERT_METHOD.minWindow && tested[1].valid >= ALERT_METHOD.minBaseline;
        tests.push({ agencyId: a.agencyId, element, windowDays: w, window, baseline, eligible, test: eligible ? dropTest(tested[0], tested[1]) : null });
      }
    }
  }
  return tests;
}

// Shares are ratios of counts: 0,9 − 0,85 is 0,04999… in floating point, and is 5 points.
const practical = (t: DropTest) => t.drop >= ALERT_METHOD.minDrop - 1e-9;

const key = (t: { agencyId: number; element: string; windowDays: number }) => `${t.agencyId}:${t.element}:${t.windowDays}`;

export type AlertDecisions = {
  /** Tests with enough answers on both sides: the m of the false-discovery procedure. */
  testsRun: number;
  agenciesTested: number;
  open: AlertTest[];
  close: OpenAlert[];
};

/**
 * Which episodes open and which close today. A test alerts when the Benjamini–Hochberg procedure
 * over all of the day's eligible tests rejects it, its drop is at least 5 points, and no episode
 * is open for it; an open episode closes when its window, with enough answers, is back within
 * the recovery margin of its baseline. Between the two margins nothing changes (hysteresis).
 */
export function decideAlerts(tests: readonly AlertTest[], openEpisodes: readonly OpenAlert[]): AlertDecisions {
  const eligible = tests.filter((t) => t.eligible && t.test);
  // A test without a practical drop enters the procedure with p = 1: still a valid p-value, so
  // the false-discovery control holds, and the many significant but small drops of large
  // agencies do not loosen the threshold for everyone else (decision 012).
  const rejected = benjaminiHochberg(
    eligible.map((t) => (practical(t.test!) ? t.test!.pValue : 1)),
    ALERT_METHOD.q,
  );
  const openKeys = new Set(openEpisodes.map(key));
  const open = eligible.filter((t, i) => rejected.has(i) && practical(t.test!) && !openKeys.has(key(t)));
  const byKey = new Map(eligible.map((t) => [key(t), t]));
  const close = openEpisodes.filter((e) => {
    const t = byKey.get(key(e));
    return t?.test != null && t.test.windowShare >= t.test.baselineShare - ALERT_METHOD.recoveryMargin;
  });
  return { testsRun: eligible.length, agenciesTested: new Set(eligible.map((t) => t.agencyId)).size, open, close };
}
