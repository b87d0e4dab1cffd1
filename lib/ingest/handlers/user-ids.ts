import "server-only";
import type { UserIdUpdateValue, UserPreferencesValue } from "@/lib/meta/webhooks";
import type { ChannelRef } from "../channels";
import { obj as asObject } from "../extract";
import type { CustomerRef, UserIdChange } from "../identity/people";
import type { BatchWrites } from "../pipeline/batch-writes";

const str = (value: unknown) => (typeof value === "string" && value ? value : null);
const objOf = (value: unknown) => asObject(value) ?? {};

/** System message types that say a customer's BSUID (or number, hence BSUID) changed. */
const ID_CHANGE_TYPES = new Set([
  "user_changed_user_id",
  "user_changed_number",
  "customer_changed_number",
]);

/**
 * The BSUID change a `system` message announces (Meta's August 2026 shape): the previous id is
 * `system.previous_user_id` (else the sender's `from_user_id`), the new one `system.user_id`
 * (or `new_user_id`); a number change also names the new number (`system.wa_id`).
 */
export function userIdChangeOfSystemMessage(
  message: { type: string; timestamp: number; [key: string]: unknown },
  sender: CustomerRef,
): Omit<UserIdChange, "channelId" | "partnerId"> | null {
  if (message.type !== "system") return null;
  const system = objOf(message.system);
  const kind = str(system.type);
  if (!kind || !ID_CHANGE_TYPES.has(kind)) return null;
  const previousUserId = str(system.previous_user_id) ?? sender.userId ?? null;
  const userId = str(system.user_id) ?? str(system.new_user_id);
  if (!previousUserId || !userId || previousUserId === userId) return null;
  return {
    previousUserId,
    userId,
    waId: str(system.wa_id) ?? str(system.new_wa_id),
    at: new Date(message.timestamp * 1000),
  };
}

/**
 * Field `user_id_update`: each item re-points a customer from the previous BSUID to the current
 * one, in both shapes Meta has documented (nested `detail.previous/current`, or flat). Without
 * phone metadata it routes to every number of the WABA: a BSUID belongs to the portfolio.
 */
export function collectUserIdUpdates(
  writes: BatchWrites,
  {
    channels,
    value,
    receivedAt,
  }: { channels: ChannelRef[]; value: UserIdUpdateValue; receivedAt: Date },
) {
  for (const item of value.user_id_update) {
    const detail = objOf(item.detail);
    const previousUserId = str(objOf(detail.previous).user_id) ?? str(item.previous_user_id);
    const userId = str(objOf(detail.current).user_id) ?? str(item.user_id);
    if (!previousUserId || !userId || previousUserId === userId) continue;
    const at = item.timestamp ? new Date(item.timestamp * 1000) : receivedAt;
    for (const channel of channels) {
      writes.userIdChanges.push({
        partnerId: channel.partnerId,
        channelId: channel.id,
        previousUserId,
        userId,
        waId: str(item.wa_id),
        at,
      });
    }
  }
}

/**
 * Field `user_preferences` (a customer stopped or resumed marketing messages): the identities it
 * names are linked like any sighting; the preference itself stays in the stored event.
 */
export function collectUserPreferences(
  writes: BatchWrites,
  { channels, value }: { channels: ChannelRef[]; value: UserPreferencesValue },
) {
  const refs: CustomerRef[] = [
    ...(value.contacts ?? []).map((c) => ({
      waId: c.wa_id ?? null,
      userId: c.user_id ?? null,
      parentUserId: c.parent_user_id ?? null,
      username: c.profile?.username ?? null,
    })),
    ...(value.user_preferences ?? []).map((p) => ({
      waId: p.wa_id ?? null,
      userId: p.user_id ?? null,
    })),
  ];
  for (const channel of channels) {
    for (const ref of refs) {
      if (ref.waId || ref.userId) {
        writes.sightings.push({ partnerId: channel.partnerId, channelId: channel.id, ...ref });
      }
    }
  }
}
