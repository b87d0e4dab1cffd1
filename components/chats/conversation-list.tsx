"use client";

import { useQuery } from "@tanstack/react-query";
import { MessageCircle } from "lucide-react";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect, useState } from "react";
import { When } from "@/components/format/when";
import { Badge } from "@/components/ui/badge";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/native-select";
import { conversationListQueryOptions } from "@/lib/chats/query-options";
import type { ConversationList as List } from "@/lib/chats/types";
import { formatTimeLeft } from "@/lib/chats/window";
import { formatCustomer, formatPhone } from "@/lib/format";
import { OriginLabel } from "./origin-label";

/** The list's search and filters as they live in the page's URL (shareable, kept on reload). */
export function listParams(search: URLSearchParams, channelId?: string) {
  const params = new URLSearchParams();
  if (channelId) params.set("channelId", channelId);
  for (const name of ["q", "filter", "origin"]) {
    const value = search.get(name)?.trim();
    if (value) params.set(name, value);
  }
  return params;
}

/**
 * Conversations (one channel or all), newest live message first, refreshed every few seconds.
 * Search and filters live in the URL; `initial` is the server's answer for the URL it rendered.
 */
export function ConversationList({
  initial,
  channelId,
  showChannel,
  from,
  initialMatchesUrl = false,
}: {
  initial: List;
  channelId?: string;
  showChannel?: boolean;
  /** Where a conversation opened from here leads back to ("inbox"). */
  from?: "inbox";
  /** The server applied the URL's search and filters to `initial` (else it is the unfiltered list). */
  initialMatchesUrl?: boolean;
}) {
  const router = useRouter();
  const pathname = usePathname();
  const search = useSearchParams();
  const params = listParams(search, channelId);
  const key = params.toString();
  const [initialKey] = useState(key);
  const filtered = Boolean(params.get("q") || params.get("filter") || params.get("origin"));
  const [q, setQ] = useState(search.get("q") ?? "");

  const setParam = (name: string, value: string) => {
    const next = new URLSearchParams(search);
    if (value) next.set(name, value);
    else next.delete(name);
    router.replace(`${pathname}?${next}`, { scroll: false });
  };
  // Typing updates the URL a moment after the last key, not on every key.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only the typed text restarts the timer
  useEffect(() => {
    if (q.trim() === (search.get("q") ?? "")) return;
    const timer = setTimeout(() => setParam("q", q.trim()), 250);
    return () => clearTimeout(timer);
  }, [q]);

  const { data, error, isPending } = useQuery({
    ...conversationListQueryOptions(params),
    initialData: key === initialKey && (initialMatchesUrl || !filtered) ? initial : undefined,
  });
  const rows = data?.rows ?? [];
  return (
    // One column that may shrink (minmax(0, 1fr)): long last messages truncate on a phone
    // instead of widening the page past the screen.
    <div className="grid grid-cols-1 gap-3">
      <search className="flex flex-wrap gap-2">
        <Input
          type="search"
          aria-label="Search conversations"
          placeholder="Search name, number or message"
          value={q}
          onChange={(e) => setQ(e.target.value)}
          className="w-full sm:max-w-xs"
        />
        <NativeSelect
          aria-label="Filter"
          value={search.get("filter") ?? ""}
          onChange={(e) => setParam("filter", e.target.value)}
        >
          <option value="">All conversations</option>
          <option value="window-open">Window open</option>
          <option value="unanswered">Unread (customer wrote last)</option>
        </NativeSelect>
        <NativeSelect
          aria-label="Last message origin"
          value={search.get("origin") ?? ""}
          onChange={(e) => setParam("origin", e.target.value)}
        >
          <option value="">Any origin</option>
          <option value="customer">Customer</option>
          <option value="api">API</option>
          <option value="app">App</option>
          <option value="history">History</option>
        </NativeSelect>
      </search>
      {error ? (
        <p className="text-destructive text-sm" role="alert">
          {error.message}
        </p>
      ) : null}
      {isPending ? (
        <ul className="divide-y rounded-md border" aria-busy="true" aria-label="Loading">
          {["a", "b", "c", "d"].map((i) => (
            <li key={i} className="grid gap-2 p-3">
              <div className="h-4 w-1/3 animate-pulse rounded bg-muted" />
              <div className="h-3 w-2/3 animate-pulse rounded bg-muted" />
            </li>
          ))}
        </ul>
      ) : rows.length === 0 ? (
        <div className="grid justify-items-center gap-2 rounded-md border border-dashed p-8 text-center text-muted-foreground text-sm">
          <MessageCircle aria-hidden className="size-6" />
          {filtered
            ? "No conversation matches."
            : "No conversations yet: they appear as customers write and history is imported."}
        </div>
      ) : (
        <ul className="divide-y rounded-md border" aria-label="Conversations">
          {rows.map((r) => (
            <li key={r.contactId}>
              <Link
                href={`/channels/${r.channelId}/chats/${r.contactId}${from ? `?from=${from}` : ""}`}
                className="grid grid-cols-1 gap-1 p-3 hover:bg-muted/50 focus-visible:outline-2 focus-visible:outline-ring"
                data-testid="conversation-row"
              >
                <div className="flex items-baseline gap-2">
                  <span
                    className={r.unanswered ? "truncate font-semibold" : "truncate font-medium"}
                  >
                    {r.name}
                  </span>
                  <span className="hidden text-muted-foreground text-xs sm:inline">
                    {formatCustomer(r)}
                  </span>
                  {showChannel ? (
                    <span className="hidden truncate text-muted-foreground text-xs md:inline">
                      via {r.channelName ?? formatPhone(r.channelNumber)}
                    </span>
                  ) : null}
                  <span className="ml-auto shrink-0 text-muted-foreground text-xs">
                    {r.last ? <When at={r.last.sentAt} empty="" /> : null}
                  </span>
                </div>
                <div className="flex items-center gap-2 text-muted-foreground text-sm">
                  {r.last ? <OriginLabel origin={r.last.origin} /> : null}
                  <span className="min-w-0 flex-1 truncate">
                    {r.last
                      ? r.last.revoked
                        ? "Deleted message"
                        : (r.last.text ?? `[${r.last.type}]`)
                      : "No message yet"}
                  </span>
                </div>
                <div className="flex flex-wrap items-center gap-1 text-xs">
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
