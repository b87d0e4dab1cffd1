"use client";

import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from "react";
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
  storageKey,
  children,
}: {
  canSend: boolean;
  /** Where this conversation's refused sends are kept for the browser tab (sessionStorage). */
  storageKey?: string;
  children: React.ReactNode;
}) {
  const [replyTo, setReplyTo] = useState<TimelineMessage | null>(null);
  const [outbox, setOutbox] = useState<OutboxMessage[]>([]);
  const restored = useRef(false);
  // A send the hub refused was never stored, so it would vanish on reload: keep those (failed,
  // no stored id) for the tab's session, so the user still sees what did not go, and why.
  useEffect(() => {
    if (!storageKey || restored.current) return;
    restored.current = true;
    const kept = readRefused(storageKey);
    if (kept.length) setOutbox((list) => [...kept, ...list]);
  }, [storageKey]);
  useEffect(() => {
    if (storageKey && restored.current) writeRefused(storageKey, outbox);
  }, [storageKey, outbox]);
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

const isRefused = (m: OutboxMessage) => m.status === "failed" && !m.serverId;

function readRefused(key: string): OutboxMessage[] {
  try {
    const parsed: unknown = JSON.parse(sessionStorage.getItem(key) ?? "[]");
    return Array.isArray(parsed) ? (parsed as OutboxMessage[]).filter(isRefused) : [];
  } catch {
    return [];
  }
}

function writeRefused(key: string, outbox: OutboxMessage[]) {
  try {
    const refused = outbox.filter(isRefused);
    if (refused.length) sessionStorage.setItem(key, JSON.stringify(refused));
    else sessionStorage.removeItem(key);
  } catch {
    // Storage full or disabled: the refused message then does not survive a reload.
  }
}
