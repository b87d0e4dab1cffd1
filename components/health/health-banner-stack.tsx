import { CircleAlert, Info, TriangleAlert } from "lucide-react";
import type { ReactNode } from "react";
import { formatUtc, sortWarnings } from "@/lib/health/rules";
import type { FactSource, HealthWarning, Severity } from "@/lib/health/types";
import { cn } from "@/lib/utils";

export type HealthBanner = Pick<
  HealthWarning,
  "id" | "severity" | "title" | "message" | "advice" | "since" | "fact" | "action"
>;

export const factSourceLabels: Record<FactSource, string> = {
  echo: "message echo from the app",
  acknowledgement: "acknowledgement by your team",
  onboarding: "onboarding",
  account_update: "Meta account update",
  channel_status: "channel status",
  history_webhook: "history webhook",
  sync_request: "sync request",
  customer_messages: "customer messages",
  sends: "sent messages",
  quality_rating: "Meta quality rating",
  template_webhook: "Meta template webhook",
  forwarding: "webhook forwarding",
  country_list: "country list",
  meta_rule: "Meta's coexistence rules",
};

const look: Record<Severity, { box: string; icon: string; Icon: typeof Info }> = {
  critical: {
    box: "border-destructive/50 bg-destructive/10",
    icon: "text-destructive",
    Icon: CircleAlert,
  },
  warning: { box: "border-warning/60 bg-warning/10", icon: "text-warning", Icon: TriangleAlert },
  info: { box: "border-border bg-muted/40", icon: "text-muted-foreground", Icon: Info },
};

/**
 * The channel page's warnings, most severe first. The page supplies each banner's button through
 * `renderAction` (e.g. a form posting the acknowledgement), so this stays a plain view.
 */
export function HealthBannerStack({
  warnings,
  renderAction,
  className,
}: {
  warnings: readonly HealthBanner[];
  renderAction?: (warning: HealthBanner) => ReactNode;
  className?: string;
}) {
  if (warnings.length === 0) return null;
  return (
    <section aria-label="Channel health" className={cn("flex flex-col gap-3", className)}>
      {sortWarnings(warnings).map((w) => {
        const { box, icon, Icon } = look[w.severity];
        const action = renderAction?.(w);
        return (
          <div
            key={`${w.id}-${w.since.toISOString()}`}
            // Only a critical interrupts a screen reader; the rest are read in order.
            role={w.severity === "critical" ? "alert" : "status"}
            data-warning-id={w.id}
            data-severity={w.severity}
            className={cn("flex gap-3 rounded-lg border p-4 text-sm", box)}
          >
            <Icon aria-hidden="true" className={cn("mt-0.5 size-5 shrink-0", icon)} />
            <div className="flex min-w-0 flex-1 flex-col gap-1">
              <p className="font-semibold">
                <span className="sr-only">{w.severity}: </span>
                {w.title}
              </p>
              <p>{w.message}</p>
              <p>
                <span className="font-medium">What to do: </span>
                {w.advice}
              </p>
              <p className="text-xs text-muted-foreground">
                Since <time dateTime={w.since.toISOString()}>{formatUtc(w.since)}</time>. Based on{" "}
                {w.fact.text} ({factSourceLabels[w.fact.source]}).
              </p>
            </div>
            {action ? <div className="shrink-0 self-center">{action}</div> : null}
          </div>
        );
      })}
    </section>
  );
}
