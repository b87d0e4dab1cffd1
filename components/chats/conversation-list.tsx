"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/native-select";
import type { ConversationList as List } from "@/lib/chats/types";
import { formatTimeLeft } from "@/lib/chats/window";
import { OriginLabel } from "./origin-label";

async function fetchList(params: URLSearchParams): Promise<List> {
  const response = await fetch(`/api/hub/conversations?${params}`, { cache: "no-store" });
  if (!response.ok) throw new Error(`The conversation list failed (${response.status}).`);
  return response.json();
}

/** Conversations (one channel or all), newest live message first, refreshed every few seconds. */
export function ConversationList({
  initial,
  channelId,
  showChannel,
}: {
  initial: List;
  channelId?: string;
  showChannel?: boolean;
}) {
  const [q, setQ] = useState("");
  const [filter, setFilter] = useState("");
  const [origin, setOrigin] = useState("");
  const params = new URLSearchParams();
  if (channelId) params.set("channelId", channelId);
  if (q.trim()) params.set("q", q.trim());
  if (filter) params.set("filter", filter);
  if (origin) params.set("origin", origin);
  const key = params.toString();
  const isDefault = !q.trim() && !filter && !origin;
  const { data, error } = useQuery({
    queryKey: ["conversations", key],
    queryFn: () => fetchList(params),
    initialData: isDefault ? initial : undefined,
    refetchInterval: 3000,
  });
  const rows = data?.rows ?? [];
  return (
    <div className="grid gap-3">
      <div className="flex flex-wrap gap-2">
        <Input
          aria-label="Search conversations"
          placeholder="Search name, number or message"
          value={q}
          onChange={(e) => setQ(e.target.value)}
          className="max-w-xs"
        />
        <NativeSelect
          aria-label="Filter"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
        >
          <option value="">All conversations</option>
          <option value="window-open">Window open</option>
          <option value="unanswered">Unread (customer wrote last)</option>
        </NativeSelect>
        <NativeSelect
          aria-label="Last message origin"
          value={origin}
          onChange={(e) => setOrigin(e.target.value)}
        >
          <option value="">Any origin</option>
          <option value="customer">Customer</option>
          <option value="api">API</option>
          <option value="app">App</option>
          <option value="history">History</option>
        </NativeSelect>
      </div>
      {error ? <p className="text-destructive text-sm">{error.message}</p> : null}
      {rows.length === 0 ? (
        <p className="text-muted-foreground text-sm">
          {isDefault
            ? "No conversations yet: they appear as customers write and history is imported."
            : "No conversation matches."}
        </p>
      ) : (
        <ul className="divide-y rounded-md border" aria-label="Conversations">
          {rows.map((r) => (
            <li key={r.contactId}>
              <Link
                href={`/channels/${r.channelId}/chats/${r.contactId}`}
                className="flex items-start gap-3 p-3 hover:bg-muted/50"
                data-testid="conversation-row"
              >
                <div className="min-w-0 flex-1">
                  <div className="flex items-center gap-2">
                    <span className="truncate font-medium">{r.name}</span>
                    <span className="text-muted-foreground text-xs">+{r.waId}</span>
                    {showChannel ? (
                      <span className="text-muted-foreground text-xs">
                        via {r.channelName ?? `+${r.channelNumber}`}
                      </span>
                    ) : null}
                  </div>
                  <div className="flex items-center gap-2 text-muted-foreground text-sm">
                    {r.last ? <OriginLabel origin={r.last.origin} /> : null}
                    <span className="truncate">
                      {r.last
                        ? r.last.revoked
                          ? "Deleted message"
                          : (r.last.text ?? `[${r.last.type}]`)
                        : "No message yet"}
                    </span>
                  </div>
                </div>
                <div className="flex shrink-0 flex-col items-end gap-1 text-xs">
                  <span className="text-muted-foreground">
                    {r.last ? new Date(r.last.sentAt).toLocaleString() : ""}
                  </span>
                  {r.window.open ? (
                    <Badge variant="secondary">
                      Window open · {formatTimeLeft(r.window.msLeft)}
                    </Badge>
                  ) : (
                    <Badge variant="outline">Window closed</Badge>
                  )}
                  {r.unanswered ? <Badge>Unread</Badge> : null}
                </div>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
