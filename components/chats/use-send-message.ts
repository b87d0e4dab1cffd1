"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useState } from "react";
import { toast } from "sonner";
import type { ComposerSendOutcome } from "@/lib/chats/composer-outcome";
import { composerStateQueryOptions, conversationQueryOptions } from "@/lib/chats/query-options";
import type { TimelineMessage } from "@/lib/chats/types";
import type { Action } from "@/lib/errors";
import { useConversationWorkspace } from "./conversation-workspace";
import { pendingMessage } from "./outbox-message";
import { refusalReason } from "./refusal-reason";

/** A Cloud API message body without `to` (the conversation's customer is the recipient). */
export type ComposerMessage =
  | { type: "text"; text: { body: string }; context?: { message_id: string } }
  | {
      type: "template";
      template: {
        name: string;
        language: { code: string };
        components?: Record<string, unknown>[];
      };
    };

/** The composer's send action, passed down from the conversation page. */
export type SendAction = Action<ComposerSendOutcome>;

/**
 * Sends one message from the composer: shown at once as pending in the timeline, then the stored
 * message takes its place (its ticks come with the timeline's polling). A failure is told in a
 * toast and stays on the message with Meta's reason.
 */
export function useSendMessage({
  sendAction,
  channelId,
  contactId,
  serverNow,
}: {
  /** The conversation page's sendFromComposerAction. */
  sendAction: SendAction;
  channelId: string;
  contactId: string;
  /** The hub's clock (the sandbox clock in sandbox mode), so the pending message sorts right. */
  serverNow: () => Date;
}) {
  const workspace = useConversationWorkspace();
  const queryClient = useQueryClient();
  const [sending, setSending] = useState(false);

  const send = useCallback(
    async ({
      message,
      preview,
      replyTo,
    }: {
      message: ComposerMessage;
      /** The text the pending bubble shows (a template's filled body). */
      preview: string;
      replyTo: TimelineMessage | null;
    }): Promise<boolean> => {
      if (!workspace) return false;
      const local = pendingMessage({
        type: message.type,
        text: preview,
        replyTo,
        sentAt: serverNow(),
      });
      workspace.addToOutbox(local);
      setSending(true);
      const fail = (reason: string) => {
        workspace.updateOutbox(local.id, { status: "failed", failureReason: reason });
        toast.error("The message was not sent", { description: reason });
      };
      try {
        const result = await sendAction({
          channelId,
          contactId,
          message,
          // One key per message typed: a double submit or a retried request sends it once.
          idempotencyKey: local.id,
        });
        if (!result.ok) {
          fail(refusalReason(result));
          return false;
        }
        if (result.data.failed) {
          // Stored as failed: the timeline's copy (same reason) replaces this one.
          const { messageId, reason } = result.data.failed;
          workspace.updateOutbox(local.id, {
            serverId: messageId,
            status: "failed",
            failureReason: reason,
          });
          toast.error("Meta refused the message", { description: reason });
          return false;
        }
        const stored = result.data.sent.message;
        if (stored?.status === "unknown") {
          toast.warning("Meta did not answer in time", {
            description:
              "The message may have been sent. Do not send it again: its status will show once Meta reports it.",
          });
        }
        if (stored) {
          workspace.updateOutbox(local.id, {
            serverId: stored.id,
            wamid: stored.wamid,
            status: stored.status,
          });
        }
        return true;
      } catch {
        fail("The hub could not be reached. Check your connection and try again.");
        return false;
      } finally {
        setSending(false);
        void queryClient.invalidateQueries({
          queryKey: conversationQueryOptions(channelId, contactId).queryKey,
        });
        void queryClient.invalidateQueries({
          queryKey: composerStateQueryOptions(channelId, contactId).queryKey,
        });
      }
    },
    [workspace, sendAction, channelId, contactId, serverNow, queryClient],
  );

  return { send, sending };
}
