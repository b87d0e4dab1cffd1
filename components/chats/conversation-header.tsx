import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import type { ConversationHeader as Header } from "@/lib/chats/types";
import { formatTimeLeft } from "@/lib/chats/window";

/** Who the conversation is with, the API service window now, and the pre-onboarding banner. */
export function ConversationHeader({ c }: { c: Header }) {
  return (
    <div className="mb-4 grid gap-2">
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <Link
          href={`/channels/${c.channelId}?tab=chats`}
          className="text-muted-foreground underline"
        >
          {c.channelName ?? `+${c.channelNumber}`}
        </Link>
        <span className="text-muted-foreground">· +{c.waId}</span>
        {c.appName && c.profileName && c.appName !== c.profileName ? (
          <span className="text-muted-foreground">· profile “{c.profileName}”</span>
        ) : null}
        {c.window.open ? (
          <Badge variant="secondary" data-testid="window-state">
            Window open · {formatTimeLeft(c.window.msLeft)} (closes{" "}
            {new Date(c.window.closesAt).toLocaleString()})
          </Badge>
        ) : (
          <Badge variant="outline" data-testid="window-state">
            Window closed
            {c.window.closedAt ? ` since ${new Date(c.window.closedAt).toLocaleString()}` : ""}
          </Badge>
        )}
      </div>
      <p className="text-muted-foreground text-xs">
        The API service window opens 24 h from each customer message received after onboarding.
        Replies typed in the WhatsApp Business App neither need nor extend it.
      </p>
      {c.lastCustomerBeforeOnboarding ? (
        <div className="rounded-md border border-warning bg-warning/10 p-3 text-sm" role="status">
          The customer last wrote on {new Date(c.lastCustomerBeforeOnboarding).toLocaleString()},
          before this number was onboarded: there is no API service window until they write again
          (templates only).
        </div>
      ) : null}
    </div>
  );
}
