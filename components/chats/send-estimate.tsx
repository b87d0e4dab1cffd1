import type { SendEstimateView } from "@/lib/chats/send/types";
import { cn } from "@/lib/utils";

/** What a send would cost and why, shown before the user presses Send. */
export function SendEstimate({ estimate, id }: { estimate: SendEstimateView; id?: string }) {
  const price = estimate.charged
    ? estimate.amount
      ? `Charged ${estimate.amount.formatted}`
      : "Charged (no rate known)"
    : "Free";
  return (
    <p
      id={id}
      className={cn(
        "text-xs",
        estimate.charged ? "text-amber-700 dark:text-amber-400" : "text-muted-foreground",
      )}
      data-testid="send-estimate"
      data-charged={estimate.charged}
    >
      <span className="font-medium">Estimated cost: {price}</span> · {reasonText(estimate)}
      {estimate.noRateKnown ? ` (${estimate.noRateKnown})` : ""}
    </p>
  );
}

/** The engine's reason ("free: …", "charged: …") without the verdict already said before it. */
function reasonText(estimate: SendEstimateView) {
  return estimate.reason.replace(/^(free|charged)\s*:\s*/i, "");
}
