"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { authedAction } from "@/lib/action";
import { redeliver } from "@/lib/forwarding/delivery-log";
import { setChannelWebhook } from "@/lib/forwarding/settings";
import { sendTestEvent } from "@/lib/forwarding/test-event";
import { userActor } from "@/lib/partners/actor";
import { createChannelApiKey, revokeApiKey } from "@/lib/partners/api-keys";

export const createChannelKeyAction = authedAction(
  {
    name: "api_keys.create_channel",
    schema: z.object({ channelId: z.uuid(), name: z.string().trim().max(100).optional() }),
    roles: ["owner"],
  },
  async (input, caller) => {
    const created = await createChannelApiKey(caller.scope, {
      channelId: input.channelId,
      name: input.name,
      actor: userActor(caller),
    });
    revalidatePath(`/channels/${input.channelId}/api-keys`);
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
    await revokeApiKey(caller.scope, {
      channelId: input.channelId,
      keyId: input.keyId,
      kind: "channel",
      actor: userActor(caller),
    });
    revalidatePath(`/channels/${input.channelId}/api-keys`);
    return { revoked: true };
  },
);

const headerLines = z
  .string()
  .optional()
  .transform((text, ctx) => {
    const headers: Record<string, string> = {};
    for (const line of (text ?? "").split(/\r?\n/)) {
      if (!line.trim()) continue;
      const match = /^([A-Za-z0-9-]+):\s*(.+)$/.exec(line.trim());
      if (!match) {
        ctx.addIssue({ code: "custom", message: `"${line.trim()}" is not "Name: value"` });
        return z.NEVER;
      }
      headers[match[1]!] = match[2]!;
    }
    return headers;
  });

export const setChannelWebhookAction = authedAction(
  {
    name: "forwarding.set_channel_webhook",
    schema: z.object({
      channelId: z.uuid(),
      url: z
        .string()
        .trim()
        .transform((value) => value || null)
        .pipe(
          z
            .url({ protocol: /^https?$/, message: "Enter an http(s) URL" })
            .max(2000)
            .nullable(),
        ),
      headers: headerLines,
    }),
    roles: ["owner"],
  },
  async (input, caller) => {
    await setChannelWebhook(caller.scope, {
      channelId: input.channelId,
      url: input.url,
      headers: input.headers,
      actor: userActor(caller),
    });
    revalidatePath(`/channels/${input.channelId}/webhooks`);
    return { saved: true };
  },
);

export const sendTestEventAction = authedAction(
  { name: "forwarding.test_event", schema: z.object({ channelId: z.uuid() }), roles: ["owner"] },
  async (input, caller) => {
    const outcome = await sendTestEvent(caller.scope, {
      channelId: input.channelId,
      actor: userActor(caller),
    });
    revalidatePath(`/channels/${input.channelId}/webhooks`);
    return outcome;
  },
);

export const redeliverAction = authedAction(
  { name: "forwarding.redeliver", schema: z.object({ deliveryId: z.uuid() }), roles: ["owner"] },
  async (input, caller) => {
    const row = await redeliver(caller.scope, {
      deliveryId: input.deliveryId,
      actor: userActor(caller),
    });
    if (row.channelId) revalidatePath(`/channels/${row.channelId}/webhooks`);
    return { queued: true };
  },
);
