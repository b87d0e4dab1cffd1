"use client";

import { createContext, useCallback, useContext, useMemo, useRef, useState } from "react";
import type { TimelineMessage } from "@/lib/chats/types";

/**
 * What the timeline and the composer of one conversation share on the client: the message being
 * answered ("Reply" on a bubble, quoted in the composer) and the outbox, sends shown at once as
 * pending until the polled timeline brings the stored message (matched by its id).
 */

export type OutboxMessage = TimelineMessage & {
  /** The stored message's id once the server answered; the timeline's copy then replaces this. */
  serverId: string | null;
};

type Workspace = {
  canSend: boolean;
  replyTo: TimelineMessage | null;
  startReply: (message: TimelineMessage) => void;
  cancelReply: () => void;
  outbox: OutboxMessage[];
  addToOutbox: (message: OutboxMessage) => void;
  updateOutbox: (localId: string, patch: Partial<OutboxMessage>) => void;
  /** The composer registers its text box here, so "Reply" can move the focus to it. */
  composerInputRef: React.RefObject<HTMLTextAreaElement | null>;
};

const WorkspaceContext = createContext<Workspace | null>(null);

export function ConversationWorkspace({
  canSend,
  children,
}: {
  canSend: boolean;
  children: React.ReactNode;
}) {
  const [replyTo, setReplyTo] = useState<TimelineMessage | null>(null);
  const [outbox, setOutbox] = useState<OutboxMessage[]>([]);
  const composerInputRef = useRef<HTMLTextAreaElement | null>(null);
  const startReply = useCallback((message: TimelineMessage) => {
    setReplyTo(message);
    // After React renders the quote, so the screen reader hears the composer with its context.
    requestAnimationFrame(() => composerInputRef.current?.focus());
  }, []);
  const cancelReply = useCallback(() => setReplyTo(null), []);
  const addToOutbox = useCallback((m: OutboxMessage) => setOutbox((list) => [...list, m]), []);
  const updateOutbox = useCallback(
    (localId: string, patch: Partial<OutboxMessage>) =>
      setOutbox((list) => list.map((m) => (m.id === localId ? { ...m, ...patch } : m))),
    [],
  );
  const value = useMemo(
    () => ({
      canSend,
      replyTo,
      startReply,
      cancelReply,
      outbox,
      addToOutbox,
      updateOutbox,
      composerInputRef,
    }),
    [canSend, replyTo, startReply, cancelReply, outbox, addToOutbox, updateOutbox],
  );
  return <WorkspaceContext.Provider value={value}>{children}</WorkspaceContext.Provider>;
}

/** The shared state, or null outside a conversation page (the timeline then offers no Reply). */
export function useConversationWorkspace() {
  return useContext(WorkspaceContext);
}

/**
 * The timeline's messages with the outbox appended: an outbox entry disappears as soon as the
 * polled page holds its stored message, so a send never shows twice.
 */
export function withOutbox(messages: TimelineMessage[], outbox: OutboxMessage[]) {
  if (outbox.length === 0) return messages;
  const stored = new Set(messages.map((m) => m.id));
  const waiting = outbox.filter((m) => !(m.serverId && stored.has(m.serverId)));
  return waiting.length ? [...messages, ...waiting] : messages;
}
