import "server-only";
import type { MessagesValue } from "@/lib/meta/webhooks";
import type { ChannelRef } from "../channels";
import { toDraft } from "../extract";
import type { BatchWrites } from "../pipeline/batch-writes";

/** Field `messages`: customer messages (every type) with their sender's profile, and statuses. */
export function collectMessages(
  writes: BatchWrites,
  {
    channel,
    value,
    webhookEventId,
  }: { channel: ChannelRef; value: MessagesValue; webhookEventId: string },
) {
  const scope = { partnerId: channel.partnerId, channelId: channel.id };
  const profiles = new Map(
    (value.contacts ?? []).map((c) => [c.wa_id, c.profile?.name ?? null] as const),
  );
  for (const message of value.messages ?? []) {
    const draft = toDraft(message, {
      origin: "customer",
      direction: "inbound",
      customerWaId: message.from,
    });
    writes.sightings.push({
      ...scope,
      waId: draft.customerWaId,
      profileName: profiles.get(draft.customerWaId) ?? null,
      liveAt: draft.sentAt,
    });
    writes.drafts.push({ ...scope, draft });
  }
  for (const update of value.statuses ?? []) {
    writes.statuses.push({ ...scope, update, webhookEventId });
  }
}
