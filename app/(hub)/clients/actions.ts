"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { authedAction } from "@/lib/action";
import { userActor } from "@/lib/partners/actor";
import { updateClient } from "@/lib/partners/clients";

export const updateClientAction = authedAction(
  {
    name: "clients.update",
    schema: z.object({
      clientId: z.uuid(),
      partnerPayload: z
        .string()
        .trim()
        .max(200)
        .transform((value) => value || null),
      maxChannels: z.coerce.number().int().min(1, "At least 1").max(1000),
    }),
    roles: ["owner"],
  },
  async (input, caller) => {
    const client = await updateClient({
      partnerId: caller.partnerId,
      clientId: input.clientId,
      changes: { partnerPayload: input.partnerPayload, maxChannels: input.maxChannels },
      actor: userActor(caller),
    });
    revalidatePath(`/clients/${input.clientId}`);
    return { partnerPayload: client.partnerPayload, maxChannels: client.maxChannels };
  },
);
