"use server";

import { z } from "zod";
import { authedAction } from "@/lib/action";
import { type ComposerSendOutcome, storedFailureOf } from "@/lib/chats/composer-outcome";
import { getContactAddress, sendChatMessage } from "@/lib/chats/send";
import { addresseeOf } from "@/lib/meta/bsuid";

/**
 * The composer's send, for every user of the conversation: client users reply on their own
 * client's channels (their scope narrows the channel lookup in SQL). A send
 * Meta refused is stored as failed: it answers `ok` with that message and Meta's reason, so the
 * composer can put the reason on the very bubble it showed; refusals that stored nothing (window
 * closed, the cap, a bad body) answer `{ ok: false }` as usual.
 */
export const sendFromComposerAction = authedAction(
  {
    name: "chats.composer_send",
    access: "portal",
    schema: z.object({
      channelId: z.uuid(),
      contactId: z.uuid(),
      message: z.record(z.string(), z.unknown()),
      idempotencyKey: z.string().min(1).max(255),
    }),
  },
  async (input, caller): Promise<ComposerSendOutcome> => {
    const { scope } = caller;
    const address = await getContactAddress(scope, {
      channelId: input.channelId,
      contactId: input.contactId,
    });
    try {
      const result = await sendChatMessage(scope, {
        channelId: input.channelId,
        body: { ...input.message, ...addresseeOf(address) },
        idempotencyKey: input.idempotencyKey,
        sentBy: { kind: "user", userId: caller.userId },
      });
      return { sent: result };
    } catch (error) {
      const failed = storedFailureOf(error);
      if (failed) return { failed };
      throw error;
    }
  },
);
