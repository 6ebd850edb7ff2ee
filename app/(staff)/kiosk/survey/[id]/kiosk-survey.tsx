"use client";

import { useEffect, useRef, useState } from "react";

// 90 s without a touch: the citizen has walked away; the next one must not see this page.
const IDLE_MS = 90_000;
const THANKS_MS = 6_000;
const INPUT_EVENTS = ["pointerdown", "keydown", "input", "scroll", "touchstart"] as const;

/**
 * The citizen survey page (/s/<token>) in a frame, so that the tablet can go back to its waiting
 * screen after the answer or when left idle. Leaving always replaces the whole page: nothing of
 * this citizen's answers stays in the DOM or in the history.
 */
export function KioskSurvey({ src, idleUrl, labels }: { src: string; idleUrl: string; labels: { frame: string; thanksTitle: string; thanksBody: string; finish: string } }) {
  const frame = useRef<HTMLIFrameElement>(null);
  const [thanks, setThanks] = useState(false);

  useEffect(() => {
    const leave = () => window.location.replace(idleUrl);
    let idle = setTimeout(leave, IDLE_MS);
    const touch = () => {
      clearTimeout(idle);
      idle = setTimeout(leave, IDLE_MS);
    };
    let done: ReturnType<typeof setTimeout> | undefined;
    const el = frame.current;
    const onLoad = () => {
      touch();
      const win = el?.contentWindow;
      if (!win) return;
      for (const type of INPUT_EVENTS) win.document.addEventListener(type, touch, { passive: true, capture: true });
      if (/\/thanks\/?$/.test(win.location.pathname)) {
        setThanks(true);
        done = setTimeout(leave, THANKS_MS);
      }
    };
    el?.addEventListener("load", onLoad);
    // The frame may have loaded before this script ran.
    if (el?.contentDocument?.readyState === "complete" && el.contentWindow?.location.pathname !== "blank") onLoad();
    for (const type of INPUT_EVENTS) document.addEventListener(type, touch, { passive: true, capture: true });
    return () => {
      clearTimeout(idle);
      if (done) clearTimeout(done);
      el?.removeEventListener("load", onLoad);
      for (const type of INPUT_EVENTS) document.removeEventListener(type, touch, { capture: true });
    };
  }, [idleUrl]);

  if (thanks) {
    return (
      <main id="main" className="kiosk-thanks" role="status">
        <h1>{labels.thanksTitle}</h1>
        <p>{labels.thanksBody}</p>
        <button type="button" onClick={() => window.location.replace(idleUrl)}>
          {labels.finish}
        </button>
      </main>
    );
  }
  return (
    <main id="main" className="kiosk-frame">
      <iframe ref={frame} src={src} title={labels.frame} />
    </main>
  );
}
