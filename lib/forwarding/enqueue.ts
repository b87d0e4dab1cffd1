import "server-only";
import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { getDb } from "@/db";
import type { Executor } from "@/db/client";
import { channelWebhooks, forwardingDeliveries, partners } from "@/db/schema";
import { channelOrderKey } from "./conversations";
import { announceQueued } from "./wake";

// Queueing is only an insert, so a slow destination never slows ingestion, health or onboarding.
// System jobs call these: they take a bare partner id, not a caller scope.

/**
 * Queues a channel event (Meta's body shape) for the channel's URL; null when it has none. The
 * order key defaults to the channel's own (events without a customer); see ./conversations.
 */
export async function enqueueChannelEvent({
  partnerId,
  channelId,
  payload,
  event = "whatsapp_business_account",
  orderKey = channelOrderKey(channelId),
}: {
  partnerId: string;
  channelId: string;
  payload: unknown;
  event?: string;
  orderKey?: string;
}): Promise<{ id: string } | null> {
  const [target] = await getDb()
    .select({ url: channelWebhooks.url })
    .from(channelWebhooks)
    .where(and(eq(channelWebhooks.partnerId, partnerId), eq(channelWebhooks.channelId, channelId)));
  if (!target) return null;
  const [row] = await getDb()
    .insert(forwardingDeliveries)
    .values({
      partnerId,
      channelId,
      kind: "channel",
      event,
      url: target.url,
      body: JSON.stringify(payload),
      orderKey,
      // The app's clock, like the worker's: Postgres' now() has microseconds, so a worker ticking
      // in the same millisecond would otherwise find the event not yet due.
      nextAttemptAt: new Date(),
    })
    .returning({ id: forwardingDeliveries.id });
  await announceQueued(getDb());
  return row ?? null;
}

/**
 * Queues a partner-level event `{id, event, data}` for the partner's URL; null when unset. Pass
 * the caller's transaction as `db` to queue it only if the change it announces commits.
 */
export async function enqueuePartnerEvent({
  partnerId,
  event,
  data,
  db = getDb(),
}: {
  partnerId: string;
  event: string;
  data: unknown;
  db?: Executor;
}): Promise<{ id: string } | null> {
  const [partner] = await db
    .select({ url: partners.webhookUrl })
    .from(partners)
    .where(eq(partners.id, partnerId));
  if (!partner?.url) return null;
  const [row] = await db
    .insert(forwardingDeliveries)
    .values({
      partnerId,
      kind: "partner",
      event,
      url: partner.url,
      body: JSON.stringify({ id: randomUUID(), event, data }),
      orderKey: `partner:${partnerId}`,
      nextAttemptAt: new Date(), // the app's clock, as above
    })
    .returning({ id: forwardingDeliveries.id });
  await announceQueued(db);
  return row ?? null;
}
