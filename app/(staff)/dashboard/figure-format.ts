import type { Locale, Messages } from "@/lib/i18n";
import type { Band } from "@/lib/metrics/figures";
import { formatNumber, formatPercent, formatPoints } from "@/lib/metrics/formulas";

export function formatters(locale: Locale, t: Messages) {
  return {
    pct: (v: number | null) => (v == null ? t.dashboard.noData : formatPercent(v, locale)),
    num: (v: number) => formatNumber(v, locale),
    points: (v: number | null) => formatPoints(v, locale),
    ratio: (part: number, whole: number) => (whole > 0 ? formatPercent((100 * part) / whole, locale) : "—"),
    // A median of working days is whole or, over an even number of cases, a half day.
    days: (v: number | null) => (v == null ? t.dashboard.noData : formatNumber(v, locale, Number.isInteger(v) ? 0 : 1)),
    band: (b: Band | null) => (b ? (locale === "en" && b.labelEn ? b.labelEn : b.label) : null),
  };
}
