import "server-only";
import { sql } from "drizzle-orm";
import { getDb } from "@/db";
import { rowsOf } from "@/db/client";
import type { Scope } from "@/lib/auth/scope";
import { cell } from "./csv";

/**
 * The partner-level cost views of the Costs page: per client over a date range, and the CSV of
 * the same rollups (one row per day, channel, category and free reason). Days are UTC dates,
 * `to` exclusive, as in the Partner API's cost report.
 */

/** The spend of a group of cost rollups `r`, as both range views select it. */
const spendColumns = sql`
  sum(r.messages)::int as messages,
  sum(r.messages) filter (where r.charged)::int as charged,
  sum(r.amount_micros)::bigint as amount_micros,
  max(r.currency) as currency`;

type SpendRow = {
  messages: number | null;
  charged: number | null;
  amount_micros: string | number | null;
  currency: string | null;
};

/** A group without rollups in the range (left join) spent nothing. */
function spendOf(r: SpendRow) {
  return {
    messages: Number(r.messages ?? 0),
    charged: Number(r.charged ?? 0),
    amountMicros: Number(r.amount_micros ?? 0),
    currency: r.currency ?? "USD",
  };
}

export type ClientRangeCost = {
  clientId: string;
  clientName: string;
  channels: number;
  messages: number;
  charged: number;
  free: number;
  amountMicros: number;
  currency: string;
};

export async function listClientCostsInRange(
  { partnerId, clientId }: Scope,
  { from, to }: { from: string; to: string },
): Promise<ClientRangeCost[]> {
  const rows = rowsOf<SpendRow & { client_id: string; client_name: string; channels: number }>(
    await getDb().execute(sql`
      select c.id as client_id, c.name as client_name,
        (select count(*)::int from channels ch where ch.client_id = c.id and ch.partner_id = ${partnerId}) as channels,
        ${spendColumns}
      from clients c
      left join cost_rollups r on r.client_id = c.id and r.partner_id = ${partnerId}
        and r.day >= ${from}::date and r.day < ${to}::date
      where c.partner_id = ${partnerId} ${clientId ? sql`and c.id = ${clientId}` : sql``}
      group by c.id, c.name
      order by amount_micros desc nulls last, c.name`),
  );
  return rows.map((r) => {
    const spend = spendOf(r);
    return {
      clientId: r.client_id,
      clientName: r.client_name,
      channels: Number(r.channels),
      ...spend,
      free: spend.messages - spend.charged,
    };
  });
}

export type ChannelRangeCost = {
  channelId: string;
  displayPhoneNumber: string;
  verifiedName: string | null;
  messages: number;
  charged: number;
  amountMicros: number;
  currency: string;
};

/** Per channel over a date range, most spend first: a client user's Costs page ("by channel"). */
export async function listChannelCostsInRange(
  { partnerId, clientId }: Scope,
  { from, to }: { from: string; to: string },
): Promise<ChannelRangeCost[]> {
  const rows = rowsOf<
    SpendRow & { channel_id: string; display_phone_number: string; verified_name: string | null }
  >(
    await getDb().execute(sql`
      select ch.id as channel_id, ch.display_phone_number, ch.verified_name,
        ${spendColumns}
      from channels ch
      left join cost_rollups r on r.channel_id = ch.id and r.partner_id = ${partnerId}
        and r.day >= ${from}::date and r.day < ${to}::date
      where ch.partner_id = ${partnerId} ${clientId ? sql`and ch.client_id = ${clientId}` : sql``}
      group by ch.id
      order by amount_micros desc nulls last, ch.display_phone_number`),
  );
  return rows.map((r) => ({
    channelId: r.channel_id,
    displayPhoneNumber: r.display_phone_number,
    verifiedName: r.verified_name,
    ...spendOf(r),
  }));
}

export const partnerCostCsvColumns = [
  "day",
  "client_id",
  "client",
  "channel_id",
  "phone_number",
  "category",
  "charged",
  "free_because",
  "messages",
  "amount",
  "currency",
] as const;

/**
 * The tenant's cost rollups in the range as CSV (RFC 4180, CRLF, header first): the partner's,
 * or a client user's own client's.
 */
export async function exportPartnerCostsCsv(
  { partnerId, clientId }: Scope,
  { from, to }: { from: string; to: string },
): Promise<string> {
  const rows = rowsOf<{
    day: string;
    client_id: string;
    client: string;
    channel_id: string;
    phone_number: string;
    category: string;
    charged: boolean;
    free_because: string;
    messages: number;
    amount_micros: string | number;
    currency: string;
  }>(
    await getDb().execute(sql`
      select to_char(r.day, 'YYYY-MM-DD') as day, r.client_id, c.name as client, r.channel_id,
        ch.display_phone_number as phone_number, r.category, r.charged, r.free_because,
        r.messages, r.amount_micros, r.currency
      from cost_rollups r
      join clients c on c.id = r.client_id and c.partner_id = ${partnerId}
      join channels ch on ch.id = r.channel_id and ch.partner_id = ${partnerId}
      where r.partner_id = ${partnerId} and r.day >= ${from}::date and r.day < ${to}::date
        ${clientId ? sql`and r.client_id = ${clientId}` : sql``}
      order by r.day, c.name, ch.display_phone_number, r.category, r.charged desc, r.free_because`),
  );
  const lines = rows.map((r) =>
    [
      r.day,
      r.client_id,
      r.client,
      r.channel_id,
      r.phone_number,
      r.category,
      r.charged ? "yes" : "no",
      r.free_because,
      String(r.messages),
      (Number(r.amount_micros) / 1_000_000).toFixed(6),
      r.currency,
    ]
      .map(cell)
      .join(","),
  );
  return [partnerCostCsvColumns.join(","), ...lines].map((line) => `${line}\r\n`).join("");
}
