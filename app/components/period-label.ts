import { fill, type Messages } from "@/lib/i18n";
import { periodLabelParts, type Period } from "@/lib/metrics/periods";

/** "Năm báo cáo 2023 (01/12/2022 – 30/11/2023)", "Quý 4/2023", … */
export function periodLabel(period: Period, t: Messages): string {
  const p = periodLabelParts(period);
  return fill(t.dashboard.periodLabels[p.kind], { year: p.year, quarter: p.quarter, month: p.month, from: p.from, to: p.to });
}
