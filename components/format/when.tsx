"use client";

import { formatDateTime, formatRelative, toDate } from "@/lib/format";
import { useViewer } from "./use-viewer";

/** A time as "3 days ago", the exact date and time (viewer's zone) on hover and for readers. */
export function When({
  at,
  empty = "—",
  now,
}: {
  at: Date | string | null | undefined;
  empty?: string;
  /** The hub's clock when it differs from the browser's (the sandbox clock). */
  now?: Date | string;
}) {
  const viewer = useViewer();
  const date = toDate(at);
  if (!date) return <span className="text-muted-foreground">{empty}</span>;
  const absolute = formatDateTime(date, viewer ?? {});
  return (
    <time dateTime={date.toISOString()} title={absolute} suppressHydrationWarning>
      {formatRelative(date, toDate(now) ?? new Date(), viewer ?? {})}
    </time>
  );
}

/** A time written out ("4 Dec 2026, 15:25") in the viewer's zone. */
export function DateTime({
  at,
  empty = "—",
}: {
  at: Date | string | null | undefined;
  empty?: string;
}) {
  const viewer = useViewer();
  const date = toDate(at);
  if (!date) return <span className="text-muted-foreground">{empty}</span>;
  return (
    <time dateTime={date.toISOString()} suppressHydrationWarning>
      {formatDateTime(date, viewer ?? {})}
    </time>
  );
}
