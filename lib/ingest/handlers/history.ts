import "server-only";
import { and, eq, isNull, lt, or } from "drizzle-orm";
import { channels, historyChunks } from "@/db/schema";
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
 * (onboarding generation, phase, chunk_order) and its messages are upserted like any other, with
 * origin `history`, so the result does not depend on the order. A number onboarded again gets a
 * new import whose chunks reuse (phase, chunk_order): the channel's sync generation tells them
 * apart, while a redelivery of the same chunk stays one row. Top-level `messages` is the media
 * follow-up for placeholders (not live traffic: it never touches the inbox order). 2593109 =
 * declined, once per onboarding. The channel's sync facts (history_progress,
 * history_declined_at) move in the same transaction.
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
  const generation = channel.syncGeneration;
  let highestProgress: number | null = null;

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
      highestProgress = Math.max(highestProgress ?? 0, chunk.metadata.progress);
      await tx
        .insert(historyChunks)
        .values({
          ...scope,
          generation,
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
      // One decline per onboarding (generation 0 keeps the key it had before generations).
      dedupeBasis: generation === 0 ? "history_declined" : `history_declined|${generation}`,
      webhookEventId,
    });
  }

  if (drafts.length > 0) {
    const contactIds = await upsertContacts(tx, {
      ...scope,
      sightings: drafts.map((d) => ({ waId: d.customerWaId })),
    });
    await upsertMessages(tx, { ...scope, drafts, contactIds });
  }

  // Last, and only when the fact changes: the channel row is locked for the rest of the
  // transaction, so chunks of one channel processed at once wait on each other only briefly.
  const sameOnboarding = and(eq(channels.id, channel.id), eq(channels.syncGeneration, generation));
  if (highestProgress !== null) {
    await tx
      .update(channels)
      .set({ historyProgress: highestProgress })
      .where(
        and(
          sameOnboarding,
          or(isNull(channels.historyProgress), lt(channels.historyProgress, highestProgress)),
        ),
      );
  }
  if (declined) {
    await tx
      .update(channels)
      .set({ historyDeclinedAt: receivedAt })
      .where(and(sameOnboarding, isNull(channels.historyDeclinedAt)));
  }
}
