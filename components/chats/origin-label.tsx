import { History, type LucideIcon, Smartphone, TerminalSquare, User } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import type { MessageOrigin } from "@/db/schema/chats";

export const originText: Record<MessageOrigin, string> = {
  customer: "customer",
  api: "API",
  app: "app",
  history: "history",
};

// Icons from the app's icon set (lucide): emoji render as empty boxes without an emoji font.
const icon: Record<MessageOrigin, LucideIcon> = {
  customer: User,
  api: TerminalSquare,
  app: Smartphone,
  history: History,
};

/** The origin of a message: customer, API, app (echo) or imported history. */
export function OriginLabel({ origin }: { origin: MessageOrigin }) {
  const Icon = icon[origin];
  return (
    <Badge variant="outline" data-origin={origin} title={`Origin: ${originText[origin]}`}>
      <Icon aria-hidden className="size-3" />
      {originText[origin]}
    </Badge>
  );
}
