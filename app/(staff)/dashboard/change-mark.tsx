import type { Locale, Messages } from "@/lib/i18n";
import { fill } from "@/lib/i18n";
import { formatPoints } from "@/lib/metrics/formulas";

/**
 * A change in points with its unit, an arrow and a word, so that it reads without colour too:
 * "▲ tăng 1,20 điểm %", "▼ giảm 0,40 điểm %", "■ không đổi".
 */
export function ChangeMark({ points, t, locale, testId }: { points: number | null; t: Messages; locale: Locale; testId?: string }) {
  if (points == null) return <span data-testid={testId}>{t.dashboard.noData}</span>;
  const rounded = Number(points.toFixed(2));
  const direction = rounded > 0 ? "up" : rounded < 0 ? "down" : "same";
  const magnitude = formatPoints(Math.abs(points), locale).replace(/^\+/, "");
  return (
    <span className={`change change-${direction}`} data-testid={testId} data-direction={direction}>
      <span aria-hidden="true">{direction === "up" ? "▲" : direction === "down" ? "▼" : "■"} </span>
      {direction === "same" ? t.peers.changeSame : fill(direction === "up" ? t.peers.changeUp : t.peers.changeDown, { points: magnitude })}
    </span>
  );
}
