import "server-only";
import { count, eq } from "drizzle-orm";
import { getDb } from "@/db";
import { channels, clients } from "@/db/schema";
import type { PartnerScope } from "@/lib/auth/scope";

export type PartnerCounts = { clients: number; channels: number; connectedChannels: number };

export async function getPartnerCounts({ partnerId }: PartnerScope): Promise<PartnerCounts> {
  const db = getDb();
  const [[clientRow], channelRows] = await Promise.all([
    db.select({ value: count() }).from(clients).where(eq(clients.partnerId, partnerId)),
    db
      .select({ status: channels.status, value: count() })
      .from(channels)
      .where(eq(channels.partnerId, partnerId))
      .groupBy(channels.status),
  ]);
  return {
    clients: clientRow?.value ?? 0,
    channels: channelRows.reduce((sum, row) => sum + row.value, 0),
    connectedChannels: channelRows.find((row) => row.status === "connected")?.value ?? 0,
  };
}
