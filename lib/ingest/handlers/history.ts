import "server-only";
import { historyChunks } from "@/db/schema";
import {
  HISTORY_DECLINED_CODE,
  type HistoryValue,
  type MetaWebhookError,
} from "@/lib/meta/webhooks";
import type { ChannelRef } from "../channels";
import type { Tx } from "../db";
import { historyDraft, type MessageDraft } from "../extract";
import { upsertContacts, upsertMessages } from "../write";
import { recordChannelEvent } from "./channel-events";

/**
 * Field `history`: the one-time import. Chunks arrive in any order; each is recorded once per
 * (phase, chunk_order) and its messages are upserted like any other, with origin `history`, so
 * the result does not depend on the order. Top-level `messages` is the media follow-up for
 * placeholders (not live traffic: it never touches the inbox order). 2593109 = declined.
 */
export async function handleHistory(
  tx: Tx,
  {
    channel,
    value,
    webhookEventId,
    receivedAt,
  }: { channel: ChannelRef; value: HistoryValue; webhookEventId: string; receivedAt: Date },
) {
  const scope = { partnerId: channel.partnerId, channelId: channel.id };
  const business = value.metadata.display_phone_number;
  const drafts: MessageDraft[] = [];
  const errors: MetaWebhookError[] = [...(value.errors ?? [])];

  for (const chunk of value.history ?? []) {
    errors.push(...(chunk.errors ?? []));
    const threads = chunk.threads ?? [];
    let messageCount = 0;
    for (const thread of threads) {
      for (const message of thread.messages) {
        drafts.push(historyDraft(message, business, thread.id));
        messageCount++;
      }
    }
    if (chunk.metadata) {
      await tx
        .insert(historyChunks)
        .values({
          ...scope,
          phase: chunk.metadata.phase,
          chunkOrder: chunk.metadata.chunk_order,
          progress: chunk.metadata.progress,
          threadCount: threads.length,
          messageCount,
          webhookEventId,
        })
        .onConflictDoNothing();
    }
  }
  for (const message of value.messages ?? []) drafts.push(historyDraft(message, business));

  const declined = errors.find((e) => e.code === HISTORY_DECLINED_CODE);
  if (declined) {
    await recordChannelEvent(tx, {
      channel,
      kind: "history_declined",
      event: "HISTORY_DECLINED",
      reason: declined.error_data?.details ?? declined.message ?? null,
      payload: declined as Record<string, unknown>,
      occurredAt: receivedAt,
      dedupeBasis: "history_declined",
      webhookEventId,
    });
  }

  if (drafts.length === 0) return;
  const contactIds = await upsertContacts(tx, {
    ...scope,
    sightings: drafts.map((d) => ({ waId: d.customerWaId })),
  });
  await upsertMessages(tx, { ...scope, drafts, contactIds });
}
