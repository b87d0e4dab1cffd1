"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Bell } from "lucide-react";
import Link from "next/link";
import { useTransition } from "react";
import { Button } from "@/components/ui/button";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import type { Action } from "@/lib/errors";
import { notificationsQueryOptions } from "@/lib/health/query-options";
import { SeverityBadge } from "./severity-badge";

/**
 * The header's notification list: unread count, read, read all, dismiss. Polls every minute and
 * when opened. `action` is the hub layout's notificationAction.
 */
export function NotificationsMenu({ action }: { action: Action<{ ok: boolean }> }) {
  const queryClient = useQueryClient();
  // Offline or navigating away: the list stays as it was and the next poll tries again.
  const { data, refetch } = useQuery(notificationsQueryOptions());
  const [pending, startTransition] = useTransition();
  const run = (input: Record<string, string>) =>
    startTransition(async () => {
      try {
        await action(input);
      } finally {
        await queryClient.invalidateQueries({ queryKey: notificationsQueryOptions().queryKey });
      }
    });
  const unread = data?.unread ?? 0;
  return (
    <DropdownMenu onOpenChange={(open) => (open ? void refetch() : undefined)}>
      <DropdownMenuTrigger asChild>
        <Button
          variant="ghost"
          size="icon"
          aria-label={unread > 0 ? `Notifications, ${unread} unread` : "Notifications"}
          className="relative"
          data-testid="notifications-button"
        >
          <Bell />
          {unread > 0 ? (
            <span
              className="absolute -right-0.5 -top-0.5 min-w-4 rounded-full bg-destructive px-1 text-[10px] leading-4 text-destructive-foreground"
              data-testid="notifications-unread"
            >
              {unread > 99 ? "99+" : unread}
            </span>
          ) : null}
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="end" className="w-96 max-w-[calc(100vw-2rem)]">
        <div className="flex items-center justify-between">
          <DropdownMenuLabel>Notifications</DropdownMenuLabel>
          {unread > 0 ? (
            <Button
              variant="ghost"
              size="sm"
              disabled={pending}
              onClick={() => run({ op: "read_all" })}
            >
              Mark all read
            </Button>
          ) : null}
        </div>
        <DropdownMenuSeparator />
        {!data || data.items.length === 0 ? (
          <p className="p-3 text-sm text-muted-foreground">No notifications.</p>
        ) : (
          <ul className="max-h-96 overflow-y-auto" data-testid="notifications-list">
            {data.items.map((n) => (
              <li
                key={n.id}
                className={`flex flex-col gap-1 border-b p-3 text-sm last:border-b-0 ${n.read ? "" : "bg-muted/40"}`}
                data-notification-id={n.id}
              >
                <div className="flex items-center gap-2">
                  <SeverityBadge severity={n.severity} />
                  <Link
                    href={`/channels/${n.channelId}/health`}
                    className="font-medium hover:underline"
                    onClick={() => (n.read ? undefined : run({ op: "read", id: n.id }))}
                  >
                    {n.title}
                  </Link>
                </div>
                <p className="text-muted-foreground">{n.message}</p>
                <div className="flex items-center gap-2 text-xs text-muted-foreground">
                  <span>+{n.displayPhoneNumber}</span>
                  <span>{n.createdAt.slice(0, 16).replace("T", " ")} UTC</span>
                  {n.dismissed && n.stillHolding ? <span>dismissed, still holding</span> : null}
                  <span className="ml-auto flex gap-1">
                    {n.read ? null : (
                      <Button
                        variant="ghost"
                        size="sm"
                        disabled={pending}
                        onClick={() => run({ op: "read", id: n.id })}
                      >
                        Read
                      </Button>
                    )}
                    {n.dismissed ? null : (
                      <Button
                        variant="ghost"
                        size="sm"
                        disabled={pending}
                        onClick={() => run({ op: "dismiss", id: n.id })}
                      >
                        Dismiss
                      </Button>
                    )}
                  </span>
                </div>
              </li>
            ))}
          </ul>
        )}
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
