import { isValidElement, type ReactNode } from "react";
import { ScrollRegion } from "./scroll-region";

type ColumnSpec = { label: ReactNode; numeric?: boolean; hidden?: boolean };
/** A column heading: its text, or the text with how it is shown. */
export type Column = ReactNode | ColumnSpec;

const isSpec = (c: Column): c is ColumnSpec => typeof c === "object" && c !== null && !isValidElement(c) && "label" in c;

/**
 * A list shown as a table: column headings for screen readers and sighted users alike, a wrapper
 * that scrolls sideways on a 360 px phone instead of the page (and takes the keyboard focus to do
 * so), the caller's rows. With `empty`,
 * a list without rows is that sentence instead of a table with no rows.
 */
export function DataTable<T>({
  columns,
  rows,
  row,
  empty,
  testId,
  caption,
}: {
  columns: readonly Column[];
  rows: readonly T[];
  row: (item: T, index: number) => ReactNode;
  empty?: ReactNode;
  testId?: string;
  /** The table's title, read out with it; it also names the scrolling region. */
  caption?: string;
}) {
  if (rows.length === 0 && empty !== undefined) return <p>{empty}</p>;
  return (
    <ScrollRegion label={caption}>
      <table data-testid={testId}>
        {caption && <caption>{caption}</caption>}
        <thead>
          <tr>
            {columns.map((c, i) => {
              const column: ColumnSpec = isSpec(c) ? c : { label: c };
              return (
                <th key={i} scope="col" className={column.numeric ? "num" : undefined}>
                  {column.hidden ? <span className="sr-only">{column.label}</span> : column.label}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>{rows.map((item, index) => row(item, index))}</tbody>
      </table>
    </ScrollRegion>
  );
}
