import "server-only";
import { and, eq, inArray, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { rowsOf } from "@/db/client";
import { channels, type Message, type MessageCost, messageCosts, messages } from "@/db/schema";
import { getLogger } from "@/lib/logger";
import type { MetaPricing } from "@/lib/meta/webhooks";
import { priceChannel } from "./engine";
import { priceChanges } from "./incremental";
import { applyRollupDeltas, type RollupFigures, rollupDeltas } from "./rollups";
import { PricingRulesError } from "./rules";
import type { CostMessage, PricedMessage } from "./types";

/**
 * The data side of costs: message rows onto the engine's `CostMessage`, verdicts into
 * `message_costs`, and the per-day `cost_rollups` the reports read. Priced by a periodic job
 * (lib/costs/jobs.ts), incrementally from a watermark on `messages.updated_at` per channel: only
 * what a change can reach is priced again (./incremental.ts), and rollups move by difference
 * (./rollups.ts). `repriceChannel` prices a whole channel from scratch (the reference).
 */

export { CONTEXT_MS } from "./context";

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
> & { contactId?: string };

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
    customer: row.contactId,
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

export const messageColumns = {
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

export type StoredMessage = MessageRow & { contactId: string; wamid: string | null };

/** Time order as the engine reads it, ties broken by id (the same everywhere: full and incremental). */
export function byTimeThenId(a: { sentAt: Date; id: string }, b: { sentAt: Date; id: string }) {
  return a.sentAt.getTime() - b.sentAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export type CostChannelRow = { id: string; partnerId: string; clientId: string; onboardedAt: Date };

// The pricing job's (across partners, by channel): a bare partner id, never a caller's scope.
export async function loadCostChannel(partnerId: string, channelId: string) {
  const [channel] = await getDb()
    .select({
      id: channels.id,
      partnerId: channels.partnerId,
      clientId: channels.clientId,
      onboardedAt: channels.onboardedAt,
      createdAt: channels.createdAt,
    })
    .from(channels)
    .where(and(eq(channels.partnerId, partnerId), eq(channels.id, channelId)));
  if (!channel) return null;
  return { ...channel, onboardedAt: channel.onboardedAt ?? channel.createdAt } as CostChannelRow;
}

export function toCostRow(p: PricedMessage, row: StoredMessage) {
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
export type CostRow = ReturnType<typeof toCostRow>;

/** Stable JSON (jsonb reorders keys): equal values compare equal. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (value && typeof value === "object") {
    return `{${Object.keys(value)
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}

const COMPARED = [
  "contactId",
  "customerWaId",
  "wamid",
  "at",
  "origin",
  "type",
  "charged",
  "category",
  "rateCategory",
  "model",
  "amountMicros",
  "currency",
  "rateKnown",
  "reason",
  "freeBecause",
  "ruleSetId",
  "market",
  "decidedBy",
  "disagreement",
  "outsideServiceWindow",
  "allowanceCount",
] as const;

function sameVerdict(a: CostRow, b: MessageCost) {
  return COMPARED.every((k) => canonical(a[k]) === canonical(b[k]));
}

const UPDATED = [
  "contact_id",
  "customer_wa_id",
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
  "priced_at",
];

function camel(column: string) {
  return column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}

/**
 * Stores the verdicts of `messageIds` (null: the message has none, e.g. it is inbound): only
 * those that differ from the stored ones are written, and the rollups move by the difference, in
 * one transaction per slice with the old rows locked (a stub being folded away meanwhile,
 * ./rollups.ts `forgetMessageCosts`, waits or makes this fail and retry on the next tick).
 */
export async function writeVerdicts({
  channel,
  messageIds,
  verdicts,
}: {
  channel: CostChannelRow;
  messageIds: string[];
  verdicts: Map<string, CostRow>;
}): Promise<number> {
  const ids = [...new Set(messageIds)].sort();
  let written = 0;
  for (let i = 0; i < ids.length; i += 1000) {
    const slice = ids.slice(i, i + 1000);
    written += await getDb().transaction(async (tx) => {
      const old = new Map(
        (
          await tx
            .select()
            .from(messageCosts)
            .where(
              and(eq(messageCosts.channelId, channel.id), inArray(messageCosts.messageId, slice)),
            )
            .orderBy(messageCosts.messageId)
            .for("update")
        ).map((row) => [row.messageId, row]),
      );
      const upserts: CostRow[] = [];
      const deletes: string[] = [];
      const changes: { row: RollupFigures; sign: 1 | -1 }[] = [];
      for (const id of slice) {
        const next = verdicts.get(id);
        const prev = old.get(id);
        if (next && prev && sameVerdict(next, prev)) continue;
        if (prev) changes.push({ row: prev, sign: -1 });
        if (next) {
          upserts.push(next);
          changes.push({ row: next, sign: 1 });
        } else if (prev) deletes.push(id);
      }
      for (let j = 0; j < upserts.length; j += 500) {
        await tx
          .insert(messageCosts)
          .values(
            upserts.slice(j, j + 500).map((c) => ({
              ...c,
              partnerId: channel.partnerId,
              channelId: channel.id,
              clientId: channel.clientId,
              pricedAt: new Date(),
            })),
          )
          .onConflictDoUpdate({
            target: messageCosts.messageId,
            set: Object.fromEntries(
              UPDATED.map((column) => [camel(column), sql.raw(`excluded.${column}`)]),
            ),
          });
      }
      if (deletes.length > 0) {
        await tx
          .delete(messageCosts)
          .where(
            and(eq(messageCosts.channelId, channel.id), inArray(messageCosts.messageId, deletes)),
          );
      }
      await applyRollupDeltas(tx, { channelId: channel.id, deltas: rollupDeltas(changes) });
      return upserts.length + deletes.length;
    });
  }
  return written;
}

/** Every message of the channel, in the engine's order. */
async function channelMessages(partnerId: string, channelId: string): Promise<StoredMessage[]> {
  const rows = await getDb()
    .select(messageColumns)
    .from(messages)
    .where(and(eq(messages.partnerId, partnerId), eq(messages.channelId, channelId)));
  return rows.sort(byTimeThenId);
}

/**
 * Prices a whole channel from scratch: every message in time order from the first, every verdict
 * compared with the stored one, then the channel's rollups rebuilt from the verdicts. The
 * reference the incremental job must agree with (lib/costs/incremental.db.test.ts); also the
 * bench's, and a channel's first pricing.
 */
export async function repriceChannel({
  partnerId,
  channelId,
}: {
  partnerId: string;
  channelId: string;
}) {
  const db = getDb();
  const channel = await loadCostChannel(partnerId, channelId);
  if (!channel) return { priced: 0 };
  const [mark] = rowsOf<{ upto: string | null }>(
    await db.execute(sql`
      select max(updated_at)::text as upto from messages
      where partner_id = ${partnerId} and channel_id = ${channelId}`),
  );
  const rows = await channelMessages(partnerId, channelId);
  const { priced } = priceChannel({
    channel: { onboardedAt: channel.onboardedAt },
    messages: rows.map(toCostMessage),
  });
  const byId = new Map(rows.map((r) => [r.id, r]));
  const verdicts = new Map(priced.map((p) => [p.messageId, toCostRow(p, byId.get(p.messageId)!)]));
  // Verdicts of messages that no longer have one (or no longer exist) go too.
  const stale = rowsOf<{ message_id: string }>(
    await db.execute(sql`select message_id from message_costs where channel_id = ${channelId}`),
  ).map((r) => r.message_id);
  await writeVerdicts({ channel, messageIds: [...byId.keys(), ...stale], verdicts });
  await rebuildRollups(channel);
  if (mark?.upto) {
    await db.execute(sql`
      insert into cost_watermarks (channel_id, partner_id, priced_through)
      values (${channelId}, ${partnerId}, ${mark.upto}::timestamptz)
      on conflict (channel_id) do update set
        priced_through = greatest(cost_watermarks.priced_through, excluded.priced_through),
        recount_from = null, updated_at = now()`);
  }
  return { priced: priced.length };
}

/** The channel's rollups from its verdicts, whole (the full reprice). */
async function rebuildRollups(channel: CostChannelRow) {
  await getDb().transaction(async (tx) => {
    await tx.execute(sql`delete from cost_rollups where channel_id = ${channel.id}`);
    await tx.execute(sql`
      insert into cost_rollups (partner_id, channel_id, client_id, day, category, charged,
        free_because, currency, messages, amount_micros, no_rate)
      select ${channel.partnerId}::uuid, ${channel.id}::uuid, ${channel.clientId}::uuid,
        (at at time zone 'UTC')::date, category, charged, coalesce(free_because, ''),
        coalesce(currency, 'USD'), count(*)::int, coalesce(sum(amount_micros), 0)::bigint,
        count(*) filter (where charged and not rate_known)::int
      from message_costs
      where channel_id = ${channel.id}
      group by 4, 5, 6, 7, 8`);
  });
}

/**
 * One pass of the pricing job: every channel with messages changed since its watermark (or a
 * free-tier recount pending) is claimed (a lease: safe with several instances) and priced
 * incrementally (./incremental.ts); a channel never priced is priced whole.
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
  const only = channelIds
    ? sql`and w.channel_id in (${sql.join(
        channelIds.map((id) => sql`${id}::uuid`),
        sql`, `,
      )})`
    : sql``;
  const candidates = rowsOf<{ channel_id: string; partner_id: string }>(
    await db.execute(sql`
      select w.channel_id, w.partner_id from cost_watermarks w
      where (w.recount_from is not null or exists (
        select 1 from messages m where m.channel_id = w.channel_id
          and m.updated_at > coalesce(w.priced_through, '-infinity'::timestamptz)
          and m.updated_at <= now() - make_interval(secs => ${settleMs / 1000})))
        ${only}
      limit ${limit}`),
  );
  let channelsPriced = 0;
  let messagesPriced = 0;
  for (const candidate of candidates) {
    const [claim] = rowsOf<{ priced_through: string | null; recount_from: string | null }>(
      await db.execute(sql`
        update cost_watermarks set claimed_until = now() + interval '5 minutes'
        where channel_id = ${candidate.channel_id}
          and (claimed_until is null or claimed_until < now())
        returning priced_through::text, recount_from::text`),
    );
    if (!claim) continue;
    try {
      const [change] = rowsOf<{ upto: string | null }>(
        await db.execute(sql`
          select max(updated_at)::text as upto from messages
          where channel_id = ${candidate.channel_id}
            and updated_at > coalesce(${claim.priced_through}::timestamptz, '-infinity'::timestamptz)
            and updated_at <= now() - make_interval(secs => ${settleMs / 1000})`),
      );
      const upto = change?.upto ?? claim.priced_through;
      if (!upto && !claim.recount_from) continue;
      let priced = 0;
      try {
        if (!claim.priced_through) {
          ({ priced } = await repriceChannel({
            partnerId: candidate.partner_id,
            channelId: candidate.channel_id,
          }));
        } else {
          ({ priced } = await priceChanges({
            partnerId: candidate.partner_id,
            channelId: candidate.channel_id,
            after: claim.priced_through,
            upto: upto ?? claim.priced_through,
            recountFrom: claim.recount_from ? new Date(claim.recount_from) : null,
          }));
        }
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
        update cost_watermarks set
          priced_through = greatest(priced_through, ${upto}::timestamptz),
          recount_from = case when recount_from = ${claim.recount_from}::timestamptz then null
            else recount_from end,
          updated_at = now()
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
