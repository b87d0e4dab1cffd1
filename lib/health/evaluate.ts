import "server-only";
import { ne } from "drizzle-orm";
import { getDb } from "@/db";
import { channels } from "@/db/schema";
import { type Scope, systemScope } from "@/lib/auth/scope";
import { hubNow } from "@/lib/clock";
import { AppError } from "@/lib/errors";
import { enqueueChannelEvent, enqueuePartnerEvent } from "@/lib/forwarding/enqueue";
import { isUuid } from "@/lib/ids";
import { getLogger } from "@/lib/logger";
import { getLatestAcknowledgements } from "./acknowledgements";
import { listChannelsForHealth, loadHealthFacts } from "./facts";
import { type ChannelRowForHealth, toChannelHealthInput } from "./input";
import { syncChannelNotifications } from "./notifications";
import { evaluateChannelHealth } from "./rules";
import { resolveHealthSettings } from "./settings";
import type { ChannelHealthInput, HealthWarning } from "./types";

export type ChannelHealth = {
  channel: ChannelRowForHealth;
  input: ChannelHealthInput;
  warnings: HealthWarning[];
};

/**
 * Evaluates the health of a partner's channels (all of them when `channelIds` is omitted) in a
 * fixed number of queries. Warnings come most severe first. Other partners' ids are skipped.
 */
export async function evaluatePartnerChannels(
  scope: Scope,
  { channelIds, now }: { channelIds?: readonly string[]; now?: Date } = {},
): Promise<ChannelHealth[]> {
  const rows = await listChannelsForHealth(scope, { channelIds });
  if (rows.length === 0) return [];
  // The rest reads only these ids, already narrowed to the scope.
  const { partnerId } = scope;
  const ids = rows.map((r) => r.id);
  const [acks, facts, at] = await Promise.all([
    getLatestAcknowledgements({ partnerId, channelIds: ids }),
    loadHealthFacts({ partnerId, channelIds: ids }),
    now ? Promise.resolve(now) : hubNow(),
  ]);
  const settings = resolveHealthSettings();
  return rows.map((channel) => {
    const input = toChannelHealthInput(channel, acks.get(channel.id), facts.get(channel.id));
    return { channel, input, warnings: evaluateChannelHealth(input, { now: at, settings }) };
  });
}

/** One channel's health; a foreign or unknown id is a 404. */
export async function evaluateChannel(
  scope: Scope,
  { channelId, now }: { channelId: string; now?: Date },
): Promise<ChannelHealth> {
  if (!isUuid(channelId)) throw new AppError("not_found", "Channel not found.");
  const [health] = await evaluatePartnerChannels(scope, { channelIds: [channelId], now });
  if (!health) throw new AppError("not_found", "Channel not found.");
  return health;
}

/** The payload of a forwarded `channel.warning` event (partner and channel webhooks). */
export function channelWarningEvent(channelId: string, notificationId: string, w: HealthWarning) {
  return {
    channel_id: channelId,
    notification_id: notificationId,
    warning: {
      id: w.id,
      severity: w.severity,
      title: w.title,
      message: w.message,
      advice: w.advice,
      since: w.since.toISOString(),
    },
  };
}

/**
 * Evaluates a partner's channels and brings their notifications in line. Each new notification is
 * announced once as a forwarded `channel.warning` event: the notification's unique key decides
 * which of several concurrent evaluations inserted it, and only that one announces it. A system
 * job (the schedule, ingestion, an acknowledgement's refresh): it takes a bare partner id.
 */
export async function refreshPartnerHealth({
  partnerId,
  channelIds,
  now,
}: {
  partnerId: string;
  channelIds?: readonly string[];
  now?: Date;
}) {
  const at = now ?? (await hubNow());
  const results = await evaluatePartnerChannels(systemScope(partnerId), { channelIds, now: at });
  let created = 0;
  for (const { channel, warnings } of results) {
    const sync = await syncChannelNotifications({
      partnerId,
      channelId: channel.id,
      warnings,
      now: at,
    });
    created += sync.created;
    for (const { notificationId, warning } of sync.createdWarnings) {
      const data = channelWarningEvent(channel.id, notificationId, warning);
      await enqueuePartnerEvent({ partnerId, event: "channel.warning", data });
      await enqueueChannelEvent({
        partnerId,
        channelId: channel.id,
        event: "channel.warning",
        payload: { event: "channel.warning", data },
      });
    }
  }
  return { channels: results.length, created };
}

/**
 * The periodic evaluation: every partner with a channel past onboarding. The 13-day rule fires
 * with no event at all, so this runs on a schedule. Safe in several instances (see above).
 */
export async function refreshAllChannelHealth() {
  const partners = await getDb()
    .selectDistinct({ partnerId: channels.partnerId })
    .from(channels)
    .where(ne(channels.status, "pending"));
  for (const { partnerId } of partners) {
    try {
      await refreshPartnerHealth({ partnerId });
    } catch (error) {
      getLogger().error({ err: error, partnerId }, "health evaluation failed for a partner");
    }
  }
}
