"use client";

import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";
import type { ComposerState } from "@/lib/chats/send/types";
import { useConversationWorkspace } from "./conversation-workspace";
import { quoteText } from "./message-bubble";
import { SendEstimate } from "./send-estimate";
import type { useSendMessage } from "./use-send-message";
import { WindowCountdown } from "./window-countdown";

/**
 * Inside the service window: free text (Enter sends, Shift+Enter starts a new line), optionally
 * as a reply quoting a message of the timeline, with the estimated cost and the time left.
 */
export function FreeFormComposer({
  state,
  measuredAt,
  sender,
}: {
  state: ComposerState;
  measuredAt: number;
  sender: ReturnType<typeof useSendMessage>;
}) {
  const workspace = useConversationWorkspace();
  const [text, setText] = useState("");
  const id = useId();
  const replyTo = workspace?.replyTo ?? null;
  const blank = text.trim().length === 0;

  async function submit() {
    const body = text.trim();
    if (!body || sender.sending) return;
    // Cleared at once, so a second Enter cannot send the same text twice; put back on failure.
    setText("");
    workspace?.cancelReply();
    const sent = await sender.send({
      message: {
        type: "text",
        text: { body },
        ...(replyTo?.wamid ? { context: { message_id: replyTo.wamid } } : {}),
      },
      preview: body,
      replyTo,
    });
    if (!sent) setText((current) => current || body);
  }

  return (
    <form
      className="grid gap-2"
      aria-label="Send a message"
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <div className="flex flex-wrap items-center justify-between gap-2 text-xs">
        <span className="text-green-700 dark:text-green-400" data-testid="composer-mode">
          Service window open ·{" "}
          {state.window.open ? (
            <WindowCountdown msLeft={state.window.msLeft} measuredAt={measuredAt} />
          ) : null}
        </span>
        <span className="text-muted-foreground">Enter sends · Shift+Enter for a new line</span>
      </div>
      {replyTo ? (
        <div
          className="flex items-start gap-2 rounded-md border-primary border-l-4 bg-muted px-3 py-2 text-sm"
          data-testid="composer-reply"
        >
          <div className="min-w-0 flex-1">
            <div className="text-muted-foreground text-xs">Replying to</div>
            <div className="truncate">{quoteText(replyTo)}</div>
          </div>
          <Button
            type="button"
            variant="ghost"
            size="sm"
            onClick={() => {
              workspace?.cancelReply();
              workspace?.composerInputRef.current?.focus();
            }}
            aria-label="Cancel the reply"
          >
            Cancel
          </Button>
        </div>
      ) : null}
      <Label htmlFor={`${id}-text`} className="sr-only">
        Message
      </Label>
      <Textarea
        id={`${id}-text`}
        ref={(node) => {
          if (workspace) workspace.composerInputRef.current = node;
        }}
        value={text}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
            event.preventDefault();
            void submit();
          } else if (event.key === "Escape" && replyTo) {
            workspace?.cancelReply();
          }
        }}
        placeholder={replyTo ? "Write your reply…" : "Write a message…"}
        maxLength={4096}
        rows={2}
        className="min-h-16"
        aria-describedby={`${id}-estimate`}
      />
      <div className="flex flex-wrap items-center justify-between gap-2">
        <SendEstimate estimate={state.freeForm.estimate} id={`${id}-estimate`} />
        <Button type="submit" disabled={blank || sender.sending}>
          {sender.sending ? "Sending…" : "Send"}
        </Button>
      </div>
    </form>
  );
}
