import "server-only";
import { sql } from "drizzle-orm";
import { contacts } from "@/db/schema";
import type { StateSyncValue } from "@/lib/meta/webhooks";
import type { ChannelRef } from "../channels";
import type { Tx } from "../db";
import { slices } from "../db";

type ContactAction = { waId: string; name: string | null; removed: boolean; at: Date };

/**
 * Field `smb_app_state_sync`: contacts saved in the app, added (or edited) and removed. The latest
 * action by its own timestamp wins, whatever order they arrive in. A removed contact is flagged,
 * never deleted: its messages stay.
 */
export async function handleStateSync(
  tx: Tx,
  { channel, value, receivedAt }: { channel: ChannelRef; value: StateSyncValue; receivedAt: Date },
) {
  const latest = new Map<string, ContactAction>();
  for (const item of value.state_sync) {
    if (item.type !== "contact" || !item.contact?.phone_number) continue;
    const waId = item.contact.phone_number.replace(/\D/g, "");
    const action: ContactAction = {
      waId,
      name: item.contact.full_name ?? item.contact.first_name ?? null,
      removed: item.action === "remove",
      at: item.metadata ? new Date(item.metadata.timestamp * 1000) : receivedAt,
    };
    const prev = latest.get(waId);
    if (!prev || prev.at <= action.at) latest.set(waId, action);
  }
  const rows = [...latest.values()].sort((a, b) => a.waId.localeCompare(b.waId));
  const newer = sql.raw(
    "(contacts.app_synced_at is null or excluded.app_synced_at > contacts.app_synced_at)",
  );
  for (const slice of slices(rows)) {
    await tx
      .insert(contacts)
      .values(
        slice.map((a) => ({
          partnerId: channel.partnerId,
          channelId: channel.id,
          waId: a.waId,
          appName: a.name,
          appSyncedAt: a.at,
          removedAt: a.removed ? a.at : null,
        })),
      )
      .onConflictDoUpdate({
        target: [contacts.channelId, contacts.waId],
        set: {
          // A remove carries no name: the saved name stays for the messages that remain.
          appName: sql`case when ${newer} and excluded.removed_at is null then excluded.app_name else ${contacts.appName} end`,
          removedAt: sql`case when ${newer} then excluded.removed_at else ${contacts.removedAt} end`,
          appSyncedAt: sql`greatest(${contacts.appSyncedAt}, excluded.app_synced_at)`,
          updatedAt: sql`now()`,
        },
      });
  }
}
