import { queryOptions } from "@tanstack/react-query";
import { fetchJson } from "@/lib/query-client";
import type { Severity } from "./types";

/** The header's notification menu, as GET /api/hub/notifications answers it. */
export type NotificationsMenuData = {
  unread: number;
  items: {
    id: string;
    channelId: string;
    displayPhoneNumber: string;
    severity: Severity;
    title: string;
    message: string;
    /** ISO timestamp. */
    createdAt: string;
    read: boolean;
    dismissed: boolean;
    /** A dismissed critical that still holds stays in the list. */
    stillHolding: boolean;
  }[];
};

/** The unread count and the latest notifications, polled every minute (and when the menu opens). */
export function notificationsQueryOptions() {
  return queryOptions({
    queryKey: ["notifications"],
    queryFn: () => fetchJson<NotificationsMenuData>("/api/hub/notifications", "Notifications"),
    refetchInterval: 60_000,
  });
}
