import "server-only";
import { eq, inArray } from "drizzle-orm";
import { getDb } from "@/db";
import { channels, channelWebhooks, forwardingDeliveries } from "@/db/schema";
import { slices } from "@/db/slices";
import type { ProcessedEvent } from "@/lib/processed-event";
import { splitByConversation } from "./conversations";
import { withPartnerCallbackData } from "./partner-view";
import { announceQueued } from "./wake";

/**
 * Hands each processed change to its channel's forwarding URL in Meta's own body shape, so a
 * partner's existing Cloud API webhook code reads it unchanged. One body per channel, field and
 * customer (see ./conversations), keyed by conversation for ordering.
 */
export async function forwardProcessedEvent(event: ProcessedEvent) {
  await forwardProcessedEvents([event]);
}

/**
 * The batch form: one read of the channels' URLs and WABA ids for every event, one insert. Only
 * an insert, so a slow destination never slows processing.
 */
export async function forwardProcessedEvents(events: readonly ProcessedEvent[]) {
  const channelIds = [
    ...new Set(events.flatMap((event) => event.changes.map((change) => change.channelId))),
  ];
  if (channelIds.length === 0) return;
  const targets = new Map(
    (
      await getDb()
        .select({
          channelId: channelWebhooks.channelId,
          partnerId: channelWebhooks.partnerId,
          url: channelWebhooks.url,
          wabaId: channels.wabaId,
        })
        .from(channelWebhooks)
        .innerJoin(channels, eq(channels.id, channelWebhooks.channelId))
        .where(inArray(channelWebhooks.channelId, channelIds))
    ).map((row) => [row.channelId, row]),
  );
  const now = new Date();
  const rows = events.flatMap((event) =>
    event.changes.flatMap((change) => {
      const target = targets.get(change.channelId);
      // The channel's own partner only: a change never reaches another partner's URL.
      if (!target || target.partnerId !== change.partnerId) return [];
      return splitByConversation(change.channelId, change.value).map((part) => ({
        partnerId: change.partnerId,
        channelId: change.channelId,
        kind: "channel" as const,
        event: "whatsapp_business_account",
        url: target.url,
        body: JSON.stringify({
          object: "whatsapp_business_account",
          entry: [
            {
              id: target.wabaId,
              time: Math.floor(event.receivedAt.getTime() / 1000),
              changes: [{ field: change.field, value: withPartnerCallbackData(part.value) }],
            },
          ],
        }),
        orderKey: part.orderKey,
        // The app's clock, like the worker's (see enqueueChannelEvent).
        nextAttemptAt: now,
      }));
    }),
  );
  if (rows.length === 0) return;
  // One statement per slice, in order: seq follows the events' order within a conversation.
  for (const slice of slices(rows, 1000)) await getDb().insert(forwardingDeliveries).values(slice);
  await announceQueued(getDb());
}
