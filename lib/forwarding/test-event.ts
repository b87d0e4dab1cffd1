import "server-only";
import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { getDb } from "@/db";
import { channels, type ForwardingDelivery, forwardingDeliveries, partners } from "@/db/schema";
import type { PartnerScope } from "@/lib/auth/scope";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import type { Actor } from "@/lib/partners/actor";
import { type AuditInput, recordAudit } from "@/lib/partners/audit";
import { claimMs } from "./claim";
import { type AttemptOutcome, attemptDelivery, noAnswerMessage } from "./deliver";
import { getChannelWebhook } from "./settings";

/** Where a test goes, what it carries and how the audit log names it. */
type TestTarget = {
  kind: "channel" | "partner";
  channelId?: string;
  url: string;
  body: unknown;
  audit: Pick<AuditInput, "action" | "targetType" | "targetId">;
};

/**
 * The test buttons: sends a `test` event now, to the channel's forwarding URL when a channel is
 * named, else to the partner's event URL, and answers with what the destination said.
 */
export async function sendTestEvent(
  scope: PartnerScope,
  { channelId, actor }: { channelId?: string; actor: Actor },
): Promise<AttemptOutcome & { deliveryId: string }> {
  const { partnerId } = scope;
  const target = channelId ? await channelTarget(scope, channelId) : await partnerTarget(partnerId);
  // Unordered (no order key): a test must not wait behind a queue of failing real events.
  const [delivery] = await getDb()
    .insert(forwardingDeliveries)
    .values({
      partnerId,
      channelId: target.channelId,
      kind: target.kind,
      event: "test",
      url: target.url,
      body: JSON.stringify(target.body),
      status: "delivering",
      claimedUntil: new Date(Date.now() + claimMs()),
    })
    .returning();
  await recordAudit({ partnerId, actor, ...target.audit, after: { url: target.url } });
  return { ...(await attemptTestDelivery(delivery!)), deliveryId: delivery!.id };
}

async function channelTarget(scope: PartnerScope, channelId: string): Promise<TestTarget> {
  const webhook = await getChannelWebhook(scope, { channelId });
  const [channel] = await getDb()
    .select({
      phoneNumberId: channels.phoneNumberId,
      number: channels.displayPhoneNumber,
      wabaId: channels.wabaId,
    })
    .from(channels)
    .where(and(eq(channels.partnerId, scope.partnerId), eq(channels.id, channelId)));
  if (!channel) throw new AppError("not_found", "Channel not found.");
  if (!webhook) throw new AppError("unprocessable", "Set a forwarding URL for this channel first.");
  // Meta's shape, so the partner's parser sees what real traffic looks like.
  const value = {
    messaging_product: "whatsapp",
    metadata: { display_phone_number: channel.number, phone_number_id: channel.phoneNumberId },
    test: true,
    sent_at: new Date().toISOString(),
  };
  return {
    kind: "channel",
    channelId,
    url: webhook.url,
    body: {
      object: "whatsapp_business_account",
      entry: [{ id: channel.wabaId, changes: [{ field: "coex_test", value }] }],
    },
    audit: { action: "channel.test_event_sent", targetType: "channel", targetId: channelId },
  };
}

async function partnerTarget(partnerId: string): Promise<TestTarget> {
  const [partner] = await getDb()
    .select({ url: partners.webhookUrl })
    .from(partners)
    .where(eq(partners.id, partnerId));
  if (!partner) throw new AppError("not_found", "Partner not found.");
  if (!partner.url) throw new AppError("unprocessable", "Set your partner event URL first.");
  return {
    kind: "partner",
    url: partner.url,
    body: { id: randomUUID(), event: "test", data: { sent_at: new Date().toISOString() } },
    audit: { action: "partner.test_event_sent", targetType: "partner", targetId: partnerId },
  };
}

/**
 * The test buttons' attempt. Without an HTTP answer (refused address, refused connection,
 * timeout) the answer reads the same and comes after the same time, the request timeout: the
 * button tells a partner whether their endpoint answers, not what listens inside the network.
 */
async function attemptTestDelivery(delivery: ForwardingDelivery): Promise<AttemptOutcome> {
  const timeoutMs = getEnv().forwarding.timeoutMs;
  const started = Date.now();
  const outcome = await attemptDelivery(delivery);
  if (outcome.statusCode !== null) return outcome;
  const wait = timeoutMs - (Date.now() - started);
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  return { ...outcome, error: noAnswerMessage(timeoutMs), latencyMs: timeoutMs };
}
