import "server-only";
import { and, asc, eq, gte, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { rowsOf } from "@/db/client";
import { channels, type Message, messageCosts, messages } from "@/db/schema";
import { getLogger } from "@/lib/logger";
import type { MetaPricing } from "@/lib/meta/webhooks";
import { monthKey, priceChannel } from "./engine";
import { PricingRulesError } from "./rules";
import type { CostMessage, PricedMessage } from "./types";

/**
 * The data side of costs: message rows onto the engine's `CostMessage`, verdicts into
 * `message_costs`, and the per-day `cost_rollups` the reports read. Priced by a periodic job
 * (lib/costs/jobs.ts), incrementally from a watermark on `messages.updated_at` per channel.
 */

/** The longest reach of a window rule (24 h referral + 72 h entry point). */
export const CONTEXT_MS = 96 * 3600_000;
/** Rows changed in the last seconds may belong to transactions not yet committed. */
const SETTLE_MS = 5_000;

type MessageRow = Pick<
  Message,
  | "id"
  | "sentAt"
  | "origin"
  | "direction"
  | "customerWaId"
  | "type"
  | "templateName"
  | "templateCategory"
  | "referral"
  | "pricing"
  | "conversation"
  | "status"
>;

/** One stored message as the engine reads it. */
export function toCostMessage(row: MessageRow): CostMessage {
  const isTemplate = row.type === "template" || row.templateName != null;
  const pricing = row.pricing as MetaPricing | null;
  const conversationId = (row.conversation as { id?: unknown } | null)?.id;
  return {
    id: row.id,
    at: row.sentAt,
    origin: row.origin,
    direction: row.direction,
    waId: row.customerWaId,
    type: isTemplate ? "template" : row.type,
    template: isTemplate
      ? { name: row.templateName ?? "", category: row.templateCategory ?? "unknown" }
      : null,
    referral: row.referral != null,
    pricing: pricing && typeof pricing.category === "string" ? pricing : null,
    metaConversationId: typeof conversationId === "string" ? conversationId : null,
    failed: row.status === "failed",
  };
}

const messageColumns = {
  id: messages.id,
  sentAt: messages.sentAt,
  origin: messages.origin,
  direction: messages.direction,
  customerWaId: messages.customerWaId,
  type: messages.type,
  templateName: messages.templateName,
  templateCategory: messages.templateCategory,
  referral: messages.referral,
  pricing: messages.pricing,
  conversation: messages.conversation,
  status: messages.status,
  contactId: messages.contactId,
  wamid: messages.wamid,
};

function monthStart(at: Date): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1));
}

/**
 * Prices a channel's messages from `from` on (with the 96 hours before as window context and the
 * month's stored free-allowance count), stores the verdicts and rebuilds the touched days' rollups.
 */
export async function repriceChannelFrom({
  partnerId,
  channelId,
  from,
}: {
  partnerId: string;
  channelId: string;
  from: Date;
}) {
  const db = getDb();
  const [channel] = await db
    .select({
      id: channels.id,
      clientId: channels.clientId,
      onboardedAt: channels.onboardedAt,
      createdAt: channels.createdAt,
    })
    .from(channels)
    .where(and(eq(channels.partnerId, partnerId), eq(channels.id, channelId)));
  if (!channel) return { priced: 0 };
  const contextStart = new Date(from.getTime() - CONTEXT_MS);
  const rows = await db
    .select(messageColumns)
    .from(messages)
    .where(
      and(
        eq(messages.partnerId, partnerId),
        eq(messages.channelId, channelId),
        gte(messages.sentAt, contextStart),
      ),
    )
    .orderBy(asc(messages.sentAt), asc(messages.id));
  if (rows.length === 0) return { priced: 0 };
  const [prior] = rowsOf<{ count: number | null }>(
    await db.execute(sql`
      select max(allowance_count)::int as count from message_costs
      where channel_id = ${channelId} and at >= ${monthStart(contextStart).toISOString()}
        and at < ${contextStart.toISOString()}`),
  );
  const { priced } = priceChannel({
    channel: { onboardedAt: channel.onboardedAt ?? channel.createdAt },
    messages: rows.map(toCostMessage),
    priorServiceCounts: { [monthKey(contextStart)]: Number(prior?.count ?? 0) },
  });
  const byId = new Map(rows.map((r) => [r.id, r]));
  const fresh = priced.filter((p) => p.at.getTime() >= from.getTime());
  for (let i = 0; i < fresh.length; i += 500) {
    const chunk = fresh.slice(i, i + 500).map((p) => toCostRow(p, byId.get(p.messageId)!));
    await db
      .insert(messageCosts)
      .values(chunk.map((c) => ({ ...c, partnerId, channelId, clientId: channel.clientId })))
      .onConflictDoUpdate({
        target: messageCosts.messageId,
        set: Object.fromEntries(
          [
            "at",
            "origin",
            "type",
            "charged",
            "category",
            "rate_category",
            "model",
            "amount_micros",
            "currency",
            "rate_known",
            "reason",
            "free_because",
            "rule_set_id",
            "market",
            "decided_by",
            "disagreement",
            "outside_service_window",
            "allowance_count",
            "wamid",
          ].map((column) => [camel(column), sql.raw(`excluded.${column}`)]),
        ),
      });
  }
  await rebuildRollups({ partnerId, channelId, clientId: channel.clientId, from });
  return { priced: fresh.length };
}

function camel(column: string) {
  return column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}

function toCostRow(
  p: PricedMessage,
  row: MessageRow & { contactId: string; wamid: string | null },
) {
  return {
    messageId: p.messageId,
    contactId: row.contactId,
    customerWaId: p.waId,
    wamid: row.wamid,
    at: p.at,
    origin: p.origin,
    type: row.type,
    charged: p.charged,
    category: String(p.category),
    rateCategory: p.rateCategory ? String(p.rateCategory) : null,
    model: p.model,
    amountMicros: p.amount?.micros ?? null,
    currency: p.amount?.currency ?? (p.rate?.known ? p.rate.price.currency : null),
    rateKnown: p.charged ? Boolean(p.rate?.known) : true,
    reason: p.reason,
    freeBecause: p.freeBecause,
    ruleSetId: p.ruleSetId,
    market: p.market.id ?? p.market.name,
    decidedBy: p.decidedBy,
    disagreement: p.disagreement as unknown as Record<string, unknown> | null,
    outsideServiceWindow: p.outsideServiceWindow,
    allowanceCount: p.allowanceCount,
  };
}

async function rebuildRollups({
  partnerId,
  channelId,
  clientId,
  from,
}: {
  partnerId: string;
  channelId: string;
  clientId: string;
  from: Date;
}) {
  const day = from.toISOString().slice(0, 10);
  const db = getDb();
  await db.transaction(async (tx) => {
    await tx.execute(
      sql`delete from cost_rollups where channel_id = ${channelId} and day >= ${day}::date`,
    );
    await tx.execute(sql`
      insert into cost_rollups (partner_id, channel_id, client_id, day, category, charged,
        free_because, currency, messages, amount_micros, no_rate)
      select ${partnerId}::uuid, ${channelId}::uuid, ${clientId}::uuid,
        (at at time zone 'UTC')::date, category, charged, coalesce(free_because, ''),
        coalesce(currency, 'USD'), count(*)::int, coalesce(sum(amount_micros), 0)::bigint,
        count(*) filter (where charged and not rate_known)::int
      from message_costs
      where channel_id = ${channelId} and at >= ${day}::date
      group by 4, 5, 6, 7, 8`);
  });
}

/**
 * One pass of the pricing job: every channel with messages changed since its watermark is claimed
 * (row lock, SKIP LOCKED: safe with several instances) and repriced from its earliest change.
 */
export async function priceChangedMessages({
  limit = 20,
  settleMs = SETTLE_MS,
  channelIds,
}: {
  limit?: number;
  settleMs?: number;
  /** Only these channels (all when omitted): lets a test look at its own channel alone. */
  channelIds?: string[];
} = {}) {
  const db = getDb();
  // Channels never seen get a watermark row so they can be claimed.
  await db.execute(sql`
    insert into cost_watermarks (channel_id, partner_id)
    select c.id, c.partner_id from channels c
    where not exists (select 1 from cost_watermarks w where w.channel_id = c.id)
    on conflict do nothing`);
  const candidates = rowsOf<{ channel_id: string; partner_id: string }>(
    await db.execute(sql`
      select w.channel_id, w.partner_id from cost_watermarks w
      where exists (
        select 1 from messages m where m.channel_id = w.channel_id
          and m.updated_at > coalesce(w.priced_through, '-infinity'::timestamptz)
          and m.updated_at <= now() - make_interval(secs => ${settleMs / 1000}))
        ${
          channelIds
            ? sql`and w.channel_id in (${sql.join(
                channelIds.map((id) => sql`${id}::uuid`),
                sql`, `,
              )})`
            : sql``
        }
      limit ${limit}`),
  );
  let channelsPriced = 0;
  let messagesPriced = 0;
  for (const candidate of candidates) {
    const [claim] = rowsOf<{ priced_through: string | null }>(
      await db.execute(sql`
        update cost_watermarks set claimed_until = now() + interval '5 minutes'
        where channel_id = ${candidate.channel_id}
          and (claimed_until is null or claimed_until < now())
        returning priced_through::text`),
    );
    if (!claim) continue;
    try {
      const [change] = rowsOf<{ from: string | Date | null; upto: string | null }>(
        await db.execute(sql`
          select min(sent_at) as from, max(updated_at)::text as upto from messages
          where channel_id = ${candidate.channel_id}
            and updated_at > coalesce(${claim.priced_through}::timestamptz, '-infinity'::timestamptz)
            and updated_at <= now() - make_interval(secs => ${settleMs / 1000})`),
      );
      if (!change?.from || !change.upto) continue;
      let priced = 0;
      try {
        ({ priced } = await repriceChannelFrom({
          partnerId: candidate.partner_id,
          channelId: candidate.channel_id,
          from: new Date(change.from),
        }));
      } catch (error) {
        // One channel that cannot be priced must not stop the others. Messages no rule set
        // covers (dated before 2023-06-01) will never price: move past them. Anything else is
        // retried on the next tick.
        getLogger().warn(
          { channelId: candidate.channel_id, error: (error as Error).message },
          "pricing a channel failed",
        );
        if (!(error instanceof PricingRulesError)) continue;
      }
      await db.execute(sql`
        update cost_watermarks set priced_through = ${change.upto}::timestamptz, updated_at = now()
        where channel_id = ${candidate.channel_id}`);
      channelsPriced++;
      messagesPriced += priced;
    } finally {
      await db.execute(
        sql`update cost_watermarks set claimed_until = null where channel_id = ${candidate.channel_id}`,
      );
    }
  }
  return { channels: channelsPriced, messages: messagesPriced };
}

/** Reprices a whole channel now (tests, the bench, and a manual "recompute"). */
export async function repriceChannel({
  partnerId,
  channelId,
}: {
  partnerId: string;
  channelId: string;
}) {
  const db = getDb();
  const [first] = rowsOf<{ from: string | Date | null; upto: string | null }>(
    await db.execute(sql`
      select min(sent_at) as from, max(updated_at)::text as upto from messages
      where partner_id = ${partnerId} and channel_id = ${channelId}`),
  );
  if (!first?.from) return { priced: 0 };
  const result = await repriceChannelFrom({ partnerId, channelId, from: new Date(first.from) });
  await db.execute(sql`
    insert into cost_watermarks (channel_id, partner_id, priced_through)
    values (${channelId}, ${partnerId}, ${first.upto}::timestamptz)
    on conflict (channel_id) do update set priced_through = greatest(cost_watermarks.priced_through, excluded.priced_through), updated_at = now()`);
  return result;
}
