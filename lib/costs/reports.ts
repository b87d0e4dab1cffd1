import "server-only";
import { and, asc, desc, eq, gte, lt, type SQL, sql } from "drizzle-orm";
import type { z } from "zod";
import { getDb } from "@/db";
import { rowsOf } from "@/db/client";
import { channels, clients, messageCosts, messages } from "@/db/schema";
import { type PartnerScope, type Scope, tenantCondition } from "@/lib/auth/scope";
import { AppError } from "@/lib/errors";
import { costQuery, type costReportResource } from "./api";
import { costsToCsv } from "./csv";
import { priceChannel } from "./engine";
import { formatMoney } from "./rate-card";
import { toCostMessage } from "./store";
import type { PricedMessage, PricingDisagreement } from "./types";

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

/**
 * What a cost read narrows to within the caller's scope: a channel, a client (a filter, on top of
 * a client user's own client), a period.
 */
export type CostFilter = {
  channelId?: string | null;
  clientId?: string | null;
  from?: Date | null;
  to?: Date | null;
};

/** The client filters of a cost read: the scope's client (client users) and the asked one. */
function clientFilters(scope: Scope, clientId: string | null | undefined, column: SQL) {
  return sql`${scope.clientId ? sql`and ${column} = ${scope.clientId}` : sql``}
    ${clientId ? sql`and ${column} = ${clientId}` : sql``}`;
}

function day(at: Date) {
  return at.toISOString().slice(0, 10);
}

/** Rollups grouped by day or month (UTC), category, charged and why free. */
export async function getCostBreakdown(
  scope: Scope,
  { channelId, clientId, from, to, groupBy = "month" }: CostFilter & { groupBy?: "day" | "month" },
): Promise<CostGroupRow[]> {
  const { partnerId } = scope;
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
        ${clientFilters(scope, clientId, sql.raw("client_id"))}
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

/** Every client of the partner with month-to-date and all-time amounts (partner-wide costs). */
export async function listClientCosts(
  { partnerId }: PartnerScope,
  { now = new Date() }: { now?: Date } = {},
): Promise<ClientCostRow[]> {
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
export async function listMostExpensiveConversations(
  scope: Scope,
  { channelId, clientId, from, to, limit = 10 }: CostFilter & { limit?: number },
): Promise<ConversationCostRow[]> {
  const { partnerId } = scope;
  const rows = rowsOf<{
    contact_id: string;
    wa_id: string;
    name: string | null;
    messages: number;
    charged: number;
    amount_micros: string | number;
  }>(
    // Sum first, name the top few after: joining contacts before grouping read every contact.
    await getDb().execute(sql`
      select top.contact_id, top.wa_id,
        coalesce(ct.app_name, ct.profile_name, '@' || ct.username) as name,
        top.messages, top.charged, top.amount_micros
      from (
        -- One row per person, under the address they were last messaged at.
        select mc.contact_id, (array_agg(mc.customer_wa_id order by mc.at desc))[1] as wa_id,
          count(*)::int as messages, count(*) filter (where mc.charged)::int as charged,
          coalesce(sum(mc.amount_micros), 0)::bigint as amount_micros
        from message_costs mc
        where mc.partner_id = ${partnerId}
          ${channelId ? sql`and mc.channel_id = ${channelId}` : sql``}
          ${clientFilters(scope, clientId, sql.raw("mc.client_id"))}
          ${from ? sql`and mc.at >= ${from.toISOString()}` : sql``}
          ${to ? sql`and mc.at < ${to.toISOString()}` : sql``}
        group by mc.contact_id
        having count(*) filter (where mc.charged) > 0
        order by amount_micros desc, charged desc, mc.contact_id
        limit ${limit}
      ) top left join contacts ct on ct.id = top.contact_id
      order by top.amount_micros desc, top.charged desc, top.contact_id`),
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

/**
 * Per-message verdicts of a channel (optionally one contact), oldest first. `latest`: only the
 * newest that many (still oldest first), read from the end of the index, not the whole period.
 */
export async function listMessageCosts(
  scope: Scope,
  {
    channelId,
    contactId,
    from,
    to,
    latest,
  }: {
    channelId: string;
    contactId?: string;
    from?: Date | null;
    to?: Date | null;
    latest?: number;
  },
) {
  const conditions = [tenantCondition(scope, messageCosts), eq(messageCosts.channelId, channelId)];
  if (contactId) conditions.push(eq(messageCosts.contactId, contactId));
  if (from) conditions.push(gte(messageCosts.at, from));
  if (to) conditions.push(lt(messageCosts.at, to));
  const query = getDb()
    .select()
    .from(messageCosts)
    .where(and(...conditions));
  if (latest) {
    const rows = await query
      .orderBy(desc(messageCosts.at), desc(messageCosts.messageId))
      .limit(latest);
    return rows.reverse();
  }
  return query.orderBy(asc(messageCosts.at), asc(messageCosts.messageId)).limit(100_000);
}

function monthStart(now: Date) {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
}

/**
 * A channel's Costs tab: month by month, this month by day, the most expensive conversations
 * and the latest 100 priced messages of the month. Admins (owners) also get the messages where
 * Meta's pricing disagreed with the engine.
 */
export async function getChannelCostReport(
  scope: Scope,
  {
    channelId,
    withDisagreements = false,
    now = new Date(),
  }: { channelId: string; withDisagreements?: boolean; now?: Date },
) {
  const from = monthStart(now);
  const [byMonth, thisMonthByDay, conversations, latest, disagreements] = await Promise.all([
    getCostBreakdown(scope, { channelId, groupBy: "month" }),
    getCostBreakdown(scope, { channelId, from, groupBy: "day" }),
    listMostExpensiveConversations(scope, { channelId, from }),
    listMessageCosts(scope, { channelId, from, latest: 100 }),
    withDisagreements ? listPricingDisagreements(scope, { channelId }) : null,
  ]);
  const months = summarise(byMonth);
  return {
    from,
    months,
    current: months.find((m) => m.period === from.toISOString().slice(0, 7)),
    days: summarise(thisMonthByDay),
    conversations,
    /** Newest first. */
    latest: latest.reverse(),
    disagreements,
  };
}

export type PricingDisagreementRow = {
  messageId: string;
  wamid: string | null;
  channelId: string;
  channelNumber: string;
  clientName: string;
  customerWaId: string;
  at: Date;
  type: string;
  text: string | null;
  fields: PricingDisagreement["fields"];
  engine: PricingDisagreement["engine"];
  meta: PricingDisagreement["meta"];
};

/**
 * Messages where Meta's pricing object disagreed with the engine's prediction (Meta's answer
 * was kept): a quality check on the pricing rules, for admins. Newest first, the total counted.
 */
export async function listPricingDisagreements(
  scope: Scope,
  {
    channelId = null,
    clientId = null,
    limit = 50,
  }: { channelId?: string | null; clientId?: string | null; limit?: number } = {},
): Promise<{ count: number; rows: PricingDisagreementRow[] }> {
  const { partnerId } = scope;
  const where = sql`mc.partner_id = ${partnerId} and mc.disagreement is not null
    ${channelId ? sql`and mc.channel_id = ${channelId}` : sql``}
    ${clientFilters(scope, clientId, sql.raw("mc.client_id"))}`;
  const db = getDb();
  const [counted, rows] = await Promise.all([
    db.execute(sql`select count(*)::int as count from message_costs mc where ${where}`),
    db.execute(sql`
      select mc.message_id, mc.wamid, mc.channel_id, ch.display_phone_number as channel_number,
        cl.name as client_name, mc.customer_wa_id, mc.at, mc.type, m.text, mc.disagreement
      from (
        -- The newest few from the end of the partial index, then their details.
        select * from message_costs mc where ${where}
        order by mc.at desc, mc.message_id desc
        limit ${limit}
      ) mc
      join channels ch on ch.id = mc.channel_id and ch.partner_id = ${partnerId}
      join clients cl on cl.id = mc.client_id and cl.partner_id = ${partnerId}
      left join messages m on m.id = mc.message_id
      order by mc.at desc, mc.message_id desc`),
  ]);
  return {
    count: Number(rowsOf<{ count: number }>(counted)[0]?.count ?? 0),
    rows: rowsOf<{
      message_id: string;
      wamid: string | null;
      channel_id: string;
      channel_number: string;
      client_name: string;
      customer_wa_id: string;
      at: string | Date;
      type: string;
      text: string | null;
      disagreement: PricingDisagreement;
    }>(rows).map((r) => ({
      messageId: r.message_id,
      wamid: r.wamid,
      channelId: r.channel_id,
      channelNumber: r.channel_number,
      clientName: r.client_name,
      customerWaId: r.customer_wa_id,
      at: new Date(r.at),
      type: r.type,
      text: r.text,
      fields: r.disagreement.fields,
      engine: r.disagreement.engine,
      meta: r.disagreement.meta,
    })),
  };
}

/** The channel if it is in the tenant (the partner's; a client user's own client's), else 404. */
export async function requireCostChannel(scope: Scope, { channelId }: { channelId: string }) {
  const [row] = await getDb()
    .select({
      id: channels.id,
      clientId: channels.clientId,
      onboardedAt: channels.onboardedAt,
      createdAt: channels.createdAt,
    })
    .from(channels)
    .where(and(tenantCondition(scope, channels), eq(channels.id, channelId)));
  if (!row) throw new AppError("not_found", "Channel not found.");
  return row;
}

/** The client if it is in the tenant (a client user: only its own), else 404. */
export async function requireCostClient(scope: Scope, { clientId }: { clientId: string }) {
  const [row] = await getDb()
    .select({ id: clients.id })
    .from(clients)
    .where(
      and(
        tenantCondition(scope, { partnerId: clients.partnerId, clientId: clients.id }),
        eq(clients.id, clientId),
      ),
    );
  if (!row) throw new AppError("not_found", "Client not found.");
  return row;
}

/**
 * The Partner API cost report: parses the query (bad input is a ZodError, answered as a 422 with
 * the path of each problem), checks the channel and client belong to the partner (else 404), and
 * sums the rollups per day or month. `path` fixes the channel or client from the path
 * (`/channels/{id}/costs`, `/clients/{id}/costs`); the query may not name them again.
 */
export async function getCostReport(
  scope: Scope,
  {
    query,
    path,
  }: { query: Record<string, string>; path?: { channelId?: string; clientId?: string } },
): Promise<z.infer<typeof costReportResource>> {
  // The path's channel or client wins; the query may not name one again (strict: a 422).
  const schema = path ? costQuery.omit({ channel_id: true, client_id: true }) : costQuery;
  const parsed: z.infer<typeof costQuery> = schema.parse(query);
  const q = path ? { ...parsed, channel_id: path.channelId, client_id: path.clientId } : parsed;
  if (q.channel_id) await requireCostChannel(scope, { channelId: q.channel_id });
  if (q.client_id) await requireCostClient(scope, { clientId: q.client_id });
  const rows = await getCostBreakdown(scope, {
    channelId: q.channel_id,
    clientId: q.client_id,
    from: q.from ? new Date(`${q.from}T00:00:00Z`) : null,
    to: q.to ? new Date(`${q.to}T00:00:00Z`) : null,
    groupBy: q.group_by,
  });
  return {
    group_by: q.group_by,
    channel_id: q.channel_id ?? null,
    client_id: q.client_id ?? null,
    from: q.from ?? null,
    to: q.to ?? null,
    periods: summarise(rows).map((s) => ({
      period: s.period,
      currency: s.currency,
      messages: s.messages,
      charged: s.charged,
      free: s.free,
      amount: formatMoney({ micros: s.amountMicros, currency: s.currency }).split(" ")[1]!,
      amount_micros: s.amountMicros,
      charged_without_rate: s.noRate,
      by_category: Object.fromEntries(
        Object.entries(s.byCategory).map(([k, v]) => [
          k,
          { messages: v.messages, charged: v.charged, amount_micros: v.amountMicros },
        ]),
      ),
      free_by_reason: s.freeBy,
    })),
  };
}

/** The CSV export of a channel's verdicts in a period (the engine's columns). */
export async function exportChannelCostsCsv(
  scope: Scope,
  period: {
    channelId: string;
    from?: Date | null;
    to?: Date | null;
  },
): Promise<string> {
  await requireCostChannel(scope, period);
  const rows = await listMessageCosts(scope, period);
  return costsToCsv(
    rows.map(
      (r): PricedMessage => ({
        messageId: r.wamid ?? r.messageId,
        waId: r.customerWaId,
        at: r.at,
        origin: r.origin as PricedMessage["origin"],
        charged: r.charged,
        category: r.category,
        rateCategory: r.rateCategory,
        model: r.model as PricedMessage["model"],
        amount:
          r.amountMicros != null ? { micros: r.amountMicros, currency: r.currency ?? "USD" } : null,
        rate: !r.charged
          ? null
          : r.rateKnown
            ? {
                known: true,
                rateId: `${r.market}/${r.rateCategory ?? r.category}`,
                price: { micros: r.amountMicros ?? 0, currency: r.currency ?? "USD" },
                effectiveFrom: "",
                source: "",
              }
            : { known: false, why: "no rate known" },
        reason: r.reason,
        freeBecause: r.freeBecause as PricedMessage["freeBecause"],
        ruleSetId: r.ruleSetId,
        market: { id: r.market, name: r.market ?? "", country: null, callingCode: null },
        decidedBy: r.decidedBy as PricedMessage["decidedBy"],
        disagreement: r.disagreement as unknown as PricedMessage["disagreement"],
        conversation: null,
        outsideServiceWindow: r.outsideServiceWindow,
        allowanceCount: r.allowanceCount,
      }),
    ),
  );
}

/**
 * One conversation's costs: the stored verdicts of its outbound messages and the window bands
 * (service, free entry point, CBP conversations) computed from the customer's messages.
 */
export async function getConversationCosts(
  scope: Scope,
  { channelId, contactId }: { channelId: string; contactId: string },
) {
  const { partnerId } = scope;
  const channel = await requireCostChannel(scope, { channelId });
  const rows = await getDb()
    .select()
    .from(messages)
    .where(
      and(
        eq(messages.partnerId, partnerId),
        eq(messages.channelId, channelId),
        eq(messages.contactId, contactId),
      ),
    )
    .orderBy(asc(messages.sentAt), asc(messages.id))
    .limit(50_000);
  const { windows } = priceChannel({
    channel: { onboardedAt: channel.onboardedAt ?? channel.createdAt },
    messages: rows.map(toCostMessage),
  });
  const verdicts = await listMessageCosts(scope, { channelId, contactId });
  const totalMicros = verdicts.reduce((sum, v) => sum + (v.amountMicros ?? 0), 0);
  return { windows, verdicts, totalMicros, pending: rows.length > 0 && verdicts.length === 0 };
}
