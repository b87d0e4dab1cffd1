import "server-only";
import type { StateSyncValue } from "@/lib/meta/webhooks";
import type { ChannelRef } from "../channels";
import type { BatchWrites } from "../pipeline/batch-writes";

/**
 * Field `smb_app_state_sync`: contacts saved in the app, added (or edited) and removed. The latest
 * action by its own timestamp wins, whatever order they arrive in (pipeline/app-contacts.ts). The
 * first one since the onboarding marks the channel's contacts sync received
 * (channels.contacts_synced_at), in the same transaction; a contact change after that is app
 * activity (channels.last_app_activity_at).
 */
export function collectStateSync(
  writes: BatchWrites,
  { channel, value, receivedAt }: { channel: ChannelRef; value: StateSyncValue; receivedAt: Date },
) {
  const facts = writes.fact(channel.id, channel.partnerId);
  for (const item of value.state_sync) {
    const waId = item.contact?.phone_number?.replace(/\D/g, "") || null;
    const userId = item.contact?.user_id ?? null;
    if (item.type !== "contact" || (!waId && !userId)) continue;
    const removed = item.action === "remove";
    const at = item.metadata ? new Date(item.metadata.timestamp * 1000) : receivedAt;
    // After the requested import, a contact change is the business using the app.
    if (!facts.appContactChangeAt || facts.appContactChangeAt < at) facts.appContactChangeAt = at;
    const name = removed ? null : (item.contact?.full_name ?? item.contact?.first_name ?? null);
    writes.sightings.push({ partnerId: channel.partnerId, channelId: channel.id, waId, userId });
    writes.appContacts.push({
      partnerId: channel.partnerId,
      channelId: channel.id,
      address: (waId ?? userId)!,
      removed,
      at,
      name,
      nameAt: removed ? null : at,
    });
  }
  if (!facts.contactsSyncedAt || facts.contactsSyncedAt.at > receivedAt) {
    facts.contactsSyncedAt = { generation: channel.syncGeneration, at: receivedAt };
  }
}
