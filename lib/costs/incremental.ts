import "server-only";
import { sql } from "drizzle-orm";
import { getDb } from "@/db";
import { rowsOf } from "@/db/client";
import { CONTEXT_MS } from "./context";
import { ChannelPricer, monthKey, type ServiceCounter } from "./engine";
import { defaultRateCard } from "./rate-card";
import { pricingRuleSets } from "./rules";
import {
  byTimeThenId,
  type CostChannelRow,
  type CostRow,
  loadCostChannel,
  repriceChannel,
  type StoredMessage,
  toCostMessage,
  toCostRow,
  writeVerdicts,
} from "./store";
import type { CostMessage } from "./types";

/**
 * Incremental pricing: after a change (a late status, a late message) only the verdicts that can
 * differ are computed again, and the result is the same as pricing the channel from scratch
 * (lib/costs/incremental.db.test.ts checks that after random late changes).
 *
 * What a message's verdict depends on (lib/costs/engine.ts), and so what a change forces:
 * 1. The same customer's messages of the 96 hours before it: the service window (a customer
 *    message opens 24 h), the entry point (a referral answered within 24 h opens 72 h; the end is
 *    always the latest answer + 72 h, so it never chains further back), the referral consumed by
 *    the first API answer after it. So a change at time t can alter that customer's verdicts in
 *    [t, t + 96 h] only, and computing them needs that customer's messages from t - 96 h: pass 1
 *    prices exactly those (per customer, never the whole day).
 * 2. The month's free tier (from 2026-10-01 the first 1,000 service messages a month are free, and
 *    each verdict names its place: "service message 12 of the 1,000"): a message's place is the
 *    number of places taken before it in the month, by any customer. Whether a message takes a
 *    place depends only on (1), so pass 1 knows it exactly; its place number is the stored one
 *    while nothing before it changed. When a message gains, loses or moves its place (a late
 *    service message, a send that turns failed, Meta pricing a "service" guess as a template, a
 *    priced stub folded away: `cost_watermarks.recount_from`), every later place of the month
 *    shifts: pass 2 prices everything from the earliest such point to the end, with the places
 *    before it counted from the stored verdicts. Live traffic appends at the end of the month, so
 *    that suffix is the newest messages; only a late change to an old message's place reprices
 *    the rest of its month, which is inherent to Meta's counting.
 * 3. Conversation-based pricing (before 2025-07-01): conversations chain (whether a message opens
 *    one depends on the one before, without limit), so a change reaching back there reprices the
 *    channel whole. Those months are closed; only a very late status can touch them.
 * 4. Volume tiers of the rate card (none on the card so far) count the month's charged messages
 *    like (2); with a tiered card every change reprices the channel whole.
 * Meta's conversation ids (CBP) are per customer and last 24 h: covered by (1) and (3).
 */

/** The reach of a change, forward and back (24 h referral answer + 72 h entry point). */
const REACH_MS = CONTEXT_MS;

/** From here on only per-message pricing applies (no conversation chains). */
const PMP_SINCE = (() => {
  const sorted = [...pricingRuleSets].sort(
    (a, b) => Date.parse(a.effectiveFrom) - Date.parse(b.effectiveFrom),
  );
  let since = Number.POSITIVE_INFINITY;
  for (const r of sorted) {
    if (r.model === "CBP") since = Number.POSITIVE_INFINITY;
    else if (since === Number.POSITIVE_INFINITY) since = Date.parse(r.effectiveFrom);
  }
  return since;
})();
const TIERED_CARD = defaultRateCard.rates.some((row) => row.volumeFrom > 0);

type Key = { at: number; id: string };
const before = (a: Key, b: Key) => a.at < b.at || (a.at === b.at && a.id < b.id);

type Changed = {
  id: string;
  contact_id: string;
  sent_at: string | Date;
  old_at: string | Date | null;
};

const columns = sql.raw(`m.id, m.sent_at as "sentAt", m.origin, m.direction,
  m.customer_wa_id as "customerWaId", m.type, m.template_name as "templateName",
  m.template_category as "templateCategory", m.referral, m.pricing, m.conversation, m.status,
  m.contact_id as "contactId", m.wamid`);

function toStored(raw: Record<string, unknown>): StoredMessage {
  return { ...(raw as unknown as StoredMessage), sentAt: new Date(raw.sentAt as string) };
}

export async function priceChanges({
  partnerId,
  channelId,
  after,
  upto,
  recountFrom,
}: {
  partnerId: string;
  channelId: string;
  /** The watermark: messages updated after it and up to `upto` are the change. */
  after: string;
  upto: string;
  /** The earliest free-tier place removed since the last pass (a folded stub), if any. */
  recountFrom: Date | null;
}): Promise<{ priced: number }> {
  const channel = await loadCostChannel(partnerId, channelId);
  if (!channel) return { priced: 0 };
  const db = getDb();
  const changed = rowsOf<Changed>(
    await db.execute(sql`
      select m.id, m.contact_id, m.sent_at, c.at as old_at
      from messages m left join message_costs c on c.message_id = m.id
      where m.channel_id = ${channelId}
        and m.updated_at > ${after}::timestamptz and m.updated_at <= ${upto}::timestamptz`),
  );
  const times = changed.flatMap((c) => [
    new Date(c.sent_at).getTime(),
    ...(c.old_at ? [new Date(c.old_at).getTime()] : []),
  ]);
  if (recountFrom) times.push(recountFrom.getTime());
  if (times.length === 0) return { priced: 0 };
  if (TIERED_CARD || Math.min(...times) - REACH_MS < PMP_SINCE) {
    return repriceChannel({ partnerId, channelId }); // (3), (4)
  }

  // Pass 1: each changed customer's messages within reach of its changes.
  const ranges = customerRanges(changed);
  const rows = await messagesInRanges(channelId, ranges);
  const inReach = new Set<string>();
  for (const row of rows) {
    const t = row.sentAt.getTime();
    if (ranges.get(row.contactId)?.some(([from, to]) => t >= from && t <= to)) {
      inReach.add(row.id);
    }
  }
  const stored = await storedVerdicts(channelId, [...inReach]);
  // Only API sends ever take a free-tier place.
  const placesBefore = await placesBeforeEach(
    channelId,
    rows.filter((r) => inReach.has(r.id) && r.origin === "api" && r.direction === "outbound"),
  );
  const pass1 = price(channel, rows, inReach, storedPlaces(placesBefore));
  // Where the month's free-tier places changed (2): a message gained, lost or moved its place.
  let recountKey: Key | null = recountFrom ? { at: recountFrom.getTime(), id: "" } : null;
  const consider = (key: Key) => {
    if (!recountKey || before(key, recountKey)) recountKey = key;
  };
  for (const id of inReach) {
    const prev = stored.get(id);
    const next = pass1.get(id);
    const prevPlace = prev?.allowance_count != null;
    const nextPlace = next?.allowanceCount != null;
    const prevKey = prev ? { at: new Date(prev.at).getTime(), id } : null;
    const nextKey = next ? { at: next.at.getTime(), id } : null;
    if (prevPlace && (!nextPlace || prevKey!.at !== nextKey!.at)) consider(prevKey!);
    if (nextPlace && (!prevPlace || prevKey!.at !== nextKey!.at)) consider(nextKey!);
  }

  const verdicts = new Map<string, CostRow>();
  const ids = new Set(inReach);
  const from = recountKey as Key | null;
  for (const [id, verdict] of pass1) {
    if (inReach.has(id) && (!from || before({ at: verdict.at.getTime(), id }, from))) {
      verdicts.set(id, verdict);
    }
  }
  if (from) {
    // Pass 2: everything from the earliest changed place on, places counted again.
    const suffix = await messagesFrom(channelId, from.at);
    const after2 = new Set(
      suffix.filter((r) => !before({ at: r.sentAt.getTime(), id: r.id }, from)).map((r) => r.id),
    );
    const placesUpTo = await countPlacesBefore(channelId, from);
    const pass2 = price(channel, suffix, after2, countingPlaces(after2, from, placesUpTo));
    for (const id of after2) {
      ids.add(id);
      const verdict = pass2.get(id);
      if (verdict) verdicts.set(id, verdict);
    }
  }
  const written = await writeVerdicts({ channel, messageIds: [...ids], verdicts });
  return { priced: written };
}

/** Per customer, the merged [t, t + reach] spans of its changes (new and old times). */
function customerRanges(changed: Changed[]): Map<string, [number, number][]> {
  const spans = new Map<string, [number, number][]>();
  for (const c of changed) {
    const list = spans.get(c.contact_id) ?? [];
    for (const at of [c.sent_at, c.old_at]) {
      if (!at) continue;
      const t = new Date(at).getTime();
      list.push([t, t + REACH_MS]);
    }
    spans.set(c.contact_id, list);
  }
  for (const [contact, list] of spans) {
    list.sort((a, b) => a[0] - b[0]);
    const merged: [number, number][] = [];
    for (const span of list) {
      const last = merged[merged.length - 1];
      if (last && span[0] <= last[1]) last[1] = Math.max(last[1], span[1]);
      else merged.push([...span]);
    }
    spans.set(contact, merged);
  }
  return spans;
}

/** The customers' messages in their spans, with the 96 hours before each as context. */
async function messagesInRanges(
  channelId: string,
  ranges: Map<string, [number, number][]>,
): Promise<StoredMessage[]> {
  const list = [...ranges].flatMap(([contact, spans]) =>
    spans.map(([from, to]) => ({ contact, from: from - REACH_MS, to })),
  );
  const byId = new Map<string, StoredMessage>();
  for (let i = 0; i < list.length; i += 500) {
    const values = sql.join(
      list
        .slice(i, i + 500)
        .map(
          (r) =>
            sql`(${r.contact}::uuid, ${new Date(r.from).toISOString()}::timestamptz, ${new Date(r.to).toISOString()}::timestamptz)`,
        ),
      sql`, `,
    );
    const found = rowsOf<Record<string, unknown>>(
      await getDb().execute(sql`
        select ${columns} from (values ${values}) as r(contact_id, from_at, to_at)
        join messages m on m.channel_id = ${channelId} and m.contact_id = r.contact_id
          and m.sent_at >= r.from_at and m.sent_at <= r.to_at`),
    );
    for (const raw of found) byId.set(raw.id as string, toStored(raw));
  }
  return [...byId.values()].sort(byTimeThenId);
}

/** Every message from `at` on, and the 96 hours before it of the customers those belong to. */
async function messagesFrom(channelId: string, at: number): Promise<StoredMessage[]> {
  const from = new Date(at).toISOString();
  const context = new Date(at - REACH_MS).toISOString();
  const found = rowsOf<Record<string, unknown>>(
    await getDb().execute(sql`
      select ${columns} from messages m
      where m.channel_id = ${channelId} and m.sent_at >= ${context}::timestamptz
        and (m.sent_at >= ${from}::timestamptz or exists (
          select 1 from messages n where n.channel_id = ${channelId}
            and n.contact_id = m.contact_id and n.sent_at >= ${from}::timestamptz))`),
  );
  return found.map(toStored).sort(byTimeThenId);
}

type StoredVerdict = { message_id: string; at: string | Date; allowance_count: number | null };

async function storedVerdicts(channelId: string, ids: string[]) {
  const out = new Map<string, StoredVerdict>();
  for (let i = 0; i < ids.length; i += 1000) {
    const slice = ids.slice(i, i + 1000);
    for (const row of rowsOf<StoredVerdict>(
      await getDb().execute(sql`
        select message_id, at, allowance_count from message_costs
        where channel_id = ${channelId} and message_id in (${sql.join(
          slice.map((id) => sql`${id}::uuid`),
          sql`, `,
        )})`),
    )) {
      out.set(row.message_id, row);
    }
  }
  return out;
}

/** The month's places taken before `key`, from the stored verdicts. */
async function countPlacesBefore(channelId: string, key: Key): Promise<number> {
  const at = new Date(key.at);
  const monthStart = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1)).toISOString();
  const [row] = rowsOf<{ n: number }>(
    await getDb().execute(sql`
      select count(*)::int as n from message_costs
      where channel_id = ${channelId} and allowance_count is not null
        and at >= ${monthStart}::timestamptz
        and (at < ${at.toISOString()}::timestamptz
          or (at = ${at.toISOString()}::timestamptz and ${key.id ? sql`message_id < ${key.id}::uuid` : sql`false`}))`),
  );
  return Number(row?.n ?? 0);
}

/**
 * The place number each message would take: one more than the stored place just before it in its
 * month. Exact before the first changed place (the stored places are consecutive there); a
 * message that keeps a place it did not have is a changed place, and pass 2 redoes it. A message
 * whose place Meta's pricing gives back still names it in its reason, hence the number for all.
 */
async function placesBeforeEach(
  channelId: string,
  rows: StoredMessage[],
): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (let i = 0; i < rows.length; i += 500) {
    const values = sql.join(
      rows.slice(i, i + 500).map((r) => {
        const at = r.sentAt;
        const month = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1));
        return sql`(${r.id}::uuid, ${at.toISOString()}::timestamptz, ${month.toISOString()}::timestamptz)`;
      }),
      sql`, `,
    );
    for (const row of rowsOf<{ id: string; n: number | null }>(
      await getDb().execute(sql`
        select v.id, (
          select c.allowance_count from message_costs c
          where c.channel_id = ${channelId} and c.allowance_count is not null
            and c.at >= v.month_start and (c.at, c.message_id) < (v.at, v.id)
          order by c.at desc, c.message_id desc limit 1) as n
        from (values ${values}) as v(id, at, month_start)`),
    )) {
      out.set(row.id, Number(row.n ?? 0));
    }
  }
  return out;
}

function storedPlaces(placesBefore: Map<string, number>): ServiceCounter {
  return {
    take: (message: CostMessage) => (placesBefore.get(message.id) ?? 0) + 1,
    giveBack() {},
  };
}

/** Pass 2's places: counted on from the stored ones before `from`, month by month. */
function countingPlaces(priced: Set<string>, from: Key, placesBefore: number): ServiceCounter {
  const counts = new Map<string, number>([[monthKey(new Date(from.at)), placesBefore]]);
  return {
    take(message: CostMessage) {
      if (!priced.has(message.id)) return 0; // context: its verdict is not kept
      const month = monthKey(message.at);
      const next = (counts.get(month) ?? 0) + 1;
      counts.set(month, next);
      return next;
    },
    giveBack(message: CostMessage) {
      if (!priced.has(message.id)) return;
      const month = monthKey(message.at);
      counts.set(month, (counts.get(month) ?? 1) - 1);
    },
  };
}

/** Prices `rows` in order; returns the verdicts of the messages in `keep`. */
function price(
  channel: CostChannelRow,
  rows: StoredMessage[],
  keep: Set<string>,
  serviceCounter: ServiceCounter,
): Map<string, CostRow> {
  const pricer = new ChannelPricer({
    channel: { onboardedAt: channel.onboardedAt },
    serviceCounter,
  });
  const out = new Map<string, CostRow>();
  for (const row of rows) {
    const verdict = pricer.add(toCostMessage(row));
    if (verdict && keep.has(row.id)) out.set(row.id, toCostRow(verdict, row));
  }
  return out;
}
