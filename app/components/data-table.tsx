import { Children, cloneElement, Fragment, isValidElement, type ReactElement, type ReactNode } from "react";
import { ScrollRegion } from "./scroll-region";

type ColumnSpec = { label: ReactNode; numeric?: boolean; hidden?: boolean };
/** A column heading: its text, or the text with how it is shown. */
export type Column = ReactNode | ColumnSpec;

const isSpec = (c: Column): c is ColumnSpec => typeof c === "object" && c !== null && !isValidElement(c) && "label" in c;

/** The words of a heading, for a cell's `data-label` (an attribute holds text only). */
function textOf(node: ReactNode): string {
  if (typeof node === "string" || typeof node === "number") return String(node);
  if (Array.isArray(node)) return node.map(textOf).join("");
  if (isValidElement<{ children?: ReactNode }>(node)) return textOf(node.props.children);
  return "";
}

type CellProps = { children?: ReactNode; colSpan?: number; scope?: string };

/** A row's children with arrays and fragments opened, so that each cell is counted at its column. */
function cellsOf(children: ReactNode): ReactNode[] {
  return Children.toArray(children).flatMap((c) => (isValidElement<{ children?: ReactNode }>(c) && c.type === Fragment ? cellsOf(c.props.children) : [c]));
}

/**
 * A row of a stacked table: each data cell carries its column's heading (hidden headings too),
 * which the narrow layout shows beside the value. The explicit roles keep the table's semantics
 * for screen readers in browsers that drop them once the cells are no longer displayed as cells.
 */
function stackedRow(node: ReactNode, labels: readonly string[]): ReactNode {
  if (!isValidElement<CellProps>(node) || node.type !== "tr") throw new Error("A stacked DataTable's row must be a <tr>.");
  let column = 0;
  const cells = cellsOf(node.props.children).map((cell) => {
    if (!isValidElement<CellProps>(cell) || (cell.type !== "td" && cell.type !== "th")) throw new Error("A stacked DataTable's row holds <th> and <td> cells only.");
    const at = column;
    column += cell.props.colSpan ?? 1;
    if (cell.type === "th") return cloneElement(cell as ReactElement<CellProps & { role?: string }>, { role: cell.props.scope === "col" ? "columnheader" : "rowheader" });
    return cloneElement(cell as ReactElement<CellProps & { role?: string; "data-label"?: string }>, { role: "cell", "data-label": labels[at] });
  });
  if (column !== labels.length) throw new Error(`A stacked DataTable's row has ${column} cells for ${labels.length} columns.`);
  return cloneElement(node as ReactElement<CellProps & { role?: string }>, { role: "row" }, ...cells);
}

/**
 * A list shown as a table: column headings for screen readers and sighted users alike, a wrapper
 * that scrolls sideways on a 360 px phone instead of the page (and takes the keyboard focus to do
 * so), the caller's rows. With `empty`,
 * a list without rows is that sentence instead of a table with no rows. With `stack`, a phone
 * shows each row as a card (its row heading as the title, then one "heading value" line a cell)
 * instead of figures to scroll to; wide screens and paper keep the table.
 */
export function DataTable<T>({
  columns,
  rows,
  row,
  empty,
  testId,
  caption,
  stack = false,
}: {
  columns: readonly Column[];
  rows: readonly T[];
  row: (item: T, index: number) => ReactNode;
  empty?: ReactNode;
  testId?: string;
  /** The table's title, read out with it; it also names the scrolling region. */
  caption?: string;
  stack?: boolean;
}) {
  if (rows.length === 0 && empty !== undefined) return <p>{empty}</p>;
  const specs = columns.map((c): ColumnSpec => (isSpec(c) ? c : { label: c }));
  const labels = specs.map((c) => textOf(c.label));
  const roles = (role: string) => (stack ? { role } : {});
  return (
    <ScrollRegion label={caption}>
      <table data-testid={testId} className={stack ? "stack" : undefined} {...roles("table")}>
        {caption && <caption>{caption}</caption>}
        <thead {...roles("rowgroup")}>
          <tr {...roles("row")}>
            {specs.map((column, i) => (
              <th key={i} scope="col" className={column.numeric ? "num" : undefined} {...roles("columnheader")}>
                {column.hidden ? <span className="sr-only">{column.label}</span> : column.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody {...roles("rowgroup")}>{rows.map((item, index) => (stack ? stackedRow(row(item, index), labels) : row(item, index)))}</tbody>
      </table>
    </ScrollRegion>
  );
}
