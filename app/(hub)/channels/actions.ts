"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { authedAction } from "@/lib/action";
import { userActor } from "@/lib/partners/actor";
import { createChannelApiKey, revokeApiKey } from "@/lib/partners/api-keys";

export const createChannelKeyAction = authedAction(
  {
    name: "api_keys.create_channel",
    schema: z.object({ channelId: z.uuid(), name: z.string().trim().max(100).optional() }),
    roles: ["owner"],
  },
  async (input, caller) => {
    const created = await createChannelApiKey({
      partnerId: caller.partnerId,
      channelId: input.channelId,
      name: input.name,
      actor: userActor(caller),
    });
    revalidatePath(`/channels/${input.channelId}`);
    return { id: created.key.id, secret: created.secret, prefix: created.key.prefix };
  },
);

export const revokeChannelKeyAction = authedAction(
  {
    name: "api_keys.revoke_channel",
    schema: z.object({ channelId: z.uuid(), keyId: z.uuid() }),
    roles: ["owner"],
  },
  async (input, caller) => {
    await revokeApiKey({
      partnerId: caller.partnerId,
      channelId: input.channelId,
      keyId: input.keyId,
      kind: "channel",
      actor: userActor(caller),
    });
    revalidatePath(`/channels/${input.channelId}`);
    return { revoked: true };
  },
);
