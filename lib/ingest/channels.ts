import "server-only";
import { inArray, or } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { channels } from "@/db/schema";

export type ChannelRef = {
  id: string;
  partnerId: string;
  wabaId: string;
  phoneNumberId: string;
  displayPhoneNumber: string;
  /** The channel's current onboarding (lib/onboarding/sync-state.ts): keys its history chunks. */
  syncGeneration: number;
};

/** The channels a webhook body can route to, found in one query by number id or WABA id. */
export async function findChannels(
  db: Executor,
  { phoneNumberIds, wabaIds }: { phoneNumberIds: string[]; wabaIds: string[] },
): Promise<{ byPhoneNumberId: Map<string, ChannelRef>; byWabaId: Map<string, ChannelRef[]> }> {
  const byPhoneNumberId = new Map<string, ChannelRef>();
  const byWabaId = new Map<string, ChannelRef[]>();
  const conditions = [];
  if (phoneNumberIds.length > 0) conditions.push(inArray(channels.phoneNumberId, phoneNumberIds));
  if (wabaIds.length > 0) conditions.push(inArray(channels.wabaId, wabaIds));
  if (conditions.length === 0) return { byPhoneNumberId, byWabaId };
  const rows = await db
    .select({
      id: channels.id,
      partnerId: channels.partnerId,
      wabaId: channels.wabaId,
      phoneNumberId: channels.phoneNumberId,
      displayPhoneNumber: channels.displayPhoneNumber,
      syncGeneration: channels.syncGeneration,
    })
    .from(channels)
    .where(or(...conditions));
  for (const row of rows) {
    byPhoneNumberId.set(row.phoneNumberId, row);
    const list = byWabaId.get(row.wabaId) ?? [];
    list.push(row);
    byWabaId.set(row.wabaId, list);
  }
  return { byPhoneNumberId, byWabaId };
}

/** Meta writes numbers as digits without `+`; some sources add it. */
export function digits(value: string | undefined | null): string {
  return (value ?? "").replace(/\D/g, "");
}
