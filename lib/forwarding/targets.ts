import "server-only";
import { and, eq, inArray, isNull } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { forwardingDeliveries } from "@/db/schema";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { type HostLookup, refuseTarget, type TargetPolicy } from "./target-policy";

/** The SSRF rule in force: FORWARDING_ALLOW_PRIVATE_TARGETS (on outside production). */
export function forwardingPolicy(): TargetPolicy {
  return { allowPrivate: getEnv().forwarding.allowPrivateTargets };
}

/**
 * Refuses a forwarding URL the SSRF rule does not allow (lib/forwarding/target-policy.ts) with a
 * 422 naming the field. Used by every way a URL is saved: console and APIs.
 */
export async function assertForwardingTarget(
  url: string,
  { field = "url", lookup }: { field?: string; lookup?: HostLookup } = {},
) {
  const refusal = await refuseTarget(url, { ...forwardingPolicy(), lookup });
  if (refusal) {
    // The API's validation shape (details with a path), so callers see which field it was.
    throw new AppError("unprocessable", refusal, undefined, {
      details: [{ path: field, message: refusal }],
    });
  }
}

/**
 * Points the unfinished deliveries of a channel (or the partner's own events) at a new URL, so a
 * partner who moved their endpoint gets the backlog there. With no URL any more, they stop:
 * marked failed with the reason, still listed and redeliverable.
 */
export async function retargetPending(
  db: Executor,
  {
    partnerId,
    channelId,
    url,
  }: { partnerId: string; channelId: string | null; url: string | null },
) {
  const scope = and(
    eq(forwardingDeliveries.partnerId, partnerId),
    channelId
      ? and(eq(forwardingDeliveries.kind, "channel"), eq(forwardingDeliveries.channelId, channelId))
      : and(eq(forwardingDeliveries.kind, "partner"), isNull(forwardingDeliveries.channelId)),
    inArray(forwardingDeliveries.status, ["pending", "delivering"]),
  );
  if (url) {
    // A delivery in flight finishes against the old URL; its retries, if any, go to the new one.
    await db.update(forwardingDeliveries).set({ url }).where(scope);
  } else {
    await db
      .update(forwardingDeliveries)
      .set({ status: "failed", claimedUntil: null, lastError: "Forwarding URL removed" })
      .where(and(scope, eq(forwardingDeliveries.status, "pending")));
  }
}
