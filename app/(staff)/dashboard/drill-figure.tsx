import Link from "next/link";
import type { ReactNode } from "react";
import { fill, type Messages } from "@/lib/i18n";

/**
 * A figure that opens the comments and answers behind it (the href from `drillLink`). The
 * visible text stays the figure; screen readers hear where the link goes after it (and whose
 * figure it is, `what`, where the row does not say), so the link's name still begins with what is
 * seen (WCAG 2.5.3).
 */
export function DrillFigure({ href, what, t, children }: { href: string | null; what?: string; t: Messages; children: ReactNode }) {
  // No link where the figure is not one unit's answers (a restated reading pools several).
  if (href === null) return <>{children}</>;
  return (
    <Link href={href} className="drill" data-drill="">
      {children}
      <span className="sr-only"> – {what ? fill(t.drill.toCommentsOf, { what }) : t.drill.toComments}</span>
    </Link>
  );
}
