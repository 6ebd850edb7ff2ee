import type { ReactNode } from "react";
import type { Messages } from "@/lib/i18n";
import type { Change } from "@/lib/metrics/figures";
import type { ElementFigure } from "@/lib/metrics/satisfaction";
import type { formatters } from "./figure-format";

/** The five elements with their change and 1–5 distribution: the overview's table and the report's. */
export function ElementsTable({
  elements,
  change,
  t,
  f,
  testId,
  footer,
}: {
  elements: ElementFigure[];
  change: Change;
  t: Messages;
  f: ReturnType<typeof formatters>;
  testId: string;
  footer?: ReactNode;
}) {
  return (
    <table data-testid={testId}>
      <thead>
        <tr>
          <th scope="col">{t.dashboard.element}</th>
          <th scope="col" className="num">
            {t.dashboard.index}
          </th>
          <th scope="col" className="num">
            {t.dashboard.change}
          </th>
          <th scope="col" className="num">
            {t.dashboard.valid}
          </th>
          {[1, 2, 3, 4, 5].map((v) => (
            <th key={v} scope="col" className="num">
              {v}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {elements.map((e) => (
          <tr key={e.element} id={`element-${e.element}`}>
            <th scope="row">{t.elements[e.element]}</th>
            <td className="num">{f.pct(e.index)}</td>
            <td className="num">{f.points(change.elements[e.element])}</td>
            <td className="num">{f.num(e.valid)}</td>
            {e.distribution.map((n, i) => (
              <td key={i} className="num">
                {f.num(n)}
              </td>
            ))}
          </tr>
        ))}
        {footer}
      </tbody>
    </table>
  );
}
