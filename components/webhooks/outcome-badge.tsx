import { Badge } from "@/components/ui/badge";
import type { WebhookOutcome } from "@/db/schema/ingest";

const variant: Record<
  WebhookOutcome,
  "default" | "secondary" | "destructive" | "warning" | "outline"
> = {
  processed: "secondary",
  pending: "outline",
  ignored: "outline",
  unparseable: "warning",
  unknown_channel: "warning",
  failed: "destructive",
  partial: "warning",
};

export function OutcomeBadge({ outcome }: { outcome: WebhookOutcome }) {
  return <Badge variant={variant[outcome]}>{outcome.replace("_", " ")}</Badge>;
}
