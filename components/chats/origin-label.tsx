import { Badge } from "@/components/ui/badge";
import type { MessageOrigin } from "@/db/schema/chats";

export const originText: Record<MessageOrigin, string> = {
  customer: "customer",
  api: "API",
  app: "app",
  history: "history",
};

const icon: Record<MessageOrigin, string> = { customer: "👤", api: "⚙", app: "📱", history: "🕘" };

/** The origin of a message: customer, API, app (echo) or imported history. */
export function OriginLabel({ origin }: { origin: MessageOrigin }) {
  return (
    <Badge variant="outline" data-origin={origin} title={`Origin: ${originText[origin]}`}>
      <span aria-hidden>{icon[origin]}</span>
      {originText[origin]}
    </Badge>
  );
}
