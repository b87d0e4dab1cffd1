import "server-only";
import { and, count, desc, eq, inArray, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { forwardingDeliveries } from "@/db/schema";
import type { PartnerScope } from "@/lib/auth/scope";
import { AppError } from "@/lib/errors";
import type { Actor } from "@/lib/partners/actor";
import { recordAudit } from "@/lib/partners/audit";
import { ORDER_HOLD_MS } from "./claim";

// The console's delivery log: the partner's deliveries, newest first, and "Redeliver".

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
