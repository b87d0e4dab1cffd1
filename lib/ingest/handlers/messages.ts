import "server-only";
import type { MessagesValue } from "@/lib/meta/webhooks";
import type { ChannelRef } from "../channels";
import type { Tx } from "../db";
import { toDraft } from "../extract";
import { applyStatuses, upsertContacts, upsertMessages } from "../write";

/** Field `messages`: customer messages (every type) with their sender's profile, and statuses. */
export async function handleMessages(
  tx: Tx,
  {
    channel,
    value,
    webhookEventId,
  }: { channel: ChannelRef; value: MessagesValue; webhookEventId: string },
) {
  const scope = { partnerId: channel.partnerId, channelId: channel.id };
  const incoming = value.messages ?? [];
  if (incoming.length > 0) {
    const profiles = new Map(
      (value.contacts ?? []).map((c) => [c.wa_id, c.profile?.name ?? null] as const),
    );
    const drafts = incoming.map((m) =>
      toDraft(m, { origin: "customer", direction: "inbound", customerWaId: m.from }),
    );
    const contactIds = await upsertContacts(tx, {
      ...scope,
      sightings: drafts.map((d) => ({
        waId: d.customerWaId,
        profileName: profiles.get(d.customerWaId) ?? null,
        liveAt: d.sentAt,
      })),
    });
    await upsertMessages(tx, { ...scope, drafts, contactIds });
  }
  await applyStatuses(tx, { ...scope, statuses: value.statuses ?? [], webhookEventId });
}
