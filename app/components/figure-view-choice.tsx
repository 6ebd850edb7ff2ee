import Link from "next/link";
import type { Messages } from "@/lib/i18n";
import type { FigureView } from "@/lib/metrics/figures";

/** The reading a URL asks for (`view=restated`); anything else is the recorded one. */
export function askedView(raw: unknown): FigureView {
  return (Array.isArray(raw) ? raw[0] : raw) === "restated" ? "restated" : "recorded";
}

/** `url` with the reading added: the recorded one is the default and needs no parameter. */
export function withView(url: string, view: FigureView): string {
  return view === "restated" ? `${url}${url.includes("?") ? "&" : "?"}view=restated` : url;
}

/**
 * The choice between the two readings of a reorganised unit's past (links: works without
 * JavaScript). `url` is the page's address without the reading.
 */
export function FigureViewChoice({ view, url, t }: { view: FigureView; url: string; t: Messages }) {
  return (
    <nav aria-label={t.peers.trend.viewChoose} className="trend-choice" data-testid="figure-view">
      <ul>
        {(["recorded", "restated"] as const).map((v) => (
          <li key={v}>
            <Link href={withView(url, v)} aria-current={v === view ? "page" : undefined}>
              {t.peers.trend.views[v]}
            </Link>
          </li>
        ))}
      </ul>
      <p className="small muted">{t.peers.trend.viewNote[view]}</p>
    </nav>
  );
}
