import "server-only";
import { and, eq, isNull, sql } from "drizzle-orm";
import { channels, contacts } from "@/db/schema";
import type { StateSyncValue } from "@/lib/meta/webhooks";
import type { ChannelRef } from "../channels";
import type { Tx } from "../db";
import { slices } from "../db";

type ContactAction = {
  waId: string;
  removed: boolean;
  at: Date;
  // The newest add's name and time (a remove carries no name).
  name: string | null;
  nameAt: Date | null;
};

/**
 * Field `smb_app_state_sync`: contacts saved in the app, added (or edited) and removed. The latest
 * action by its own timestamp wins, whatever order they arrive in. A removed contact is flagged,
 * never deleted: its messages stay. The first one since the onboarding marks the channel's
 * contacts sync received (channels.contacts_synced_at), in the same transaction.
 */
export async function handleStateSync(
  tx: Tx,
  { channel, value, receivedAt }: { channel: ChannelRef; value: StateSyncValue; receivedAt: Date },
) {
  const latest = new Map<string, ContactAction>();
  for (const item of value.state_sync) {
    if (item.type !== "contact" || !item.contact?.phone_number) continue;
    const waId = item.contact.phone_number.replace(/\D/g, "");
    const removed = item.action === "remove";
    const at = item.metadata ? new Date(item.metadata.timestamp * 1000) : receivedAt;
    const name = removed ? null : (item.contact.full_name ?? item.contact.first_name ?? null);
    const prev = latest.get(waId);
    const newerName = !removed && (!prev?.nameAt || prev.nameAt < at);
    const newerState = !prev || prev.at < at;
    latest.set(waId, {
      waId,
      removed: newerState ? removed : prev.removed,
      at: newerState ? at : prev.at,
      name: newerName ? name : (prev?.name ?? null),
      nameAt: newerName ? at : (prev?.nameAt ?? null),
    });
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
          appNameAt: a.nameAt,
          appSyncedAt: a.at,
          removedAt: a.removed ? a.at : null,
        })),
      )
      .onConflictDoUpdate({
        target: [contacts.channelId, contacts.waId],
        set: {
          // A remove carries no name: the saved name stays for the messages that remain.
          appName: sql`case when excluded.app_name_at is not null and (contacts.app_name_at is null or excluded.app_name_at > contacts.app_name_at) then excluded.app_name else ${contacts.appName} end`,
          appNameAt: sql`greatest(${contacts.appNameAt}, excluded.app_name_at)`,
          removedAt: sql`case when ${newer} then excluded.removed_at else ${contacts.removedAt} end`,
          appSyncedAt: sql`greatest(${contacts.appSyncedAt}, excluded.app_synced_at)`,
          updatedAt: sql`now()`,
        },
      });
  }
  const first = await tx
    .update(channels)
    .set({ contactsSyncedAt: receivedAt })
    .where(
      and(
        eq(channels.id, channel.id),
        eq(channels.syncGeneration, channel.syncGeneration),
        isNull(channels.contactsSyncedAt),
      ),
    )
    .returning({ id: channels.id });
  // A contact change after the requested import is the business using the app: app activity.
  const newest = rows.reduce<Date | null>((max, a) => (!max || a.at > max ? a.at : max), null);
  if (first.length === 0 && newest) {
    await tx
      .update(channels)
      .set({
        lastAppActivityAt: sql`greatest(${channels.lastAppActivityAt}, ${newest.toISOString()}::timestamptz)`,
      })
      .where(eq(channels.id, channel.id));
  }
}
