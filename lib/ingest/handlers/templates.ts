import "server-only";
import { and, eq } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { channels, messageTemplates } from "@/db/schema";
import type { ChannelEventKind } from "@/db/schema/ingest";
import type {
  TemplateCategoryValue,
  TemplateQualityValue,
  TemplateStatusValue,
} from "@/lib/meta/webhooks";
import type { ChannelRef } from "../channels";
import { recordChannelEvent } from "./channel-events";

/**
 * The three template fields (routed by WABA): each is kept on the lifecycle of every channel of
 * the WABA and applied to the hub's copy of the template (message_templates), so the composer
 * and the send path see a status change as soon as Meta sends it. Meta does not order webhooks:
 * a change older than what the row already reflects is kept on the lifecycle and changes nothing.
 * A template the hub does not know marks the WABA's list for a re-read from Meta.
 */

type TemplateRef = {
  message_template_id?: string;
  message_template_name?: string;
  message_template_language?: string;
};

type Input<V> = { channels: ChannelRef[]; value: V; occurredAt: Date; webhookEventId: string };

async function applyToTemplate(
  tx: Tx,
  channel: ChannelRef,
  ref: TemplateRef,
  occurredAt: Date,
  set: Partial<typeof messageTemplates.$inferInsert>,
  remove = false,
): Promise<void> {
  if (!ref.message_template_id && !(ref.message_template_name && ref.message_template_language)) {
    return;
  }
  const condition = and(
    eq(messageTemplates.partnerId, channel.partnerId),
    eq(messageTemplates.wabaId, channel.wabaId),
    ref.message_template_id
      ? eq(messageTemplates.metaTemplateId, ref.message_template_id)
      : and(
          eq(messageTemplates.name, ref.message_template_name ?? ""),
          eq(messageTemplates.language, ref.message_template_language ?? ""),
        ),
  );
  const [known] = await tx
    .select({ id: messageTemplates.id, lastChangeAt: messageTemplates.lastChangeAt })
    .from(messageTemplates)
    .where(condition)
    .for("update");
  if (!known) {
    // Created elsewhere (WhatsApp Manager, another tool): read the list again before the next use.
    if (!remove) {
      await tx
        .update(channels)
        .set({ templatesSyncedAt: null })
        .where(and(eq(channels.partnerId, channel.partnerId), eq(channels.wabaId, channel.wabaId)));
    }
    return;
  }
  // Meta's times are whole seconds: a change in the second the row was written still applies.
  if (Math.floor(known.lastChangeAt.getTime() / 1000) * 1000 > occurredAt.getTime()) return;
  if (remove) {
    await tx.delete(messageTemplates).where(eq(messageTemplates.id, known.id));
    return;
  }
  await tx
    .update(messageTemplates)
    .set({ ...set, lastChangeAt: occurredAt, updatedAt: new Date() })
    .where(eq(messageTemplates.id, known.id));
}

async function recordOn(
  tx: Tx,
  input: Input<TemplateRef & Record<string, unknown>>,
  kind: ChannelEventKind,
  event: string,
  reason: string | null,
) {
  for (const channel of input.channels) {
    await recordChannelEvent(tx, {
      channel,
      kind,
      event,
      reason,
      payload: input.value as Record<string, unknown>,
      occurredAt: input.occurredAt,
      webhookEventId: input.webhookEventId,
    });
  }
}

const GONE = new Set(["DELETED"]);

/** `message_template_status_update`: APPROVED, REJECTED (with reason), PAUSED, DISABLED... */
export async function handleTemplateStatus(tx: Tx, input: Input<TemplateStatusValue>) {
  const { value } = input;
  const reason = value.reason && value.reason !== "NONE" ? value.reason : null;
  await recordOn(
    tx,
    input,
    "template_status",
    value.event,
    reason ?? value.other_info?.title ?? null,
  );
  // One WABA, one copy of its templates: apply once per partner.
  for (const channel of uniqueByPartner(input.channels)) {
    await applyToTemplate(
      tx,
      channel,
      value,
      input.occurredAt,
      {
        status: value.event,
        ...(value.event === "REJECTED" ? { rejectionReason: reason ?? "NONE" } : {}),
        ...(value.event === "APPROVED" ? { rejectionReason: null } : {}),
        ...(value.message_template_category ? { category: value.message_template_category } : {}),
      },
      GONE.has(value.event),
    );
  }
}

/** `message_template_quality_update`: GREEN, YELLOW, RED, UNKNOWN. */
export async function handleTemplateQuality(tx: Tx, input: Input<TemplateQualityValue>) {
  const { value } = input;
  await recordOn(
    tx,
    input,
    "template_quality",
    value.new_quality_score,
    value.previous_quality_score ?? null,
  );
  for (const channel of uniqueByPartner(input.channels)) {
    await applyToTemplate(tx, channel, value, input.occurredAt, {
      qualityScore: value.new_quality_score,
    });
  }
}

/** `template_category_update`: Meta re-categorised a template (its price changes with it). */
export async function handleTemplateCategory(tx: Tx, input: Input<TemplateCategoryValue>) {
  const { value } = input;
  const next = value.new_category ?? value.correct_category;
  await recordOn(
    tx,
    input,
    "template_category",
    next ?? "CATEGORY_UPDATE",
    value.previous_category ?? null,
  );
  if (!value.new_category) return;
  for (const channel of uniqueByPartner(input.channels)) {
    await applyToTemplate(tx, channel, value, input.occurredAt, {
      category: value.new_category,
      previousCategory: value.previous_category ?? null,
    });
  }
}

function uniqueByPartner(list: ChannelRef[]): ChannelRef[] {
  const seen = new Set<string>();
  return list.filter((c) => {
    const key = `${c.partnerId}|${c.wabaId}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
