"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useRef } from "react";
import { Skeleton } from "@/components/ui/skeleton";
import { composerStateQueryOptions, conversationQueryOptions } from "@/lib/chats/query-options";
import { useConversationWorkspace } from "./conversation-workspace";
import { FreeFormComposer } from "./free-form-composer";
import { TemplateComposer } from "./template-composer";
import { type SendAction, useSendMessage } from "./use-send-message";

/**
 * The composer under a conversation's timeline. What it offers follows the API service window:
 * free text and replies while it is open, approved templates when it is closed; each with the
 * estimated cost before sending. Members and owners send; client users only read. `sendAction` is
 * the conversation page's sendFromComposerAction.
 */
export function Composer({
  sendAction,
  channelId,
  contactId,
}: {
  sendAction: SendAction;
  channelId: string;
  contactId: string;
}) {
  const workspace = useConversationWorkspace();
  const queryClient = useQueryClient();
  const state = useQuery({
    ...composerStateQueryOptions(channelId, contactId),
    enabled: Boolean(workspace?.canSend),
  });
  const measuredAt = state.dataUpdatedAt;
  const serverNow = useCallback(() => {
    const base = state.data ? Date.parse(state.data.now) : Date.now();
    return new Date(base + Math.max(0, Date.now() - (measuredAt || Date.now())));
  }, [state.data, measuredAt]);
  const sender = useSendMessage({ sendAction, channelId, contactId, serverNow });

  // A customer message opens the window (or a reset moves its end): the timeline sees it first,
  // every 2 s; refresh what the composer offers at once instead of at its next slow poll.
  const { data: windowKey } = useQuery({
    ...conversationQueryOptions(channelId, contactId),
    select: (d) => (d.conversation.window.open ? d.conversation.window.closesAt : "closed"),
  });
  const seenWindowKey = useRef(windowKey);
  useEffect(() => {
    if (windowKey === undefined || windowKey === seenWindowKey.current) return;
    seenWindowKey.current = windowKey;
    void queryClient.invalidateQueries({
      queryKey: composerStateQueryOptions(channelId, contactId).queryKey,
    });
  }, [windowKey, channelId, contactId, queryClient]);

  if (!workspace?.canSend) {
    return (
      <p className="rounded-md border p-3 text-muted-foreground text-sm">
        Your role can read this conversation but not send messages.
      </p>
    );
  }
  return (
    <section
      aria-labelledby="composer-heading"
      className="rounded-md border p-3"
      data-testid="composer"
    >
      <h2 id="composer-heading" className="sr-only">
        Send a message
      </h2>
      {state.isPending ? (
        <div className="grid gap-2" role="status" aria-busy="true">
          <span className="sr-only">Loading what you can send…</span>
          <Skeleton className="h-4 w-48" />
          <Skeleton className="h-16 w-full" />
        </div>
      ) : state.isError ? (
        <p className="text-destructive text-sm" role="alert">
          {state.error.message}
        </p>
      ) : !state.data.channel.canSend ? (
        <p className="text-muted-foreground text-sm" role="status" data-testid="composer-mode">
          Sending is not possible on this channel
          {state.data.channel.reason ? `: ${state.data.channel.reason}` : "."}
        </p>
      ) : state.data.freeForm.allowed ? (
        <FreeFormComposer state={state.data} measuredAt={measuredAt} sender={sender} />
      ) : (
        <TemplateComposer state={state.data} sender={sender} />
      )}
    </section>
  );
}
