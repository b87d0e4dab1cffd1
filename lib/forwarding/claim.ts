import "server-only";
import { and, eq, inArray, lt, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { forwardingDeliveries } from "@/db/schema";
import { getEnv } from "@/lib/env";

/** A failing delivery holds its conversation back this long after its first failure, no longer. */
export const ORDER_HOLD_MS = 60 * 60 * 1000;

/** How long a worker may hold a claim: past the request deadline, with room for the bookkeeping. */
export const claimMs = () => getEnv().forwarding.timeoutMs + 60_000;

export type ClaimScope = {
  now?: Date;
  limit?: number;
  /** Only these partners' deliveries (tests sharing one database); all partners when absent. */
  partnerIds?: readonly string[];
  /** URLs this worker already has enough requests in flight to. */
  skipUrls?: readonly string[];
};

/**
 * The claim's candidate list: due pending deliveries, each the head of its conversation (no
 * earlier unfinished delivery with the same order key still holds it). Both parts read partial
 * indexes over unfinished rows: the due list reads forwarding_deliveries_due_idx; the head check
 * is one probe of forwarding_deliveries_open_order_idx per candidate (a correlated `limit 1`,
 * which the planner cannot turn into a join over the whole table, whatever the statistics say).
 * No ORDER BY on purpose: without it every plan stops at `limit` heads instead of checking and
 * sorting the whole backlog first (a sorted plan chosen on stale statistics did that). Order
 * within a conversation comes from the head check, not from the scan.
 */
export function dueHeads({ now = new Date(), limit = 50, partnerIds, skipUrls }: ClaimScope) {
  const heldSince = new Date(now.getTime() - ORDER_HOLD_MS).toISOString();
  const partners = partnerIds
    ? sql`and d.partner_id in (${sql.join(
        partnerIds.map((id) => sql`${id}::uuid`),
        sql`, `,
      )})`
    : sql``;
  const skip = skipUrls?.length
    ? sql`and d.url not in (${sql.join(
        skipUrls.map((url) => sql`${url}`),
        sql`, `,
      )})`
    : sql``;
  return sql`
    select d.id from forwarding_deliveries d
    where d.status = 'pending' and d.next_attempt_at <= ${now.toISOString()}::timestamptz
      ${partners} ${skip}
      and d.seq <= coalesce((
        select e.seq from forwarding_deliveries e
        where e.order_key = d.order_key and e.status in ('pending', 'delivering')
          and (e.first_failed_at is null or e.first_failed_at > ${heldSince}::timestamptz)
        order by e.seq limit 1), d.seq)
    limit ${limit}
    for update of d skip locked`;
}

/**
 * Claims due deliveries with FOR UPDATE SKIP LOCKED, so several workers and instances never send
 * one event at the same time, and at most one delivery per conversation is in flight.
 */
export async function claimDueDeliveries(scope: ClaimScope = {}) {
  const now = scope.now ?? new Date();
  // Expired claims are rare (a worker died): looking for them every few seconds is enough.
  if (Math.abs(now.getTime() - lastReleaseAt) >= RELEASE_EVERY_MS) {
    lastReleaseAt = now.getTime();
    await releaseExpiredClaims(now, scope.partnerIds);
  }
  return claimStatement({ ...scope, now });
}

/** The claim as one statement (the bench prints its plan with `.toSQL()`). */
export function claimStatement(scope: ClaimScope & { now: Date }) {
  return getDb()
    .update(forwardingDeliveries)
    .set({ status: "delivering", claimedUntil: new Date(scope.now.getTime() + claimMs()) })
    .where(sql`${forwardingDeliveries.id} = any(array(${dueHeads(scope)}))`)
    .returning();
}

const RELEASE_EVERY_MS = 5_000;
let lastReleaseAt = Number.NEGATIVE_INFINITY;

/** A worker that died mid-delivery leaves its claim: once expired the delivery is due again. */
async function releaseExpiredClaims(now: Date, partnerIds?: readonly string[]) {
  await getDb()
    .update(forwardingDeliveries)
    .set({ status: "pending", claimedUntil: null })
    .where(
      and(
        eq(forwardingDeliveries.status, "delivering"),
        lt(forwardingDeliveries.claimedUntil, now),
        partnerIds ? inArray(forwardingDeliveries.partnerId, [...partnerIds]) : undefined,
      ),
    );
}
