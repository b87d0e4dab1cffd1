import { formatUtc } from "@/lib/health/rules";
import type { TimelineEntry } from "@/lib/health/timeline";
import { cn } from "@/lib/utils";

const dot = {
  critical: "bg-destructive",
  warning: "bg-warning",
  info: "bg-muted-foreground",
  none: "bg-primary",
} as const;

/** A channel's lifecycle, oldest first (build the entries with `buildLifecycleTimeline`). */
export function LifecycleTimeline({
  entries,
  className,
}: {
  entries: readonly TimelineEntry[];
  className?: string;
}) {
  if (entries.length === 0) {
    return (
      <p className="text-sm text-muted-foreground">Nothing has happened on this channel yet.</p>
    );
  }
  return (
    <ol aria-label="Channel lifecycle" className={cn("relative flex flex-col gap-4", className)}>
      {entries.map((e) => (
        <li
          key={`${e.kind}-${e.at.getTime()}-${e.detail ?? ""}`}
          data-kind={e.kind}
          className="relative flex gap-3 pl-1"
        >
          <span
            aria-hidden="true"
            className={cn("mt-1.5 size-2.5 shrink-0 rounded-full", dot[e.severity ?? "none"])}
          />
          <div className="flex min-w-0 flex-col">
            <p className="text-sm font-medium">{e.title}</p>
            {e.detail ? <p className="text-sm text-muted-foreground">{e.detail}</p> : null}
            <time dateTime={e.at.toISOString()} className="text-xs text-muted-foreground">
              {formatUtc(e.at)}
            </time>
          </div>
        </li>
      ))}
    </ol>
  );
}
