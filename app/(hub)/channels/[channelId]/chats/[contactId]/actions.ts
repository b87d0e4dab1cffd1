"use server";

import { z } from "zod";
import { authedAction } from "@/lib/action";
import { chatScope } from "@/lib/chats/access";
import { getComposerState, getContactWaId, sendChatMessage } from "@/lib/chats/send";

const conversation = { channelId: z.uuid(), contactId: z.uuid() };

/**
 * The composer's send: a Cloud API message body without `to` (the conversation's customer is the
 * recipient), through the one send path. Pass a fresh `idempotencyKey` per message typed, so a
 * double click or a retry after a network error sends once.
 * Answers `ActionResult<SendResult>`; a refusal (window closed: 131047, cap, Meta's error) is
 * `{ ok: false, code, message }` with Meta's code in the message.
 */
export const sendChatMessageAction = authedAction(
  {
    name: "chats.send",
    schema: z.object({
      ...conversation,
      message: z.record(z.string(), z.unknown()),
      idempotencyKey: z.string().min(1).max(255).optional(),
      dryRun: z.boolean().optional(),
    }),
  },
  async (input, caller) => {
    const { partnerId, clientId } = chatScope(caller);
    const waId = await getContactWaId({ partnerId, clientId, ...pick(input) });
    return sendChatMessage({
      partnerId,
      clientId,
      channelId: input.channelId,
      body: { ...input.message, to: waId },
      idempotencyKey: input.idempotencyKey ?? null,
      dryRun: input.dryRun,
      sentBy: { kind: "user", userId: caller.userId },
    });
  },
);

/** What the composer offers now: window, approved templates with parameters, estimates. */
export const getComposerStateAction = authedAction(
  { name: "chats.composer_state", schema: z.object(conversation) },
  async (input, caller) => {
    const { partnerId, clientId } = chatScope(caller);
    const waId = await getContactWaId({ partnerId, clientId, ...pick(input) });
    return getComposerState({ partnerId, clientId, channelId: input.channelId, waId });
  },
);

function pick(input: { channelId: string; contactId: string }) {
  return { channelId: input.channelId, contactId: input.contactId };
}
