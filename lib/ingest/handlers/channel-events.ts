import "server-only";
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { z } from "zod";
import type { Tx } from "@/db/client";
import { channelEvents, channels, clients } from "@/db/schema";
import type { ChannelEventKind } from "@/db/schema/ingest";
import type { ChannelStatus } from "@/db/schema/partners";
import { sha256Hex } from "@/lib/crypto";
import { enqueuePartnerEvent } from "@/lib/forwarding/enqueue";
import type {
  AccountAlertsValue,
  AccountUpdateValue,
  BusinessCapabilityValue,
  nameUpdateValueSchema,
  QualityUpdateValue,
} from "@/lib/meta/webhooks";
import type { ChannelRef } from "../channels";

/** Stable JSON (sorted keys), so one event hashes the same in any batch. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
      a.localeCompare(b),
    );
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/** Records one lifecycle event once (by content); true when it was new. */
export async function recordChannelEvent(
  tx: Tx,
  input: {
    channel: ChannelRef;
    kind: ChannelEventKind;
    event: string;
    reason: string | null;
    payload: Record<string, unknown>;
    occurredAt: Date;
    dedupeBasis?: string;
    webhookEventId: string;
  },
): Promise<boolean> {
  const dedupeKey = sha256Hex(
    input.dedupeBasis ??
      `${input.kind}|${input.event}|${input.occurredAt.toISOString()}|${stableJson(input.payload)}`,
  );
  const inserted = await tx
    .insert(channelEvents)
    .values({
      partnerId: input.channel.partnerId,
      channelId: input.channel.id,
      kind: input.kind,
      event: input.event,
      reason: input.reason,
      payload: input.payload,
      occurredAt: input.occurredAt,
      dedupeKey,
      webhookEventId: input.webhookEventId,
    })
    .onConflictDoNothing()
    .returning({ id: channelEvents.id });
  return inserted.length > 0;
}

/** Is this the newest event of these names on the channel? Older ones must not win late. */
export async function isLatest(
  tx: Tx,
  channelId: string,
  kind: ChannelEventKind,
  events: string[] | null,
  occurredAt: Date,
) {
  const conditions = [eq(channelEvents.channelId, channelId), eq(channelEvents.kind, kind)];
  if (events) conditions.push(inArray(channelEvents.event, events));
  const [latest] = await tx
    .select({ occurredAt: channelEvents.occurredAt })
    .from(channelEvents)
    .where(and(...conditions))
    .orderBy(desc(channelEvents.occurredAt))
    .limit(1);
  return !latest || latest.occurredAt.getTime() <= occurredAt.getTime();
}

/** Partner-level events (to the partner's URL) when an account update changes the status. */
const PARTNER_EVENTS: Partial<Record<ChannelStatus, string>> = {
  disconnected: "channel_disconnected",
  // Partners' software already treats an offboarded number as a disconnection; `status` tells.
  offboarded: "channel_disconnected",
  connected: "channel_connected",
};

/**
 * ACCOUNT_OFFBOARDED is its own status: Meta took the number off the Cloud API (registered
 * elsewhere, deleted), where PARTNER_REMOVED only ends this partner's access.
 */
const CONNECTED = new Set<ChannelStatus>(["connected", "pending"]);

const STATUS_EVENTS: Record<string, ChannelStatus> = {
  PARTNER_REMOVED: "disconnected",
  ACCOUNT_OFFBOARDED: "offboarded",
  ACCOUNT_RECONNECTED: "connected",
};

/**
 * Field `account_update` (routed by WABA): every event kept on the channel's lifecycle;
 * PARTNER_REMOVED disconnects the channel with the reason, ACCOUNT_OFFBOARDED offboards it,
 * ACCOUNT_RECONNECTED connects it again. The newest such event decides, whatever the order.
 * A change of status is announced to the partner's URL (`channel_disconnected` /
 * `channel_connected`) in the same transaction: once, and only if the change commits.
 */
export async function handleAccountUpdate(
  tx: Tx,
  input: {
    channels: ChannelRef[];
    value: AccountUpdateValue;
    occurredAt: Date;
    webhookEventId: string;
  },
) {
  const { value } = input;
  const reason = value.disconnection_info?.reason ?? null;
  for (const channel of input.channels) {
    const isNew = await recordChannelEvent(tx, {
      channel,
      kind: "account_update",
      event: value.event,
      reason,
      payload: value as Record<string, unknown>,
      occurredAt: input.occurredAt,
      webhookEventId: input.webhookEventId,
    });
    const status = STATUS_EVENTS[value.event];
    if (!isNew || !status) continue;
    if (
      !(await isLatest(
        tx,
        channel.id,
        "account_update",
        Object.keys(STATUS_EVENTS),
        input.occurredAt,
      ))
    )
      continue;
    const [previous] = await tx
      .select({ status: channels.status, clientId: channels.clientId })
      .from(channels)
      .where(eq(channels.id, channel.id))
      .for("update");
    await tx
      .update(channels)
      .set({
        status,
        disconnectReason: status === "connected" ? null : (reason ?? value.event),
      })
      .where(eq(channels.id, channel.id));
    const partnerEvent = PARTNER_EVENTS[status];
    if (!previous || previous.status === status || !partnerEvent) continue;
    // Disconnected then offboarded (or back): still not connected, nothing new for the partner.
    if (!CONNECTED.has(previous.status) && !CONNECTED.has(status)) continue;
    const [client] = await tx
      .select({ partnerPayload: clients.partnerPayload })
      .from(clients)
      .where(eq(clients.id, previous.clientId));
    await enqueuePartnerEvent({
      db: tx,
      partnerId: channel.partnerId,
      event: partnerEvent,
      data: {
        channel_id: channel.id,
        client_id: previous.clientId,
        phone_number_id: channel.phoneNumberId,
        waba_id: channel.wabaId,
        display_phone_number: channel.displayPhoneNumber,
        partner_payload: client?.partnerPayload ?? null,
        status,
        previous_status: previous.status,
        meta_event: value.event,
        reason,
        initiated_by: value.disconnection_info?.initiated_by ?? null,
        occurred_at: input.occurredAt.toISOString(),
      },
    });
  }
}

/** The messaging limit a quality update reports: today's field first, the older one else. */
export function messagingLimitOf(value: QualityUpdateValue): string | null {
  const limit = value.max_daily_conversations_per_business ?? value.current_limit;
  return limit === undefined || limit === "" ? null : String(limit);
}

/**
 * Field `phone_number_quality_update`, any shape (lib/meta/webhooks.ts): every event is kept on
 * the lifecycle, unknown ones included; the newest one sets the channel's messaging limit and,
 * when it carries one, its quality rating.
 */
export async function handleQualityUpdate(
  tx: Tx,
  input: {
    channels: ChannelRef[];
    value: QualityUpdateValue;
    occurredAt: Date;
    webhookEventId: string;
  },
) {
  const { value } = input;
  const limit = messagingLimitOf(value);
  const rating = value.new_quality_score ?? value.quality_rating;
  for (const channel of input.channels) {
    const isNew = await recordChannelEvent(tx, {
      channel,
      kind: "quality_update",
      event: value.event ?? "QUALITY_UPDATE",
      reason: limit,
      payload: value as Record<string, unknown>,
      occurredAt: input.occurredAt,
      webhookEventId: input.webhookEventId,
    });
    if (!isNew || (!limit && !rating)) continue;
    if (!(await isLatest(tx, channel.id, "quality_update", null, input.occurredAt))) continue;
    await tx
      .update(channels)
      .set({
        ...(limit ? { messagingLimit: limit } : {}),
        ...(rating ? { qualityRating: rating } : {}),
      })
      .where(eq(channels.id, channel.id));
  }
}

/** Field `account_alerts`: kept on the lifecycle; the health rules warn on active ones. */
export async function handleAccountAlert(
  tx: Tx,
  input: {
    channels: ChannelRef[];
    value: AccountAlertsValue;
    occurredAt: Date;
    webhookEventId: string;
  },
) {
  const info = input.value.alert_info;
  for (const channel of input.channels) {
    await recordChannelEvent(tx, {
      channel,
      kind: "account_alert",
      event: info?.alert_type ?? "ACCOUNT_ALERT",
      reason: info?.alert_description ?? null,
      payload: input.value as Record<string, unknown>,
      occurredAt: input.occurredAt,
      webhookEventId: input.webhookEventId,
    });
  }
}

/** Field `business_capability_update`: kept; a new portfolio limit is the channel's limit too. */
export async function handleBusinessCapability(
  tx: Tx,
  input: {
    channels: ChannelRef[];
    value: BusinessCapabilityValue;
    occurredAt: Date;
    webhookEventId: string;
  },
) {
  const limit = input.value.max_daily_conversations_per_business;
  for (const channel of input.channels) {
    const isNew = await recordChannelEvent(tx, {
      channel,
      kind: "business_capability",
      event: "BUSINESS_CAPABILITY_UPDATE",
      reason: limit === undefined ? null : String(limit),
      payload: input.value as Record<string, unknown>,
      occurredAt: input.occurredAt,
      webhookEventId: input.webhookEventId,
    });
    if (!isNew || limit === undefined) continue;
    if (!(await isLatest(tx, channel.id, "business_capability", null, input.occurredAt))) continue;
    await tx
      .update(channels)
      .set({ messagingLimit: String(limit) })
      .where(eq(channels.id, channel.id));
  }
}

export async function handleNameUpdate(
  tx: Tx,
  input: {
    channels: ChannelRef[];
    value: z.infer<typeof nameUpdateValueSchema>;
    occurredAt: Date;
    webhookEventId: string;
  },
) {
  const { value } = input;
  for (const channel of input.channels) {
    const isNew = await recordChannelEvent(tx, {
      channel,
      kind: "name_update",
      event: value.decision ?? "NAME_UPDATE",
      reason: value.rejection_reason ?? null,
      payload: value as Record<string, unknown>,
      occurredAt: input.occurredAt,
      webhookEventId: input.webhookEventId,
    });
    if (!isNew || value.decision !== "APPROVED" || !value.requested_verified_name) continue;
    if (!(await isLatest(tx, channel.id, "name_update", ["APPROVED"], input.occurredAt))) continue;
    await tx
      .update(channels)
      .set({ verifiedName: value.requested_verified_name, updatedAt: sql`now()` })
      .where(eq(channels.id, channel.id));
  }
}
