"use client";

import { useEffect, useState } from "react";

// Every second: the brief asks that the tablet shows a survey within 2 s of issuing.
const POLL_MS = 1000;

/** The waiting screen: polls for the next survey sent to this desk and opens it in a fresh page. */
export function KioskIdle({ after, offline }: { after: number; offline: string }) {
  const [lost, setLost] = useState(false);
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const res = await fetch(`/kiosk/next?after=${after}`, { cache: "no-store" });
        if (res.status === 401 || res.status === 403) {
          window.location.replace("/login?callbackUrl=/kiosk");
          return;
        }
        const body = (await res.json()) as { invitation: { id: string; issuedAt: number } | null };
        setLost(false);
        if (body.invitation && !stopped) {
          // replace(): the back button must never lead to a previous citizen's page.
          window.location.replace(`/kiosk/survey/${body.invitation.id}`);
          return;
        }
      } catch {
        setLost(true);
      }
      if (!stopped) timer = setTimeout(poll, POLL_MS);
    };
    timer = setTimeout(poll, 0);
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }, [after]);
  return lost ? (
    <p className="notice" role="status">
      {offline}
    </p>
  ) : null;
}
