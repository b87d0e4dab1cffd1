import "server-only";
import type { EchoesValue } from "@/lib/meta/webhooks";
import type { ChannelRef } from "../channels";
import { toDraft } from "../extract";
import type { BatchWrites } from "../pipeline/batch-writes";

/**
 * Field `smb_message_echoes`: what the business sent in the app (edits and revokes included),
 * to a number (`to`) or a username-only customer's BSUID (`to_user_id`).
 * Each echo also proves the app is in use: the channel's last app activity moves forward.
 * An echo arrived when the hub received its event, like a customer's message (./messages.ts).
 */
export function collectEchoes(
  writes: BatchWrites,
  { channel, value, receivedAt }: { channel: ChannelRef; value: EchoesValue; receivedAt: Date },
) {
  const scope = { partnerId: channel.partnerId, channelId: channel.id };
  for (const echo of value.message_echoes) {
    const customer = {
      waId: echo.to ?? null,
      userId: echo.to_user_id ?? null,
      parentUserId: echo.to_parent_user_id ?? null,
    };
    const draft = toDraft(echo, {
      origin: "app",
      direction: "outbound",
      customer,
      arrivedAt: receivedAt,
    });
    writes.sightings.push({ ...scope, ...customer, liveAt: draft.sentAt });
    writes.drafts.push({ ...scope, draft });
    const facts = writes.fact(channel.id, channel.partnerId);
    if (!facts.appActivityAt || facts.appActivityAt < draft.sentAt) {
      facts.appActivityAt = draft.sentAt;
    }
  }
}
