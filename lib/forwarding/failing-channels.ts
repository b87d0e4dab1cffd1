import "server-only";
import { and, eq, inArray, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { forwardingDeliveries } from "@/db/schema";

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
