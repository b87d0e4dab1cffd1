import "server-only";
import { sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { rowsOf } from "@/db/client";

/**
 * `cost_rollups` kept by difference: a verdict that changes takes its old row's figures out of
 * its (day, category, charged, free_because, currency) group and adds the new one's, so a late
 * status changes two groups at most, never a whole day. Groups left with no message are removed.
 */

/** The rollup figures of one stored verdict (a `message_costs` row). */
export type RollupFigures = {
  at: Date;
  category: string;
  charged: boolean;
  freeBecause: string | null;
  currency: string | null;
  amountMicros: number | null;
  rateKnown: boolean;
};

type Delta = {
  day: string;
  category: string;
  charged: boolean;
  freeBecause: string;
  currency: string;
  messages: number;
  amountMicros: number;
  noRate: number;
};

function keyOf(r: RollupFigures) {
  return {
    day: r.at.toISOString().slice(0, 10),
    category: r.category,
    charged: r.charged,
    freeBecause: r.freeBecause ?? "",
    currency: r.currency ?? "USD",
  };
}

/** Sums `sign` x each verdict per group; zero deltas are dropped. */
export function rollupDeltas(changes: { row: RollupFigures; sign: 1 | -1 }[]): Delta[] {
  const byKey = new Map<string, Delta>();
  for (const { row, sign } of changes) {
    const key = keyOf(row);
    const id = JSON.stringify(key);
    const delta = byKey.get(id) ?? { ...key, messages: 0, amountMicros: 0, noRate: 0 };
    delta.messages += sign;
    delta.amountMicros += sign * (row.amountMicros ?? 0);
    delta.noRate += row.charged && !row.rateKnown ? sign : 0;
    byKey.set(id, delta);
  }
  return [...byKey.values()]
    .filter((d) => d.messages !== 0 || d.amountMicros !== 0 || d.noRate !== 0)
    .sort((a, b) => sortKey(a).localeCompare(sortKey(b)));
}

const sortKey = (d: Delta) =>
  JSON.stringify([d.day, d.category, d.charged, d.freeBecause, d.currency]);

/** Adds the deltas to the channel's rollups (rows sorted by key: no deadlock between writers). */
export async function applyRollupDeltas(
  db: Executor,
  { channelId, deltas }: { channelId: string; deltas: Delta[] },
) {
  for (let i = 0; i < deltas.length; i += 500) {
    const slice = deltas.slice(i, i + 500);
    const values = sql.join(
      slice.map(
        (d) =>
          sql`(${d.day}::date, ${d.category}::text, ${d.charged}::boolean, ${d.freeBecause}::text, ${d.currency}::text, ${d.messages}::int, ${d.amountMicros}::bigint, ${d.noRate}::int)`,
      ),
      sql`, `,
    );
    await db.execute(sql`
      insert into cost_rollups as r (partner_id, channel_id, client_id, day, category, charged,
        free_because, currency, messages, amount_micros, no_rate)
      select c.partner_id, c.id, c.client_id, v.day, v.category, v.charged, v.free_because,
        v.currency, v.messages, v.amount_micros, v.no_rate
      from (values ${values}) as v(day, category, charged, free_because, currency, messages,
        amount_micros, no_rate)
      cross join channels c where c.id = ${channelId}
      on conflict (channel_id, day, category, charged, free_because, currency) do update set
        messages = r.messages + excluded.messages,
        amount_micros = r.amount_micros + excluded.amount_micros,
        no_rate = r.no_rate + excluded.no_rate`);
  }
  if (deltas.length > 0) {
    await db.execute(sql`
      delete from cost_rollups where channel_id = ${channelId} and messages <= 0
        and day in (${sql.join(
          [...new Set(deltas.map((d) => d.day))].map((day) => sql`${day}::date`),
          sql`, `,
        )})`);
  }
}

type CostRow = {
  at: string | Date;
  category: string;
  charged: boolean;
  free_because: string | null;
  currency: string | null;
  amount_micros: string | number | null;
  rate_known: boolean;
};

export function figuresOf(row: CostRow): RollupFigures {
  return {
    at: new Date(row.at),
    category: row.category,
    charged: row.charged,
    freeBecause: row.free_because,
    currency: row.currency,
    amountMicros: row.amount_micros === null ? null : Number(row.amount_micros),
    rateKnown: row.rate_known,
  };
}

/**
 * Before priced messages are deleted (a status stub folded into the send it belonged to): their
 * verdicts leave the rollups, and the channel's free-tier places after the earliest are counted
 * again by the next pricing tick (`recount_from`). The caller deletes the messages next.
 */
export async function forgetMessageCosts(
  db: Executor,
  { channelId, messageIds }: { channelId: string; messageIds: string[] },
) {
  if (messageIds.length === 0) return;
  const removed = rowsOf<CostRow>(
    await db.execute(sql`
      delete from message_costs where channel_id = ${channelId}
        and message_id in (${sql.join(
          messageIds.map((id) => sql`${id}::uuid`),
          sql`, `,
        )})
      returning at, category, charged, free_because, currency, amount_micros, rate_known`),
  ).map(figuresOf);
  if (removed.length === 0) return;
  await applyRollupDeltas(db, {
    channelId,
    deltas: rollupDeltas(removed.map((row) => ({ row, sign: -1 as const }))),
  });
  const earliest = new Date(Math.min(...removed.map((r) => r.at.getTime())));
  const at = earliest.toISOString();
  await db.execute(sql`
    update cost_watermarks set recount_from = least(coalesce(recount_from, ${at}::timestamptz), ${at}::timestamptz)
    where channel_id = ${channelId}`);
}
