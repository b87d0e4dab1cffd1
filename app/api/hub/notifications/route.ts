import { withSession } from "@/lib/api/session-route";
import { countUnreadNotifications, listNotifications } from "@/lib/health/notifications";
import type { NotificationsMenuData } from "@/lib/health/query-options";

export const dynamic = "force-dynamic";

/** The header's notification menu: unread count and the latest 20 (a critical that holds stays). */
export const GET = withSession(
  "hub.notifications",
  { access: "portal" },
  async (_request, { scope }) => {
    // A client user's scope narrows both to its own client's channels.
    const [unread, list] = await Promise.all([
      countUnreadNotifications(scope),
      listNotifications(scope, { limit: 20 }),
    ]);
    const body: NotificationsMenuData = {
      unread,
      items: list.items.map((n) => ({
        id: n.id,
        channelId: n.channelId,
        displayPhoneNumber: n.displayPhoneNumber,
        severity: n.severity,
        title: n.title,
        message: n.message,
        createdAt: n.createdAt.toISOString(),
        read: n.readAt !== null,
        dismissed: n.dismissedAt !== null,
        stillHolding: n.stillHolding,
      })),
    };
    return Response.json(body, { headers: { "cache-control": "no-store" } });
  },
);
