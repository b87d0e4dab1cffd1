import "server-only";
import { and, eq } from "drizzle-orm";
import { getDb } from "@/db";
import { channels, channelWebhooks } from "@/db/schema";
import type { PartnerScope } from "@/lib/auth/scope";
import { decryptSecret, encryptSecret } from "@/lib/crypto";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import type { Actor } from "@/lib/partners/actor";
import { recordAudit } from "@/lib/partners/audit";
import { assertForwardingTarget, retargetPending } from "./targets";

// A channel's forwarding URL and custom headers (console, Messaging API's /v1/configs/webhook).

export type ChannelWebhookSettings = { url: string; headers: Record<string, string> } | null;

export async function getChannelWebhook(
  scope: PartnerScope,
  { channelId }: { channelId: string },
): Promise<ChannelWebhookSettings> {
  const { partnerId } = scope;
  const [row] = await getDb()
    .select()
    .from(channelWebhooks)
    .where(and(eq(channelWebhooks.partnerId, partnerId), eq(channelWebhooks.channelId, channelId)));
  if (!row) return null;
  return {
    url: row.url,
    headers: row.headersEncrypted
      ? (JSON.parse(decryptSecret(row.headersEncrypted, getEnv().encryptionKey)) as Record<
          string,
          string
        >)
      : {},
  };
}

/** Sets (or, with a null url, removes) a channel's forwarding URL and custom headers. */
export async function setChannelWebhook(
  scope: PartnerScope,
  {
    channelId,
    url,
    headers,
    actor,
  }: { channelId: string; url: string | null; headers: Record<string, string>; actor: Actor },
) {
  const { partnerId } = scope;
  if (url !== null) await assertForwardingTarget(url);
  const before = await getChannelWebhook(scope, { channelId });
  await getDb().transaction(async (tx) => {
    const [channel] = await tx
      .select({ id: channels.id })
      .from(channels)
      .where(and(eq(channels.partnerId, partnerId), eq(channels.id, channelId)));
    if (!channel) throw new AppError("not_found", "Channel not found.");
    if (url === null) {
      await tx.delete(channelWebhooks).where(eq(channelWebhooks.channelId, channelId));
    } else {
      const headersEncrypted = Object.keys(headers).length
        ? encryptSecret(JSON.stringify(headers), getEnv().encryptionKey)
        : null;
      await tx
        .insert(channelWebhooks)
        .values({ channelId, partnerId, url, headersEncrypted })
        .onConflictDoUpdate({ target: channelWebhooks.channelId, set: { url, headersEncrypted } });
    }
    await retargetPending(tx, { partnerId, channelId, url });
    // Header values may be credentials: the audit log records their names only.
    await recordAudit(
      {
        partnerId,
        actor,
        action: "channel.webhook_updated",
        targetType: "channel",
        targetId: channelId,
        before: before ? { url: before.url, headers: Object.keys(before.headers) } : null,
        after: url ? { url, headers: Object.keys(headers) } : null,
      },
      tx,
    );
  });
}
