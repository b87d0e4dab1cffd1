"use client";

import { useEffect, useState } from "react";
import { formatTimeLeft } from "@/lib/chats/window";

/**
 * The time left in the service window, counted down on the client from the server's `msLeft`
 * at `measuredAt` (so the browser's clock, which may differ from the hub's, does not matter).
 */
export function WindowCountdown({
  msLeft,
  measuredAt,
  testId = "composer-window-left",
}: {
  msLeft: number;
  measuredAt: number;
  testId?: string;
}) {
  const [now, setNow] = useState(measuredAt);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new measurement restarts the count
  useEffect(() => {
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, [measuredAt]);
  const left = msLeft - Math.max(0, now - measuredAt);
  return <span data-testid={testId}>{left > 0 ? formatTimeLeft(left) : "closing now"}</span>;
}
