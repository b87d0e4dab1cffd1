import "server-only";
import { inArray } from "drizzle-orm";
import { getDb } from "@/db";
import { channels } from "@/db/schema";
import type { ProcessedEvent } from "@/lib/ingest/after-processing";
import { enqueueChannelEvent } from "./index";

/**
 * Hands each processed change to its channel's forwarding URL in Meta's own body shape, so a
 * partner's existing Cloud API webhook code reads it unchanged. One body per channel and field.
 */
export async function forwardProcessedEvent(event: ProcessedEvent) {
  if (event.changes.length === 0) return;
  const channelIds = [...new Set(event.changes.map((change) => change.channelId))];
  const wabaOf = new Map(
    (
      await getDb()
        .select({ id: channels.id, wabaId: channels.wabaId })
        .from(channels)
        .where(inArray(channels.id, channelIds))
    ).map((row) => [row.id, row.wabaId]),
  );
  for (const change of event.changes) {
    await enqueueChannelEvent({
      partnerId: change.partnerId,
      channelId: change.channelId,
      payload: {
        object: "whatsapp_business_account",
        entry: [
          {
            id: wabaOf.get(change.channelId) ?? "",
            time: Math.floor(event.receivedAt.getTime() / 1000),
            changes: [{ field: change.field, value: change.value }],
          },
        ],
      },
    });
  }
}
