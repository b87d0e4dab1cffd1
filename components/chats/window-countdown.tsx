"use client";

import { useEffect, useState } from "react";
import { formatTimeLeft } from "@/lib/chats/window";

/**
 * The time left in the service window, counted down on the client from the server's `msLeft`
 * at `measuredAt` (so the browser's clock, which may differ from the hub's, does not matter).
 */
export function WindowCountdown({ msLeft, measuredAt }: { msLeft: number; measuredAt: number }) {
  const [now, setNow] = useState(measuredAt);
  useEffect(() => {
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  const left = msLeft - Math.max(0, now - measuredAt);
  return (
    <span data-testid="composer-window-left">
      {left > 0 ? formatTimeLeft(left) : "closing now"}
    </span>
  );
}
