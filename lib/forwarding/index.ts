import "server-only";
import { randomUUID } from "node:crypto";
import { and, count, desc, eq, inArray, sql } from "drizzle-orm";
import { getDb } from "@/db";
import {
  channels,
  channelWebhooks,
  type ForwardingDelivery,
  forwardingDeliveries,
  partners,
} from "@/db/schema";
import type { PartnerScope } from "@/lib/auth/scope";
import { decryptSecret, encryptSecret } from "@/lib/crypto";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import type { Executor } from "@/lib/ingest/db";
import type { Actor } from "@/lib/partners/actor";
import { recordAudit } from "@/lib/partners/audit";
import { type ClaimScope, claimDueDeliveries, claimMs, ORDER_HOLD_MS } from "./claim";
import { channelOrderKey } from "./conversations";
import { type AttemptOutcome, attemptDelivery, noAnswerMessage, SendContext } from "./deliver";
import { assertForwardingTarget, retargetPending } from "./targets";
import { announceQueued } from "./wake";

// ---- configuration -------------------------------------------------------------------------

export type ChannelWebhookSettings = { url: string; headers: Record<string, string> } | null;

export async function getChannelWebhook(
  scope: PartnerScope,
  { channelId }: { channelId: string },
): Promise<ChannelWebhookSettings> {
  const { partnerId } = scope;
  const [row] = await getDb()
    .select()
    .from(channelWebhooks)
    .where(and(eq(channelWebhooks.partnerId, partnerId), eq(channelWebhooks.channelId, channelId)));
  if (!row) return null;
  return {
    url: row.url,
    headers: row.headersEncrypted
      ? (JSON.parse(decryptSecret(row.headersEncrypted, getEnv().encryptionKey)) as Record<
          string,
          string
        >)
      : {},
  };
}

/** Sets (or, with a null url, removes) a channel's forwarding URL and custom headers. */
export async function setChannelWebhook(
  scope: PartnerScope,
  {
    channelId,
    url,
    headers,
    actor,
  }: { channelId: string; url: string | null; headers: Record<string, string>; actor: Actor },
) {
  const { partnerId } = scope;
  if (url !== null) await assertForwardingTarget(url);
  const before = await getChannelWebhook(scope, { channelId });
  await getDb().transaction(async (tx) => {
    const [channel] = await tx
      .select({ id: channels.id })
      .from(channels)
      .where(and(eq(channels.partnerId, partnerId), eq(channels.id, channelId)));
    if (!channel) throw new AppError("not_found", "Channel not found.");
    if (url === null) {
      await tx.delete(channelWebhooks).where(eq(channelWebhooks.channelId, channelId));
    } else {
      const headersEncrypted = Object.keys(headers).length
        ? encryptSecret(JSON.stringify(headers), getEnv().encryptionKey)
        : null;
      await tx
        .insert(channelWebhooks)
        .values({ channelId, partnerId, url, headersEncrypted })
        .onConflictDoUpdate({ target: channelWebhooks.channelId, set: { url, headersEncrypted } });
    }
    await retargetPending(tx, { partnerId, channelId, url });
    // Header values may be credentials: the audit log records their names only.
    await recordAudit(
      {
        partnerId,
        actor,
        action: "channel.webhook_updated",
        targetType: "channel",
        targetId: channelId,
        before: before ? { url: before.url, headers: Object.keys(before.headers) } : null,
        after: url ? { url, headers: Object.keys(headers) } : null,
      },
      tx,
    );
  });
}

// ---- enqueueing (called by ingestion; only an insert, so a slow destination never slows it) ---
// These and the worker below are system jobs: they take a bare partner id, not a caller scope.

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

// ---- delivery --------------------------------------------------------------------------------

export type { ClaimScope } from "./claim";
export { claimDueDeliveries, ORDER_HOLD_MS } from "./claim";
export type { AttemptOutcome } from "./deliver";
export { attemptDelivery } from "./deliver";

/**
 * One pass (tests, and a caller without a running worker): claim what is due, deliver with at
 * most `perUrl` requests per URL. One delivery per conversation is claimed at a time, so order
 * within a conversation holds.
 */
export async function processDueDeliveries({
  now = new Date(),
  limit = 50,
  partnerIds,
  perUrl = 16,
}: ClaimScope & { perUrl?: number } = {}) {
  const claimed = (await claimDueDeliveries({ now, limit, partnerIds })).sort(
    (a, b) => a.seq - b.seq,
  );
  const context = new SendContext();
  const byUrl = new Map<string, ForwardingDelivery[]>();
  for (const delivery of claimed)
    byUrl.set(delivery.url, [...(byUrl.get(delivery.url) ?? []), delivery]);
  let delivered = 0;
  await Promise.all(
    [...byUrl.values()].map(async (queue) => {
      const lanes = Array.from({ length: Math.min(perUrl, queue.length) }, async () => {
        for (let next = queue.shift(); next; next = queue.shift()) {
          if ((await attemptDelivery(next, now, { context })).ok) delivered++;
        }
      });
      await Promise.all(lanes);
    }),
  );
  return { claimed: claimed.length, delivered };
}

// ---- console ---------------------------------------------------------------------------------

/** Sends a test event to the channel's URL now and answers with what the destination said. */
export async function sendChannelTestEvent(
  scope: PartnerScope,
  { channelId, actor }: { channelId: string; actor: Actor },
): Promise<AttemptOutcome & { deliveryId: string }> {
  const { partnerId } = scope;
  const webhook = await getChannelWebhook(scope, { channelId });
  const [channel] = await getDb()
    .select({
      phoneNumberId: channels.phoneNumberId,
      number: channels.displayPhoneNumber,
      wabaId: channels.wabaId,
    })
    .from(channels)
    .where(and(eq(channels.partnerId, partnerId), eq(channels.id, channelId)));
  if (!channel) throw new AppError("not_found", "Channel not found.");
  if (!webhook) throw new AppError("unprocessable", "Set a forwarding URL for this channel first.");
  // Meta's shape, so the partner's parser sees what real traffic looks like.
  const payload = {
    object: "whatsapp_business_account",
    entry: [
      {
        id: channel.wabaId,
        changes: [
          {
            field: "coex_test",
            value: {
              messaging_product: "whatsapp",
              metadata: {
                display_phone_number: channel.number,
                phone_number_id: channel.phoneNumberId,
              },
              test: true,
              sent_at: new Date().toISOString(),
            },
          },
        ],
      },
    ],
  };
  // Unordered (no order key): a test must not wait behind a queue of failing real events.
  const [delivery] = await getDb()
    .insert(forwardingDeliveries)
    .values({
      partnerId,
      channelId,
      kind: "channel",
      event: "test",
      url: webhook.url,
      body: JSON.stringify(payload),
      status: "delivering",
      claimedUntil: new Date(Date.now() + claimMs()),
    })
    .returning();
  await recordAudit({
    partnerId,
    actor,
    action: "channel.test_event_sent",
    targetType: "channel",
    targetId: channelId,
    after: { url: webhook.url },
  });
  return { ...(await attemptTestDelivery(delivery!)), deliveryId: delivery!.id };
}

/** Sends a `test` partner event to the partner's event URL now and answers with the outcome. */
export async function sendPartnerTestEvent(
  scope: PartnerScope,
  { actor }: { actor: Actor },
): Promise<AttemptOutcome & { deliveryId: string }> {
  const { partnerId } = scope;
  const [partner] = await getDb()
    .select({ url: partners.webhookUrl })
    .from(partners)
    .where(eq(partners.id, partnerId));
  if (!partner) throw new AppError("not_found", "Partner not found.");
  if (!partner.url) throw new AppError("unprocessable", "Set your partner event URL first.");
  const [delivery] = await getDb()
    .insert(forwardingDeliveries)
    .values({
      partnerId,
      kind: "partner",
      event: "test",
      url: partner.url,
      body: JSON.stringify({
        id: randomUUID(),
        event: "test",
        data: { sent_at: new Date().toISOString() },
      }),
      status: "delivering",
      claimedUntil: new Date(Date.now() + claimMs()),
    })
    .returning();
  await recordAudit({
    partnerId,
    actor,
    action: "partner.test_event_sent",
    targetType: "partner",
    targetId: partnerId,
    after: { url: partner.url },
  });
  return { ...(await attemptTestDelivery(delivery!)), deliveryId: delivery!.id };
}

/**
 * The test buttons' attempt. Without an HTTP answer (refused address, refused connection,
 * timeout) the answer reads the same and comes after the same time, the request timeout: the
 * button tells a partner whether their endpoint answers, not what listens inside the network.
 */
async function attemptTestDelivery(delivery: ForwardingDelivery): Promise<AttemptOutcome> {
  const timeoutMs = getEnv().forwarding.timeoutMs;
  const started = Date.now();
  const outcome = await attemptDelivery(delivery);
  if (outcome.statusCode !== null) return outcome;
  const wait = timeoutMs - (Date.now() - started);
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  return { ...outcome, error: noAnswerMessage(timeoutMs), latencyMs: timeoutMs };
}

/** Queues a delivery again, now (after the partner fixed their endpoint, say). */
export async function redeliver(
  scope: PartnerScope,
  { deliveryId, actor }: { deliveryId: string; actor: Actor },
) {
  const { partnerId } = scope;
  const [row] = await getDb()
    .update(forwardingDeliveries)
    .set({ status: "pending", nextAttemptAt: new Date(), claimedUntil: null })
    .where(
      and(
        eq(forwardingDeliveries.partnerId, partnerId),
        eq(forwardingDeliveries.id, deliveryId),
        inArray(forwardingDeliveries.status, ["delivered", "failed", "pending"]),
      ),
    )
    .returning({ id: forwardingDeliveries.id, channelId: forwardingDeliveries.channelId });
  if (!row) throw new AppError("not_found", "Delivery not found.");
  await recordAudit({
    partnerId,
    actor,
    action: "forwarding.redelivered",
    targetType: "delivery",
    targetId: deliveryId,
  });
  return row;
}

export async function listDeliveries(
  scope: PartnerScope,
  {
    channelId,
    kind,
    limit = 50,
    offset = 0,
    now = new Date(),
  }: {
    channelId?: string;
    kind?: "channel" | "partner";
    limit?: number;
    offset?: number;
    now?: Date;
  } = {},
) {
  const { partnerId } = scope;
  const releasedBefore = new Date(now.getTime() - ORDER_HOLD_MS).toISOString();
  const where = and(
    eq(forwardingDeliveries.partnerId, partnerId),
    channelId ? eq(forwardingDeliveries.channelId, channelId) : undefined,
    kind ? eq(forwardingDeliveries.kind, kind) : undefined,
  );
  const db = getDb();
  const [rows, [total]] = await Promise.all([
    db
      .select({
        id: forwardingDeliveries.id,
        event: forwardingDeliveries.event,
        url: forwardingDeliveries.url,
        status: forwardingDeliveries.status,
        attempts: forwardingDeliveries.attempts,
        lastStatusCode: forwardingDeliveries.lastStatusCode,
        lastError: forwardingDeliveries.lastError,
        lastLatencyMs: forwardingDeliveries.lastLatencyMs,
        nextAttemptAt: forwardingDeliveries.nextAttemptAt,
        createdAt: forwardingDeliveries.createdAt,
        // Failing for over an hour (or delivered after that): its conversation went on without
        // it, so the partner may have received later events first.
        outOfOrder: sql<boolean>`(${forwardingDeliveries.orderKey} is not null
          and ${forwardingDeliveries.firstFailedAt} is not null
          and ${forwardingDeliveries.firstFailedAt}
            <= coalesce(${forwardingDeliveries.deliveredAt} - interval '1 hour', ${releasedBefore}::timestamptz))`,
      })
      .from(forwardingDeliveries)
      .where(where)
      .orderBy(desc(forwardingDeliveries.seq))
      .limit(limit)
      .offset(offset),
    db.select({ value: count() }).from(forwardingDeliveries).where(where),
  ]);
  return { deliveries: rows, total: total?.value ?? 0 };
}

/**
 * Channels whose forwarding has been failing for a while: the oldest unfinished delivery is older
 * than `olderThanMs` (a day by default). For the health work, which raises the channel warning.
 */
export async function listFailingForwardingChannels({
  partnerId,
  olderThanMs = 24 * 60 * 60 * 1000,
  now = new Date(),
}: {
  partnerId: string;
  olderThanMs?: number;
  now?: Date;
}) {
  const cutoff = new Date(now.getTime() - olderThanMs);
  const rows = await getDb()
    .select({
      channelId: forwardingDeliveries.channelId,
      oldestPendingAt: sql<string>`min(${forwardingDeliveries.createdAt})`,
      url: sql<string>`min(${forwardingDeliveries.url})`,
    })
    .from(forwardingDeliveries)
    .where(
      and(
        eq(forwardingDeliveries.partnerId, partnerId),
        eq(forwardingDeliveries.kind, "channel"),
        // Still being retried: a destination that recovered leaves nothing pending.
        inArray(forwardingDeliveries.status, ["pending", "delivering"]),
        sql`${forwardingDeliveries.createdAt} < ${cutoff.toISOString()}::timestamptz`,
        sql`${forwardingDeliveries.attempts} > 0`,
      ),
    )
    .groupBy(forwardingDeliveries.channelId);
  return rows
    .filter((row): row is typeof row & { channelId: string } => row.channelId !== null)
    .map((row) => ({
      channelId: row.channelId,
      url: row.url,
      since: new Date(row.oldestPendingAt),
    }));
}
