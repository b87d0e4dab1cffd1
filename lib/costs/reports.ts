import "server-only";
import { and, asc, eq, gte, lt, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { rowsOf } from "@/db/client";
import { channels, clients, messageCosts } from "@/db/schema";
import { AppError } from "@/lib/errors";

/**
 * Cost reads for pages and the Partner API. Reports sum `cost_rollups` (a few rows per channel
 * and day); conversation lists and exports read `message_costs`. Every read is tenant-scoped.
 */

export type CostGroupRow = {
  period: string;
  category: string;
  charged: boolean;
  freeBecause: string | null;
  currency: string;
  messages: number;
  amountMicros: number;
  noRate: number;
};

export type CostScope = {
  partnerId: string;
  channelId?: string | null;
  clientId?: string | null;
  from?: Date | null;
  to?: Date | null;
};

function day(at: Date) {
  return at.toISOString().slice(0, 10);
}

/** Rollups grouped by day or month (UTC), category, charged and why free. */
export async function getCostBreakdown({
  partnerId,
  channelId,
  clientId,
  from,
  to,
  groupBy = "month",
}: CostScope & { groupBy?: "day" | "month" }): Promise<CostGroupRow[]> {
  const period = groupBy === "day" ? sql`to_char(day, 'YYYY-MM-DD')` : sql`to_char(day, 'YYYY-MM')`;
  const rows = rowsOf<{
    period: string;
    category: string;
    charged: boolean;
    free_because: string;
    currency: string;
    messages: number;
    amount_micros: string | number;
    no_rate: number;
  }>(
    await getDb().execute(sql`
      select ${period} as period, category, charged, free_because, currency,
        sum(messages)::int as messages, sum(amount_micros)::bigint as amount_micros,
        sum(no_rate)::int as no_rate
      from cost_rollups
      where partner_id = ${partnerId}
        ${channelId ? sql`and channel_id = ${channelId}` : sql``}
        ${clientId ? sql`and client_id = ${clientId}` : sql``}
        ${from ? sql`and day >= ${day(from)}::date` : sql``}
        ${to ? sql`and day < ${day(to)}::date` : sql``}
      group by 1, 2, 3, 4, 5
      order by 1, 2, 3, 4`),
  );
  return rows.map((r) => ({
    period: r.period,
    category: r.category,
    charged: r.charged,
    freeBecause: r.free_because || null,
    currency: r.currency,
    messages: Number(r.messages),
    amountMicros: Number(r.amount_micros),
    noRate: Number(r.no_rate),
  }));
}

export type PeriodSummary = {
  period: string;
  messages: number;
  charged: number;
  free: number;
  amountMicros: number;
  noRate: number;
  currency: string;
  byCategory: Record<string, { messages: number; charged: number; amountMicros: number }>;
  freeBy: Record<string, number>;
};

/** Folds breakdown rows into one summary per period. */
export function summarise(rows: readonly CostGroupRow[]): PeriodSummary[] {
  const byPeriod = new Map<string, PeriodSummary>();
  for (const row of rows) {
    let s = byPeriod.get(row.period);
    if (!s) {
      s = {
        period: row.period,
        messages: 0,
        charged: 0,
        free: 0,
        amountMicros: 0,
        noRate: 0,
        currency: row.currency,
        byCategory: {},
        freeBy: {},
      };
      byPeriod.set(row.period, s);
    }
    s.messages += row.messages;
    s.amountMicros += row.amountMicros;
    s.noRate += row.noRate;
    const cat = s.byCategory[row.category] ?? { messages: 0, charged: 0, amountMicros: 0 };
    s.byCategory[row.category] = cat;
    cat.messages += row.messages;
    cat.amountMicros += row.amountMicros;
    if (row.charged) {
      s.charged += row.messages;
      cat.charged += row.messages;
    } else {
      s.free += row.messages;
      const why = row.freeBecause ?? "other";
      s.freeBy[why] = (s.freeBy[why] ?? 0) + row.messages;
    }
  }
  return [...byPeriod.values()];
}

export type ClientCostRow = {
  clientId: string;
  clientName: string;
  channels: number;
  monthToDateMicros: number;
  monthToDateMessages: number;
  monthToDateCharged: number;
  totalMicros: number;
  currency: string;
};

/** Every client of the partner with month-to-date and all-time amounts. */
export async function listClientCosts({
  partnerId,
  now = new Date(),
}: {
  partnerId: string;
  now?: Date;
}): Promise<ClientCostRow[]> {
  const month = `${now.toISOString().slice(0, 7)}-01`;
  const rows = rowsOf<{
    client_id: string;
    client_name: string;
    channels: number;
    mtd_micros: string | number | null;
    mtd_messages: number | null;
    mtd_charged: number | null;
    total_micros: string | number | null;
  }>(
    await getDb().execute(sql`
      select c.id as client_id, c.name as client_name,
        (select count(*)::int from channels ch where ch.client_id = c.id and ch.partner_id = ${partnerId}) as channels,
        sum(r.amount_micros) filter (where r.day >= ${month}::date)::bigint as mtd_micros,
        sum(r.messages) filter (where r.day >= ${month}::date)::int as mtd_messages,
        sum(r.messages) filter (where r.day >= ${month}::date and r.charged)::int as mtd_charged,
        sum(r.amount_micros)::bigint as total_micros
      from clients c
      left join cost_rollups r on r.client_id = c.id and r.partner_id = ${partnerId}
      where c.partner_id = ${partnerId}
      group by c.id, c.name
      order by c.name`),
  );
  return rows.map((r) => ({
    clientId: r.client_id,
    clientName: r.client_name,
    channels: Number(r.channels),
    monthToDateMicros: Number(r.mtd_micros ?? 0),
    monthToDateMessages: Number(r.mtd_messages ?? 0),
    monthToDateCharged: Number(r.mtd_charged ?? 0),
    totalMicros: Number(r.total_micros ?? 0),
    currency: "USD",
  }));
}

export type ConversationCostRow = {
  contactId: string;
  waId: string;
  name: string | null;
  messages: number;
  charged: number;
  amountMicros: number;
};

/** The conversations (contacts) that cost most in the period. */
export async function listMostExpensiveConversations({
  partnerId,
  channelId,
  from,
  to,
  limit = 10,
}: CostScope & { limit?: number }): Promise<ConversationCostRow[]> {
  const rows = rowsOf<{
    contact_id: string;
    wa_id: string;
    name: string | null;
    messages: number;
    charged: number;
    amount_micros: string | number;
  }>(
    await getDb().execute(sql`
      select mc.contact_id, mc.customer_wa_id as wa_id,
        max(coalesce(ct.app_name, ct.profile_name)) as name,
        count(*)::int as messages, count(*) filter (where mc.charged)::int as charged,
        coalesce(sum(mc.amount_micros), 0)::bigint as amount_micros
      from message_costs mc left join contacts ct on ct.id = mc.contact_id
      where mc.partner_id = ${partnerId}
        ${channelId ? sql`and mc.channel_id = ${channelId}` : sql``}
        ${from ? sql`and mc.at >= ${from.toISOString()}` : sql``}
        ${to ? sql`and mc.at < ${to.toISOString()}` : sql``}
      group by mc.contact_id, mc.customer_wa_id
      having count(*) filter (where mc.charged) > 0
      order by amount_micros desc, charged desc
      limit ${limit}`),
  );
  return rows.map((r) => ({
    contactId: r.contact_id,
    waId: r.wa_id,
    name: r.name,
    messages: Number(r.messages),
    charged: Number(r.charged),
    amountMicros: Number(r.amount_micros),
  }));
}

/** Per-message verdicts of a channel (optionally one contact), oldest first. */
export async function listMessageCosts({
  partnerId,
  channelId,
  contactId,
  from,
  to,
}: {
  partnerId: string;
  channelId: string;
  contactId?: string;
  from?: Date | null;
  to?: Date | null;
}) {
  const conditions = [eq(messageCosts.partnerId, partnerId), eq(messageCosts.channelId, channelId)];
  if (contactId) conditions.push(eq(messageCosts.contactId, contactId));
  if (from) conditions.push(gte(messageCosts.at, from));
  if (to) conditions.push(lt(messageCosts.at, to));
  return getDb()
    .select()
    .from(messageCosts)
    .where(and(...conditions))
    .orderBy(asc(messageCosts.at), asc(messageCosts.messageId))
    .limit(100_000);
}

/** The channel if it is the partner's, else NotFoundError. */
export async function requireCostChannel({
  partnerId,
  channelId,
}: {
  partnerId: string;
  channelId: string;
}) {
  const [row] = await getDb()
    .select({
      id: channels.id,
      clientId: channels.clientId,
      onboardedAt: channels.onboardedAt,
      createdAt: channels.createdAt,
    })
    .from(channels)
    .where(and(eq(channels.partnerId, partnerId), eq(channels.id, channelId)));
  if (!row) throw new AppError("not_found", "Channel not found");
  return row;
}

export async function requireCostClient({
  partnerId,
  clientId,
}: {
  partnerId: string;
  clientId: string;
}) {
  const [row] = await getDb()
    .select({ id: clients.id })
    .from(clients)
    .where(and(eq(clients.partnerId, partnerId), eq(clients.id, clientId)));
  if (!row) throw new AppError("not_found", "Client not found");
  return row;
}
