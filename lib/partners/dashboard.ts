import "server-only";
import { sql } from "drizzle-orm";
import { getDb } from "@/db";
import { rowsOf } from "@/db/client";
import type { MessageOrigin } from "@/db/schema/chats";
import type { PartnerScope } from "@/lib/auth/scope";
import { formatCustomer } from "@/lib/format";
import { onboardingClientKey } from "@/lib/onboarding/sessions";

/**
 * The Overview's reads: messages per day by origin, this month's spend against last month's,
 * the onboarding funnel in brief (distinct clients, attempts beside) and recent activity.
 * Every read is filtered by the partner in SQL. Days are UTC.
 */

const DAY = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export type MessagesPerDay = { day: string } & Record<MessageOrigin, number>;

/** Every day of the last `days` (today included), zero-filled, live and imported messages. */
export async function getMessagesPerDay(
  { partnerId }: PartnerScope,
  { days = 14, now = new Date() }: { days?: number; now?: Date } = {},
): Promise<MessagesPerDay[]> {
  const today = Date.parse(`${isoDay(now.getTime())}T00:00:00Z`);
  const from = isoDay(today - (days - 1) * DAY);
  const rows = rowsOf<{ day: string; origin: MessageOrigin; n: number }>(
    await getDb().execute(sql`
      select to_char(sent_at at time zone 'UTC', 'YYYY-MM-DD') as day, origin, count(*)::int as n
      from messages
      where partner_id = ${partnerId} and sent_at >= ${from}::date
      group by 1, 2`),
  );
  return Array.from({ length: days }, (_, i) => {
    const day = isoDay(today - (days - 1 - i) * DAY);
    const point: MessagesPerDay = { day, customer: 0, api: 0, app: 0, history: 0 };
    for (const row of rows) if (row.day === day) point[row.origin] = Number(row.n);
    return point;
  });
}

export type MonthSpend = {
  thisMonth: number;
  /** Last month up to the same day of the month, for a fair comparison. */
  lastMonthToDate: number;
  lastMonth: number;
  currency: string;
};

export async function getMonthSpend(
  { partnerId }: PartnerScope,
  { now = new Date() }: { now?: Date } = {},
): Promise<MonthSpend> {
  const y = now.getUTCFullYear();
  const m = now.getUTCMonth();
  const thisStart = isoDay(Date.UTC(y, m, 1));
  const lastStart = isoDay(Date.UTC(y, m - 1, 1));
  const lastSameDay = isoDay(
    Math.min(Date.UTC(y, m - 1, now.getUTCDate() + 1), Date.parse(`${thisStart}T00:00:00Z`)),
  );
  const [row] = rowsOf<{
    this_month: string | null;
    last_to_date: string | null;
    last_month: string | null;
    currency: string | null;
  }>(
    await getDb().execute(sql`
      select
        sum(amount_micros) filter (where day >= ${thisStart}::date)::bigint as this_month,
        sum(amount_micros) filter (where day >= ${lastStart}::date and day < ${lastSameDay}::date)::bigint as last_to_date,
        sum(amount_micros) filter (where day >= ${lastStart}::date and day < ${thisStart}::date)::bigint as last_month,
        max(currency) as currency
      from cost_rollups
      where partner_id = ${partnerId} and day >= ${lastStart}::date`),
  );
  return {
    thisMonth: Number(row?.this_month ?? 0),
    lastMonthToDate: Number(row?.last_to_date ?? 0),
    lastMonth: Number(row?.last_month ?? 0),
    currency: row?.currency ?? "USD",
  };
}

export type FunnelBrief = {
  stages: {
    id: "started" | "connected" | "history";
    label: string;
    clients: number;
    attempts: number;
  }[];
};

/**
 * The onboarding funnel of the last `days`, counting clients, not sessions: a retry by the same
 * client (same partner id for it, else email, else number) is one client; attempts beside.
 */
export async function getFunnelBrief(
  { partnerId }: PartnerScope,
  { days = 30, now = new Date() }: { days?: number; now?: Date } = {},
): Promise<FunnelBrief> {
  const from = new Date(now.getTime() - days * DAY);
  const [row] = rowsOf<Record<string, number>>(
    await getDb().execute(sql`
      with s as (
        select ${onboardingClientKey} as client_key,
          (steps -> 'create_channel' ->> 'status') = 'done' as connected,
          (steps -> 'request_history_sync' ->> 'status') = 'done' as history
        from onboarding_sessions
        where partner_id = ${partnerId} and created_at >= ${from.toISOString()}::timestamptz
      )
      select count(distinct client_key)::int as started_clients, count(*)::int as started_attempts,
        count(distinct client_key) filter (where connected)::int as connected_clients,
        count(*) filter (where connected)::int as connected_attempts,
        count(distinct client_key) filter (where history)::int as history_clients,
        count(*) filter (where history)::int as history_attempts
      from s`),
  );
  const n = (key: string) => Number(row?.[key] ?? 0);
  return {
    stages: [
      {
        id: "started",
        label: "Started",
        clients: n("started_clients"),
        attempts: n("started_attempts"),
      },
      {
        id: "connected",
        label: "Connected",
        clients: n("connected_clients"),
        attempts: n("connected_attempts"),
      },
      {
        id: "history",
        label: "History requested",
        clients: n("history_clients"),
        attempts: n("history_attempts"),
      },
    ],
  };
}

export type RecentActivity = {
  id: string;
  at: string;
  origin: MessageOrigin;
  text: string | null;
  type: string;
  channelId: string;
  contactId: string;
  contactName: string;
  channelName: string | null;
};

/** The newest live messages across the partner's channels (imported history excluded). */
export async function listRecentActivity(
  { partnerId }: PartnerScope,
  { limit = 8 }: { limit?: number } = {},
): Promise<RecentActivity[]> {
  const rows = rowsOf<{
    id: string;
    at: Date | string;
    origin: MessageOrigin;
    text: string | null;
    type: string;
    channel_id: string;
    contact_id: string;
    contact_name: string | null;
    wa_id: string | null;
    user_id: string | null;
    username: string | null;
    channel_name: string | null;
  }>(
    await getDb().execute(sql`
      select m.id, m.sent_at as at, m.origin, m.text, m.type, m.channel_id, m.contact_id,
        coalesce(c.app_name, c.profile_name) as contact_name, c.wa_id, c.user_id, c.username,
        ch.verified_name as channel_name
      from messages m
      join contacts c on c.id = m.contact_id and c.partner_id = ${partnerId}
      join channels ch on ch.id = m.channel_id and ch.partner_id = ${partnerId}
      where m.partner_id = ${partnerId} and m.origin <> 'history' and m.reaction_to_wamid is null
      -- Same-second messages in the order they reached the hub, as in the timelines.
      order by m.sent_at desc, m.arrived_at desc, m.seq desc
      limit ${limit}`),
  );
  return rows.map((r) => ({
    id: r.id,
    at: new Date(r.at).toISOString(),
    origin: r.origin,
    text: r.text,
    type: r.type,
    channelId: r.channel_id,
    contactId: r.contact_id,
    contactName:
      r.contact_name ?? formatCustomer({ waId: r.wa_id, userId: r.user_id, username: r.username }),
    channelName: r.channel_name,
  }));
}
