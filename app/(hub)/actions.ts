"use server";

import { z } from "zod";
import { authedAction } from "@/lib/action";
import {
  dismissNotification,
  markAllNotificationsRead,
  markNotificationRead,
} from "@/lib/health/notifications";

// The hub shell's actions (its layout passes them to the header's menus). The notification list
// itself is a polled read: GET /api/hub/notifications (lib/health/query-options.ts).

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
