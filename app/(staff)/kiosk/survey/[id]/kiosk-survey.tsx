"use client";

import { useEffect, useRef, useState } from "react";

// 90 s without a touch: the citizen has walked away; the next one must not see this page.
const IDLE_MS = 90_000;
const THANKS_MS = 6_000;
// Long enough to copy a case reference and its status address by hand or by photo.
const THANKS_WITH_CASE_MS = 60_000;
const INPUT_EVENTS = ["pointerdown", "keydown", "input", "scroll", "touchstart"] as const;

/**
 * The citizen survey page (/s/<token>) in a frame, so that the tablet can go back to its waiting
 * screen after the answer or when left idle. Leaving always replaces the whole page: nothing of
 * this citizen's answers stays in the DOM or in the history.
 */
type Labels = { frame: string; thanksTitle: string; thanksBody: string; finish: string; caseReference: string; caseStatusLink: string };

/**
 * The thank-you screen also shows the case the answer opened (its reference and status
 * address) for as long as the screen stays; the framed thank-you page carries them as data.
 */
export function KioskSurvey({ src, idleUrl, labels }: { src: string; idleUrl: string; labels: Labels }) {
  const frame = useRef<HTMLIFrameElement>(null);
  const [thanks, setThanks] = useState(false);
  const [followUp, setFollowUp] = useState<{ reference: string; url: string } | null>(null);

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
      const marker = win.document.querySelector<HTMLElement>("[data-thanks]");
      if (/\/thanks\/?$/.test(win.location.pathname) || marker) {
        const reference = marker?.dataset.caseReference;
        const url = marker?.dataset.caseStatusUrl;
        setFollowUp(reference && url ? { reference, url } : null);
        setThanks(true);
        done = setTimeout(leave, reference ? THANKS_WITH_CASE_MS : THANKS_MS);
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
        {followUp && (
          <dl className="kiosk-case">
            <dt>{labels.caseReference}</dt>
            <dd>
              <strong className="case-reference">{followUp.reference}</strong>
            </dd>
            <dt>{labels.caseStatusLink}</dt>
            <dd className="survey-link">{followUp.url}</dd>
          </dl>
        )}
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
