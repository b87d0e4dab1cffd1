"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { authedAction } from "@/lib/action";
import { recordAcknowledgement } from "@/lib/health/acknowledgements";
import { getHealthNow } from "@/lib/health/clock";
import { refreshPartnerHealth } from "@/lib/health/evaluate";
import {
  countUnreadNotifications,
  dismissNotification,
  listNotifications,
  markAllNotificationsRead,
  markNotificationRead,
} from "@/lib/health/notifications";

/** "The business opened the app" / "Companions re-linked", recorded with who and when. */
export const acknowledgeHealthAction = authedAction(
  {
    name: "health.acknowledge",
    access: "portal",
    schema: z.object({
      channelId: z.uuid(),
      kind: z.enum(["app_opened", "companions_relinked"]),
    }),
  },
  async (input, caller) => {
    const now = await getHealthNow();
    const row = await recordAcknowledgement(caller.scope, {
      channelId: input.channelId,
      kind: input.kind,
      userId: caller.userId,
      now,
    });
    // Resolve the notifications the acknowledgement answered right away (the evaluation job, on
    // the channel the scope just reached).
    await refreshPartnerHealth({ partnerId: caller.partnerId, channelIds: [input.channelId], now });
    revalidatePath(`/channels/${input.channelId}`);
    return { id: row.id };
  },
);

/** The header list: unread count and the latest notifications (a critical that holds stays). */
export const loadNotificationsAction = authedAction(
  { name: "health.notifications.list", access: "portal", schema: z.object({}) },
  async (_input, caller) => {
    // A client user's scope narrows both to its own client's channels.
    const [unread, list] = await Promise.all([
      countUnreadNotifications(caller.scope),
      listNotifications(caller.scope, { limit: 20 }),
    ]);
    return {
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
  },
);

export const notificationAction = authedAction(
  {
    name: "health.notifications.update",
    access: "portal",
    schema: z.discriminatedUnion("op", [
      z.object({ op: z.literal("read"), id: z.uuid() }),
      z.object({ op: z.literal("dismiss"), id: z.uuid() }),
      z.object({ op: z.literal("read_all") }),
    ]),
  },
  async (input, caller) => {
    const { scope } = caller;
    if (input.op === "read_all") await markAllNotificationsRead(scope);
    else if (input.op === "read") await markNotificationRead(scope, { id: input.id });
    else await dismissNotification(scope, { id: input.id });
    return { ok: true };
  },
);
