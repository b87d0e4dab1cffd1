"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { authedAction } from "@/lib/action";
import { replayChannelEvents, replayWebhookEvent } from "@/lib/ingest/events";

export const replayEventAction = authedAction(
  { name: "webhooks.replayEvent", roles: ["owner"], schema: z.object({ id: z.uuid() }) },
  async ({ id }, caller) => {
    const result = await replayWebhookEvent(caller.scope, { id });
    revalidatePath("/webhooks");
    return result;
  },
);

export const replayChannelAction = authedAction(
  {
    name: "webhooks.replayChannel",
    roles: ["owner"],
    schema: z
      .object({ channelId: z.uuid(), from: z.coerce.date(), to: z.coerce.date() })
      .refine((v) => v.from <= v.to, {
        message: "The start must be before the end.",
        path: ["to"],
      }),
  },
  async ({ channelId, from, to }, caller) => {
    const result = await replayChannelEvents(caller.scope, { channelId, from, to });
    revalidatePath("/webhooks");
    return result;
  },
);
