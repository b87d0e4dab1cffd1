import "server-only";
import { randomUUID } from "node:crypto";
import { and, count, desc, eq, inArray, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { rowsOf } from "@/db/client";
import {
  channels,
  channelWebhooks,
  type ForwardingDelivery,
  forwardingDeliveries,
  partners,
} from "@/db/schema";
import { decryptSecret, encryptSecret } from "@/lib/crypto";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import type { Executor } from "@/lib/ingest/db";
import { getLogger } from "@/lib/logger";
import type { Actor } from "@/lib/partners/actor";
import { recordAudit } from "@/lib/partners/audit";
import { getSigningSecrets } from "@/lib/partners/settings";
import { nextAttemptAt, signatureHeaders } from "./signing";

/** How long one worker may hold a claimed delivery before another may take it. */
const CLAIM_MS = 60_000;
/** At most this many requests in flight to one URL from one worker tick. */
export const PER_URL_CONCURRENCY = 4;

// ---- configuration -------------------------------------------------------------------------

export type ChannelWebhookSettings = { url: string; headers: Record<string, string> } | null;

export async function getChannelWebhook({
  partnerId,
  channelId,
}: {
  partnerId: string;
  channelId: string;
}): Promise<ChannelWebhookSettings> {
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
export async function setChannelWebhook({
  partnerId,
  channelId,
  url,
  headers,
  actor,
}: {
  partnerId: string;
  channelId: string;
  url: string | null;
  headers: Record<string, string>;
  actor: Actor;
}) {
  const before = await getChannelWebhook({ partnerId, channelId });
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

/** Queues a channel event (Meta's body shape) for the channel's URL; null when it has none. */
export async function enqueueChannelEvent({
  partnerId,
  channelId,
  payload,
  event = "whatsapp_business_account",
}: {
  partnerId: string;
  channelId: string;
  payload: unknown;
  event?: string;
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
      orderKey: channelId,
      // The app's clock, like the worker's: Postgres' now() has microseconds, so a worker ticking
      // in the same millisecond would otherwise find the event not yet due.
      nextAttemptAt: new Date(),
    })
    .returning({ id: forwardingDeliveries.id });
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
  return row ?? null;
}

// ---- delivery --------------------------------------------------------------------------------

/**
 * Claims due deliveries with FOR UPDATE SKIP LOCKED, so several instances never send one event
 * at the same time. A delivery waits while an earlier one with the same order key is unfinished:
 * a later event for a channel never overtakes an earlier one.
 */
type WorkerScope = {
  now?: Date;
  limit?: number;
  /** Only these partners' deliveries (tests sharing one database); all partners when absent. */
  partnerIds?: readonly string[];
};

export async function claimDueDeliveries({
  now = new Date(),
  limit = 50,
  partnerIds,
}: WorkerScope = {}) {
  const scope = partnerIds
    ? sql`and d.partner_id in (${sql.join(
        partnerIds.map((id) => sql`${id}::uuid`),
        sql`, `,
      )})`
    : sql``;
  const result = await getDb().execute(sql`
    with due as (
      select d.id from forwarding_deliveries d
      where ((d.status = 'pending' and d.next_attempt_at <= ${now.toISOString()}::timestamptz)
          or (d.status = 'delivering' and d.claimed_until < ${now.toISOString()}::timestamptz))
        ${scope}
        and (d.order_key is null or not exists (
          select 1 from forwarding_deliveries e
          where e.order_key = d.order_key and e.seq < d.seq
            and e.status in ('pending', 'delivering')))
      order by d.seq
      limit ${limit}
      for update skip locked
    )
    update forwarding_deliveries f
    set status = 'delivering', claimed_until = ${new Date(now.getTime() + CLAIM_MS).toISOString()}::timestamptz
    from due where f.id = due.id
    returning f.id`);
  const ids = rowsOf<{ id: string }>(result).map((row) => row.id);
  if (ids.length === 0) return [];
  return getDb()
    .select()
    .from(forwardingDeliveries)
    .where(inArray(forwardingDeliveries.id, ids))
    .orderBy(forwardingDeliveries.seq);
}

export type AttemptOutcome = {
  ok: boolean;
  statusCode: number | null;
  latencyMs: number;
  error: string | null;
};

async function customHeadersFor(delivery: ForwardingDelivery) {
  if (delivery.kind !== "channel" || !delivery.channelId) return {};
  return (
    (await getChannelWebhook({ partnerId: delivery.partnerId, channelId: delivery.channelId }))
      ?.headers ?? {}
  );
}

/** One HTTP attempt, with the timeout; records the outcome and schedules a retry or gives up. */
export async function attemptDelivery(
  delivery: ForwardingDelivery,
  now = new Date(),
): Promise<AttemptOutcome> {
  const env = getEnv();
  const secrets = await getSigningSecrets({ partnerId: delivery.partnerId, now });
  const started = performance.now();
  let outcome: AttemptOutcome;
  if (secrets.length === 0) {
    outcome = {
      ok: false,
      statusCode: null,
      latencyMs: 0,
      error: "No partner secret: create one in Settings",
    };
  } else {
    try {
      const response = await fetch(delivery.url, {
        method: "POST",
        headers: {
          ...(await customHeadersFor(delivery)),
          "Content-Type": "application/json",
          "User-Agent": "CoexHub-Forwarder/1",
          "X-Coex-Event": delivery.event,
          "X-Coex-Delivery": delivery.id,
          ...signatureHeaders(delivery.body, secrets, new Date()),
        },
        body: delivery.body,
        redirect: "manual",
        signal: AbortSignal.timeout(env.forwarding.timeoutMs),
      });
      await response.body?.cancel().catch(() => undefined);
      const ok = response.status >= 200 && response.status < 300;
      outcome = {
        ok,
        statusCode: response.status,
        latencyMs: Math.round(performance.now() - started),
        error: ok ? null : `HTTP ${response.status}`,
      };
    } catch (error) {
      const timedOut = (error as Error).name === "TimeoutError";
      outcome = {
        ok: false,
        statusCode: null,
        latencyMs: Math.round(performance.now() - started),
        error: timedOut
          ? `No answer within ${env.forwarding.timeoutMs} ms`
          : `Connection failed: ${(error as Error).message}`,
      };
    }
  }
  const attempts = delivery.attempts + 1;
  const retryAt = outcome.ok
    ? null
    : nextAttemptAt({
        attempts,
        createdAt: delivery.createdAt,
        now,
        maxAgeMs: env.forwarding.maxAgeMs,
      });
  await getDb()
    .update(forwardingDeliveries)
    .set({
      attempts,
      status: outcome.ok ? "delivered" : retryAt ? "pending" : "failed",
      nextAttemptAt: retryAt ?? delivery.nextAttemptAt,
      claimedUntil: null,
      lastStatusCode: outcome.statusCode,
      lastError: outcome.error,
      lastLatencyMs: outcome.latencyMs,
      lastAttemptAt: now,
      deliveredAt: outcome.ok ? now : null,
    })
    .where(eq(forwardingDeliveries.id, delivery.id));
  if (!outcome.ok) {
    getLogger().warn(
      {
        deliveryId: delivery.id,
        partnerId: delivery.partnerId,
        statusCode: outcome.statusCode,
        attempts,
      },
      "forwarding attempt failed",
    );
  }
  return outcome;
}

/**
 * One worker tick: claim what is due, deliver with at most PER_URL_CONCURRENCY requests per URL
 * and in order within each order key.
 */
export async function processDueDeliveries({
  now = new Date(),
  limit = 50,
  partnerIds,
}: WorkerScope = {}) {
  const claimed = await claimDueDeliveries({ now, limit, partnerIds });
  const byUrl = new Map<string, ForwardingDelivery[]>();
  for (const delivery of claimed)
    byUrl.set(delivery.url, [...(byUrl.get(delivery.url) ?? []), delivery]);
  let delivered = 0;
  await Promise.all(
    [...byUrl.values()].map(async (queue) => {
      const lanes = Array.from(
        { length: Math.min(PER_URL_CONCURRENCY, queue.length) },
        async () => {
          for (let next = queue.shift(); next; next = queue.shift()) {
            if ((await attemptDelivery(next, now)).ok) delivered++;
          }
        },
      );
      await Promise.all(lanes);
    }),
  );
  return { claimed: claimed.length, delivered };
}

// ---- console ---------------------------------------------------------------------------------

/** Sends a test event to the channel's URL now and answers with what the destination said. */
export async function sendChannelTestEvent({
  partnerId,
  channelId,
  actor,
}: {
  partnerId: string;
  channelId: string;
  actor: Actor;
}): Promise<AttemptOutcome & { deliveryId: string }> {
  const webhook = await getChannelWebhook({ partnerId, channelId });
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
      claimedUntil: new Date(Date.now() + CLAIM_MS),
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
  const outcome = await attemptDelivery(delivery!);
  return { ...outcome, deliveryId: delivery!.id };
}

/** Sends a `test` partner event to the partner's event URL now and answers with the outcome. */
export async function sendPartnerTestEvent({
  partnerId,
  actor,
}: {
  partnerId: string;
  actor: Actor;
}): Promise<AttemptOutcome & { deliveryId: string }> {
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
      claimedUntil: new Date(Date.now() + CLAIM_MS),
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
  const outcome = await attemptDelivery(delivery!);
  return { ...outcome, deliveryId: delivery!.id };
}

/** Queues a delivery again, now (after the partner fixed their endpoint, say). */
export async function redeliver({
  partnerId,
  deliveryId,
  actor,
}: {
  partnerId: string;
  deliveryId: string;
  actor: Actor;
}) {
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

export async function listDeliveries({
  partnerId,
  channelId,
  kind,
  limit = 50,
  offset = 0,
}: {
  partnerId: string;
  channelId?: string;
  kind?: "channel" | "partner";
  limit?: number;
  offset?: number;
}) {
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
