"use client";

import { useQuery } from "@tanstack/react-query";
import { Clock } from "lucide-react";
import Link from "next/link";
import { DateTime } from "@/components/format/when";
import { Badge } from "@/components/ui/badge";
import { conversationQueryOptions } from "@/lib/chats/query-options";
import type { ConversationResponse } from "@/lib/chats/types";
import { formatCustomer, formatPhone } from "@/lib/format";
import { WindowCountdown } from "./window-countdown";

/**
 * Who the conversation is with, the API service window now, and the pre-onboarding banner. It
 * reads the same polled query as the timeline, so the window chip moves with the messages (a
 * customer writing opens it; the countdown runs between polls).
 */
export function ConversationHeader({ initial }: { initial: ConversationResponse }) {
  const { channelId, contactId } = initial.conversation;
  const { data, dataUpdatedAt } = useQuery({
    ...conversationQueryOptions(channelId, contactId),
    initialData: initial,
  });
  const c = data.conversation;
  return (
    <div className="mb-4 grid gap-2">
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <Link href={`/channels/${c.channelId}/chats`} className="text-muted-foreground underline">
          {c.channelName ?? formatPhone(c.channelNumber)}
        </Link>
        <span className="text-muted-foreground" data-testid="customer-handle">
          · {formatCustomer(c)}
        </span>
        {c.appName && c.profileName && c.appName !== c.profileName ? (
          <span className="text-muted-foreground">· profile “{c.profileName}”</span>
        ) : null}
        {c.window.open ? (
          // Wraps on a phone instead of running off the screen (badges stay on one line elsewhere).
          <Badge
            variant="secondary"
            data-testid="window-state"
            className="max-w-full flex-wrap whitespace-normal"
          >
            <Clock aria-hidden className="size-3" />
            Window open ·{" "}
            <WindowCountdown
              key={c.window.closesAt}
              msLeft={c.window.msLeft}
              measuredAt={dataUpdatedAt}
              testId="header-window-left"
            />{" "}
            (closes <DateTime at={c.window.closesAt} />)
          </Badge>
        ) : (
          <Badge variant="outline" data-testid="window-state">
            Window closed
            {c.window.closedAt ? (
              <>
                {" "}
                since <DateTime at={c.window.closedAt} />
              </>
            ) : null}
          </Badge>
        )}
      </div>
      <p className="text-muted-foreground text-xs">
        The API service window opens 24 h from each customer message received after onboarding.
        Replies typed in the WhatsApp Business App neither need nor extend it.
      </p>
      {c.lastCustomerBeforeOnboarding ? (
        <div className="rounded-md border border-warning bg-warning/10 p-3 text-sm" role="status">
          The customer last wrote on <DateTime at={c.lastCustomerBeforeOnboarding} />, before this
          number was onboarded: there is no API service window until they write again (templates
          only).
        </div>
      ) : null}
    </div>
  );
}
