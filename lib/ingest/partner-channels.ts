import "server-only";
import { asc, eq } from "drizzle-orm";
import { getDb } from "@/db";
import { channels } from "@/db/schema";
import type { PartnerScope } from "@/lib/auth/scope";

/** The partner's channels as filter options on the Webhooks page. */
export async function listPartnerChannelsForWebhooks({ partnerId }: PartnerScope) {
  const rows = await getDb()
    .select({ id: channels.id, number: channels.displayPhoneNumber, name: channels.verifiedName })
    .from(channels)
    .where(eq(channels.partnerId, partnerId))
    .orderBy(asc(channels.displayPhoneNumber));
  return rows.map((r) => ({
    id: r.id,
    label: r.name ? `${r.name} (+${r.number})` : `+${r.number}`,
  }));
}
