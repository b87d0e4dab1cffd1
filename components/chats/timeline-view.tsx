"use client";

import { useQuery } from "@tanstack/react-query";
import { useVirtualizer } from "@tanstack/react-virtual";
import { useCallback, useLayoutEffect, useMemo, useRef, useState } from "react";
import { DateTime } from "@/components/format/when";
import { Button } from "@/components/ui/button";
import {
  conversationQueryOptions,
  conversationUrl,
  fetchConversationPage,
} from "@/lib/chats/query-options";
import type { ConversationResponse, TimelineMessage } from "@/lib/chats/types";
import { useConversationWorkspace, withOutbox } from "./conversation-workspace";
import { MessageBubble } from "./message-bubble";

type Row =
  | { kind: "day"; key: string; label: string }
  | { kind: "divider"; key: string }
  | { kind: "window-closed"; key: string; at: string }
  | { kind: "message"; key: string; m: TimelineMessage };

/** Day headers, the history/live divider and window markers around the messages (oldest first). */
export function timelineRows(messages: TimelineMessage[]): Row[] {
  const rows: Row[] = [];
  let day = "";
  let previous: TimelineMessage | undefined;
  for (const m of messages) {
    const d = new Date(m.sentAt).toDateString();
    if (d !== day) {
      rows.push({ kind: "day", key: `day-${d}`, label: d });
      day = d;
    }
    if (previous?.origin === "history" && m.origin !== "history") {
      rows.push({ kind: "divider", key: `divider-${m.id}` });
    }
    rows.push({ kind: "message", key: m.id, m });
    if (m.windowClosedAfter) {
      rows.push({ kind: "window-closed", key: `closed-${m.id}`, at: m.windowClosedAfter });
    }
    previous = m;
  }
  return rows;
}

/**
 * The timeline: the newest page polled every 2 s (new messages, statuses, echoes), older pages
 * loaded by keyset as the user scrolls up, a virtualised list that keeps its scroll position.
 */
export function TimelineView({ initial }: { initial: ConversationResponse }) {
  const { channelId, contactId } = initial.conversation;
  const url = conversationUrl(channelId, contactId);
  const { data } = useQuery({
    ...conversationQueryOptions(channelId, contactId),
    initialData: initial,
  });
  const [older, setOlder] = useState<TimelineMessage[]>([]);
  const [olderCursor, setOlderCursor] = useState<string | null>(initial.page.olderCursor);
  const [loadingOlder, setLoadingOlder] = useState(false);

  const outbox = useConversationWorkspace()?.outbox;
  // Older pages first, then the polled newest page (which wins for messages in both), then sends
  // the server has not shown yet.
  const messages = useMemo(() => {
    const latest = data.page.messages;
    const latestIds = new Set(latest.map((m) => m.id));
    return withOutbox([...older.filter((m) => !latestIds.has(m.id)), ...latest], outbox ?? []);
  }, [older, data, outbox]);
  const rows = useMemo(() => timelineRows(messages), [messages]);

  const parentRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => parentRef.current,
    estimateSize: () => 88,
    overscan: 8,
    getItemKey: (i) => rows[i]?.key ?? i,
  });

  // Stay at the bottom when new messages arrive while the user is there; otherwise keep position.
  const atBottom = useRef(true);
  const prependedCount = useRef(0);
  const lastCount = useRef(0);
  // Whoever sends wants to see the message go: a new send scrolls to the bottom.
  const outboxLength = outbox?.length ?? 0;
  const lastOutboxLength = useRef(outboxLength);
  useLayoutEffect(() => {
    if (outboxLength > lastOutboxLength.current) atBottom.current = true;
    lastOutboxLength.current = outboxLength;
  }, [outboxLength]);
  useLayoutEffect(() => {
    if (prependedCount.current > 0) {
      virtualizer.scrollToIndex(prependedCount.current, { align: "start" });
      prependedCount.current = 0;
    } else if (atBottom.current && rows.length !== lastCount.current) {
      virtualizer.scrollToIndex(rows.length - 1, { align: "end" });
    }
    lastCount.current = rows.length;
  }, [rows.length, virtualizer]);

  const loadOlder = useCallback(async () => {
    if (!olderCursor || loadingOlder) return;
    setLoadingOlder(true);
    try {
      const next = await fetchConversationPage(`${url}?before=${encodeURIComponent(olderCursor)}`);
      prependedCount.current = timelineRows(next.page.messages).length;
      setOlder((current) => [...next.page.messages, ...current]);
      setOlderCursor(next.page.olderCursor);
    } finally {
      setLoadingOlder(false);
    }
  }, [olderCursor, loadingOlder, url]);

  const onScroll = useCallback(() => {
    const el = parentRef.current;
    if (!el) return;
    atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 40;
    if (el.scrollTop < 200) void loadOlder();
  }, [loadOlder]);

  return (
    <div className="flex h-[calc(100vh-22rem)] min-h-80 flex-col rounded-md border">
      <div
        ref={parentRef}
        onScroll={onScroll}
        className="flex-1 overflow-y-auto"
        data-testid="timeline"
      >
        {olderCursor ? (
          <div className="flex justify-center p-2">
            <Button
              variant="ghost"
              size="sm"
              onClick={() => void loadOlder()}
              disabled={loadingOlder}
            >
              {loadingOlder ? "Loading…" : "Load older messages"}
            </Button>
          </div>
        ) : null}
        {rows.length === 0 ? (
          <p className="p-4 text-muted-foreground text-sm">No messages yet.</p>
        ) : null}
        <div style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
          {virtualizer.getVirtualItems().map((item) => {
            const row = rows[item.index]!;
            return (
              <div
                key={item.key}
                data-index={item.index}
                ref={virtualizer.measureElement}
                style={{
                  position: "absolute",
                  top: 0,
                  left: 0,
                  width: "100%",
                  transform: `translateY(${item.start}px)`,
                }}
              >
                <RowView row={row} />
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}

function RowView({ row }: { row: Row }) {
  if (row.kind === "day") {
    return <div className="py-2 text-center text-muted-foreground text-xs">{row.label}</div>;
  }
  if (row.kind === "divider") {
    return (
      <div
        className="my-2 flex items-center gap-2 px-4 text-xs text-primary"
        data-testid="history-divider"
      >
        <span className="h-px flex-1 bg-primary/40" />
        Imported history ends here · live mirroring starts
        <span className="h-px flex-1 bg-primary/40" />
      </div>
    );
  }
  if (row.kind === "window-closed") {
    return (
      <div className="py-1 text-center text-muted-foreground text-xs">
        Service window closed at <DateTime at={row.at} />
      </div>
    );
  }
  return (
    <>
      {row.m.windowOpened ? (
        <div
          className="py-1 text-center text-green-700 text-xs dark:text-green-400"
          data-testid="window-opened"
        >
          This message opened the API service window · closes{" "}
          <DateTime at={row.m.windowOpened.closesAt} /> unless the customer writes again
        </div>
      ) : null}
      <MessageBubble m={row.m} />
    </>
  );
}
