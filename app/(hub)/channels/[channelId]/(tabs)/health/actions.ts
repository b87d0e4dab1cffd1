"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { authedAction } from "@/lib/action";
import { hubNow } from "@/lib/clock";
import { recordAcknowledgement } from "@/lib/health/acknowledgements";
import { refreshPartnerHealth } from "@/lib/health/evaluate";

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
    const now = await hubNow();
    const row = await recordAcknowledgement(caller.scope, {
      channelId: input.channelId,
      kind: input.kind,
      userId: caller.userId,
      now,
    });
    // Resolve the notifications the acknowledgement answered right away (the evaluation job, on
    // the channel the scope just reached).
    await refreshPartnerHealth({ partnerId: caller.partnerId, channelIds: [input.channelId], now });
    revalidatePath(`/channels/${input.channelId}/health`);
    return { id: row.id };
  },
);
