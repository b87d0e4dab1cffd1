import "server-only";
import type { Tx } from "@/db/client";
import {
  HISTORY_DECLINED_CODE,
  type HistoryValue,
  type MetaWebhookError,
} from "@/lib/meta/webhooks";
import type { ChannelRef } from "../channels";
import { historyDraft } from "../extract";
import type { BatchWrites } from "../pipeline/batch-writes";
import { recordChannelEvent } from "./channel-events";

/**
 * Field `history`: the one-time import. Chunks arrive in any order; each is recorded once per
 * (onboarding generation, phase, chunk_order) and its messages are upserted like any other, with
 * origin `history`, so the result does not depend on the order. A number onboarded again gets a
 * new import whose chunks reuse (phase, chunk_order): the channel's sync generation tells them
 * apart, while a redelivery of the same chunk stays one row. Top-level `messages` is the media
 * follow-up for placeholders (not live traffic: it never touches the inbox order). 2593109 =
 * declined, once per onboarding. The channel's sync facts (history_progress,
 * history_declined_at) move in the same transaction. An imported message "arrived" at its own
 * time (messages.arrivedAt): whichever chunk brings it, messages of one second keep their storage
 * order, before any live message of that second.
 */
export async function collectHistory(
  tx: Tx,
  writes: BatchWrites,
  {
    channel,
    value,
    webhookEventId,
    receivedAt,
  }: { channel: ChannelRef; value: HistoryValue; webhookEventId: string; receivedAt: Date },
) {
  const scope = { partnerId: channel.partnerId, channelId: channel.id };
  const business = value.metadata.display_phone_number;
  const errors: MetaWebhookError[] = [...(value.errors ?? [])];
  const generation = channel.syncGeneration;
  const facts = writes.fact(channel.id, channel.partnerId);
  const addDraft = (draft: ReturnType<typeof historyDraft>) => {
    writes.sightHistoryCustomer(scope, draft.customer);
    writes.drafts.push({ partnerId: scope.partnerId, channelId: scope.channelId, draft });
  };

  for (const chunk of value.history ?? []) {
    errors.push(...(chunk.errors ?? []));
    const threads = chunk.threads ?? [];
    let messageCount = 0;
    for (const thread of threads) {
      const customer = {
        waId: thread.id ?? thread.context?.wa_id ?? null,
        userId: thread.context?.user_id ?? null,
        parentUserId: thread.context?.parent_user_id ?? null,
        username: thread.context?.username ?? null,
      };
      for (const message of thread.messages) {
        addDraft(historyDraft(message, business, customer));
        messageCount++;
      }
    }
    if (chunk.metadata) {
      const progress = chunk.metadata.progress;
      if (!facts.historyProgress || facts.historyProgress.progress < progress) {
        facts.historyProgress = { generation, progress };
      }
      writes.chunks.push({
        ...scope,
        generation,
        phase: chunk.metadata.phase,
        chunkOrder: chunk.metadata.chunk_order,
        progress,
        threadCount: threads.length,
        messageCount,
        webhookEventId,
      });
    }
  }
  for (const message of value.messages ?? []) addDraft(historyDraft(message, business));

  const declined = errors.find((e) => e.code === HISTORY_DECLINED_CODE);
  if (declined) {
    await recordChannelEvent(tx, {
      channel,
      kind: "history_declined",
      event: "HISTORY_DECLINED",
      reason: declined.error_data?.details ?? declined.message ?? null,
      payload: declined as Record<string, unknown>,
      occurredAt: receivedAt,
      // One decline per onboarding (generation 0 keeps the key it had before generations).
      dedupeBasis: generation === 0 ? "history_declined" : `history_declined|${generation}`,
      webhookEventId,
    });
    if (!facts.historyDeclinedAt) facts.historyDeclinedAt = { generation, at: receivedAt };
  }
}
