import type { ReactNode } from "react";

/**
 * A table's wrapper that scrolls sideways on a 360 px phone instead of the page, and takes the
 * keyboard focus so that the scrolling works without a mouse (named when `label` is given).
 */
export function ScrollRegion({ label, children }: { label?: string; children: ReactNode }) {
  return (
    <div className="table-wrap" tabIndex={0} role={label ? "region" : undefined} aria-label={label}>
      {children}
    </div>
  );
}
