import "server-only";
import type { MessagesValue } from "@/lib/meta/webhooks";
import type { ChannelRef } from "../channels";
import { toDraft } from "../extract";
import type { CustomerRef } from "../identity/people";
import type { BatchWrites } from "../pipeline/batch-writes";
import { userIdChangeOfSystemMessage } from "./user-ids";

/**
 * Field `messages`: customer messages (every type) with their sender's profile, and statuses.
 * The sender is named by number (`from`), by BSUID (`from_user_id`), or both; `contacts[]` adds
 * the other identifiers, the profile name and the username. A `system` message that says the
 * customer's BSUID changed re-points their contact (./user-ids.ts). Each message arrived when
 * the hub received its event (received_at): that orders messages of the same second.
 */
export function collectMessages(
  writes: BatchWrites,
  {
    channel,
    value,
    webhookEventId,
    receivedAt,
  }: { channel: ChannelRef; value: MessagesValue; webhookEventId: string; receivedAt: Date },
) {
  const scope = { partnerId: channel.partnerId, channelId: channel.id };
  const profiles = (value.contacts ?? []).map((c) => ({
    waId: c.wa_id ?? null,
    userId: c.user_id ?? null,
    parentUserId: c.parent_user_id ?? null,
    username: c.profile?.username ?? null,
    profileName: c.profile?.name ?? null,
  }));
  const profileOf = (ref: CustomerRef) =>
    profiles.find(
      (p) => (ref.waId && p.waId === ref.waId) || (ref.userId && p.userId === ref.userId),
    ) ?? (profiles.length === 1 ? profiles[0] : undefined);

  for (const message of value.messages ?? []) {
    const named: CustomerRef = {
      waId: message.from ?? null,
      userId: message.from_user_id ?? null,
      parentUserId: message.from_parent_user_id ?? null,
    };
    const profile = profileOf(named);
    const customer: CustomerRef = {
      waId: named.waId ?? profile?.waId ?? null,
      userId: named.userId ?? profile?.userId ?? null,
      parentUserId: named.parentUserId ?? profile?.parentUserId ?? null,
      username: profile?.username ?? null,
    };
    const draft = toDraft(message, {
      origin: "customer",
      direction: "inbound",
      customer,
      arrivedAt: receivedAt,
    });
    writes.sightings.push({
      ...scope,
      ...customer,
      profileName: profile?.profileName ?? null,
      liveAt: draft.sentAt,
    });
    writes.drafts.push({ ...scope, draft });
    const change = userIdChangeOfSystemMessage(message, customer);
    if (change) writes.userIdChanges.push({ ...scope, ...change });
  }
  // Statuses name their recipient; delivered and read ones may carry contacts[] too.
  for (const profile of profiles) {
    if (value.statuses?.length && (profile.waId || profile.userId)) {
      writes.sightings.push({ ...scope, ...profile, profileName: profile.profileName });
    }
  }
  for (const update of value.statuses ?? []) {
    writes.statuses.push({ ...scope, update, webhookEventId, receivedAt });
  }
}
