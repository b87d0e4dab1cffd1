import "server-only";
import { eq, sql } from "drizzle-orm";
import { channels } from "@/db/schema";
import type { EchoesValue } from "@/lib/meta/webhooks";
import type { ChannelRef } from "../channels";
import type { Tx } from "../db";
import { toDraft } from "../extract";
import { upsertContacts, upsertMessages } from "../write";

/**
 * Field `smb_message_echoes`: what the business sent in the app (edits and revokes included).
 * Each echo also proves the app is in use: the channel's last app activity moves forward.
 */
export async function handleEchoes(
  tx: Tx,
  { channel, value }: { channel: ChannelRef; value: EchoesValue },
) {
  const scope = { partnerId: channel.partnerId, channelId: channel.id };
  const drafts = value.message_echoes.map((m) =>
    toDraft(m, { origin: "app", direction: "outbound", customerWaId: m.to }),
  );
  if (drafts.length === 0) return;
  const contactIds = await upsertContacts(tx, {
    ...scope,
    sightings: drafts.map((d) => ({ waId: d.customerWaId, liveAt: d.sentAt })),
  });
  await upsertMessages(tx, { ...scope, drafts, contactIds });
  const latest = new Date(Math.max(...drafts.map((d) => d.sentAt.getTime())));
  await tx
    .update(channels)
    .set({
      lastAppActivityAt: sql`greatest(${channels.lastAppActivityAt}, ${latest.toISOString()}::timestamptz)`,
    })
    .where(eq(channels.id, channel.id));
}
