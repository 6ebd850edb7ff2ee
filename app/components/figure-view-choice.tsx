import Link from "next/link";
import type { Messages } from "@/lib/i18n";
import type { FigureView } from "@/lib/metrics/figures";

/** The choice between the two readings of a reorganised unit's past (links: works without JavaScript). */
export function FigureViewChoice({ view, href, t }: { view: FigureView; href: (view: FigureView) => string; t: Messages }) {
  return (
    <nav aria-label={t.peers.trend.viewChoose} className="trend-choice" data-testid="figure-view">
      <ul>
        {(["recorded", "restated"] as const).map((v) => (
          <li key={v}>
            <Link href={href(v)} aria-current={v === view ? "page" : undefined}>
              {t.peers.trend.views[v]}
            </Link>
          </li>
        ))}
      </ul>
      <p className="small muted">{t.peers.trend.viewNote[view]}</p>
    </nav>
  );
}
