"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";

/** Re-reads the page every few seconds while a template is in review (the webhook updates it). */
export function RefreshWhilePending({
  pending,
  everyMs = 2000,
}: {
  pending: boolean;
  everyMs?: number;
}) {
  const router = useRouter();
  useEffect(() => {
    if (!pending) return;
    const timer = setInterval(() => router.refresh(), everyMs);
    return () => clearInterval(timer);
  }, [pending, everyMs, router]);
  return null;
}
