"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { authedAction } from "@/lib/action";
import { setPasswordUrl } from "@/lib/auth/password-tokens";
import { getEnv } from "@/lib/env";
import { userActor } from "@/lib/partners/actor";
import { updateClient } from "@/lib/partners/clients";
import { inviteMember } from "@/lib/partners/users";

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
    const client = await updateClient(caller.scope, {
      clientId: input.clientId,
      changes: { partnerPayload: input.partnerPayload, maxChannels: input.maxChannels },
      actor: userActor(caller),
    });
    revalidatePath(`/clients/${input.clientId}`);
    return { partnerPayload: client.partnerPayload, maxChannels: client.maxChannels };
  },
);

/**
 * Owners invite a client's own users from its page: a `client` membership pinned to this client
 * (inviteMember checks the client is the partner's) and the one-time set-password link.
 */
export const inviteClientUserAction = authedAction(
  {
    name: "clients.invite_user",
    schema: z.object({
      clientId: z.uuid(),
      email: z.email("Enter an email address").max(200),
      name: z.string().trim().max(100).optional(),
    }),
    roles: ["owner"],
  },
  async (input, caller) => {
    const invited = await inviteMember(caller.scope, {
      email: input.email,
      name: input.name,
      role: "client",
      clientId: input.clientId,
      actor: userActor(caller),
    });
    revalidatePath(`/clients/${input.clientId}`);
    return {
      email: invited.member.email,
      setPasswordUrl: setPasswordUrl(getEnv().appUrl, invited.setPasswordToken),
    };
  },
);
