import { asc, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { rowsOf } from "@/db/client";
import { contacts, costRollups, messageCosts, messages, type NewMessage } from "@/db/schema";
import { createChannel, createClient, createPartner } from "@/db/testing/factories";
import { takeStubs } from "@/lib/chats/send/fold";
import { priceChangedMessages, repriceChannel } from "./store";

process.env.LOG_LEVEL ??= "error";

/**
 * Incremental pricing (issue 13) must end exactly where pricing the channel from scratch ends:
 * after random late changes (statuses that fail a send or bring Meta's pricing, late messages in
 * the past, stubs moved or folded away), the job's verdicts and rollups are compared with a full
 * reprice, row for row. The period is November 2026: the 1,000 free service messages a month
 * number every service message, so a shifted place shows.
 */

function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const START = Date.UTC(2026, 9, 29); // three days before November: two months' free tiers
const SPAN_MS = 8 * 86_400_000;
const CUSTOMERS = ["5511987650101", "5511987650102", "4915123456789", "14155550123"];

async function setup() {
  const partner = await createPartner();
  const client = await createClient(partner.id);
  const channel = await createChannel(partner.id, client.id, {
    onboardedAt: new Date(Date.UTC(2026, 8, 1)),
  });
  const rows = await getDb()
    .insert(contacts)
    .values(CUSTOMERS.map((waId) => ({ partnerId: partner.id, channelId: channel.id, waId })))
    .returning();
  const contactOf = new Map(rows.map((r) => [r.waId, r.id]));
  return { partnerId: partner.id, channelId: channel.id, contactOf };
}
type Setup = Awaited<ReturnType<typeof setup>>;

let serial = 0;
function randomMessage(s: Setup, rand: () => number, at = START + rand() * SPAN_MS): NewMessage {
  const waId = CUSTOMERS[Math.floor(rand() * CUSTOMERS.length)]!;
  const base = {
    partnerId: s.partnerId,
    channelId: s.channelId,
    contactId: s.contactOf.get(waId)!,
    customerWaId: waId,
    wamid: `wamid.p.${s.channelId.slice(0, 8)}.${serial++}`,
    // Whole seconds, as Meta's: ties are common and broken by id.
    sentAt: new Date(Math.floor(at / 1000) * 1000),
  };
  const kind = rand();
  if (kind < 0.3) {
    return {
      ...base,
      origin: "customer",
      direction: "inbound",
      type: "text",
      text: "hi",
      referral: rand() < 0.25 ? { source_type: "ad", source_id: "1" } : null,
    };
  }
  if (kind < 0.4) {
    return { ...base, origin: "app", direction: "outbound", type: "text", status: "sent" };
  }
  if (kind < 0.5) {
    return {
      ...base,
      origin: "api",
      direction: "outbound",
      type: "unknown",
      status: "delivered",
      stub: true,
      ...pricingOf(rand),
    };
  }
  const template = rand() < 0.4;
  return {
    ...base,
    origin: "api",
    direction: "outbound",
    type: template ? "template" : "text",
    templateName: template ? "order_update" : null,
    templateCategory: template ? (rand() < 0.5 ? "utility" : "marketing") : null,
    status: rand() < 0.1 ? "failed" : "sent",
    ...(rand() < 0.3 ? pricingOf(rand) : {}),
  };
}

function pricingOf(rand: () => number) {
  const category = ["service", "utility", "marketing"][Math.floor(rand() * 3)]!;
  const type = rand() < 0.5 ? "regular" : "free_customer_service";
  return {
    pricing: { billable: type === "regular", pricing_model: "PMP", type, category },
    pricingCategory: category,
    pricingType: type,
  };
}

/** One random late change, as ingestion or the send path would make it. */
async function lateChange(s: Setup, rand: () => number) {
  const db = getDb();
  const [pick] = rowsOf<{ id: string; stub: boolean; wamid: string }>(
    await db.execute(sql`
    select id, origin, stub, wamid from messages where channel_id = ${s.channelId}
      and direction = 'outbound' and origin = 'api'
    order by md5(id::text || ${String(rand())}) limit 1`),
  );
  const row = pick;
  const what = rand();
  if (!row || what < 0.25) {
    await db.insert(messages).values(randomMessage(s, rand));
  } else if (what < 0.45) {
    await db.execute(sql`
      update messages set status = 'failed', status_at = now(), updated_at = now()
      where id = ${row.id}`);
  } else if (what < 0.65) {
    const p = pricingOf(rand);
    await db.execute(sql`
      update messages set pricing = ${JSON.stringify(p.pricing)}::jsonb,
        pricing_category = ${p.pricingCategory}, pricing_type = ${p.pricingType}, updated_at = now()
      where id = ${row.id}`);
  } else if (what < 0.75) {
    // A status that changes nothing the price depends on.
    await db.execute(sql`
      update messages set status = 'read', status_at = now(), updated_at = now()
      where id = ${row.id} and status <> 'failed'`);
  } else if (what < 0.87 && row.stub) {
    // The message itself arrives: the stub's time moves to the send's.
    await db.execute(sql`
      update messages set sent_at = sent_at - make_interval(secs => ${Math.floor(rand() * 200_000)}),
        updated_at = now()
      where id = ${row.id}`);
  } else if (row.stub) {
    // The send the stub belonged to gets its wamid: the stub is folded away.
    await db.transaction((tx) => takeStubs(tx, { channelId: s.channelId, wamids: [row.wamid] }));
  } else {
    await db.insert(messages).values(randomMessage(s, rand, START + rand() * SPAN_MS));
  }
}

async function snapshot(channelId: string) {
  const db = getDb();
  const costs = await db
    .select()
    .from(messageCosts)
    .where(eq(messageCosts.channelId, channelId))
    .orderBy(asc(messageCosts.messageId));
  const rollups = await db
    .select()
    .from(costRollups)
    .where(eq(costRollups.channelId, channelId))
    .orderBy(
      asc(costRollups.day),
      asc(costRollups.category),
      asc(costRollups.charged),
      asc(costRollups.freeBecause),
    );
  return {
    costs: costs.map(({ pricedAt: _p, ...rest }) => rest),
    rollups,
  };
}

describe("incremental pricing", () => {
  it("agrees with a full reprice after random late changes", async () => {
    for (const seed of [1, 2, 3]) {
      const rand = prng(seed);
      const s = await setup();
      await getDb()
        .insert(messages)
        .values(Array.from({ length: 120 }, () => randomMessage(s, rand)));
      await repriceChannel({ partnerId: s.partnerId, channelId: s.channelId });
      for (let round = 0; round < 6; round++) {
        const changes = 1 + Math.floor(rand() * 4);
        for (let i = 0; i < changes; i++) await lateChange(s, rand);
        await priceChangedMessages({ settleMs: 0, channelIds: [s.channelId] });
        const incremental = await snapshot(s.channelId);
        await repriceChannel({ partnerId: s.partnerId, channelId: s.channelId });
        const full = await snapshot(s.channelId);
        expect(incremental, `seed ${seed}, round ${round}`).toEqual(full);
      }
    }
  });

  it("a late status that changes no price writes nothing; a late service message near the end writes only what follows it", async () => {
    const rand = prng(7);
    const s = await setup();
    await getDb()
      .insert(messages)
      .values(Array.from({ length: 150 }, () => randomMessage(s, rand)));
    await repriceChannel({ partnerId: s.partnerId, channelId: s.channelId });
    const db = getDb();
    await db.execute(sql`
      update messages set status = 'read', updated_at = now()
      where id = (select id from messages where channel_id = ${s.channelId}
        and origin = 'api' and status = 'sent' order by sent_at limit 1)`);
    expect(await priceChangedMessages({ settleMs: 0, channelIds: [s.channelId] })).toEqual({
      channels: 1,
      messages: 0,
    });

    // A free-form reply an hour before the last message: itself and the places after it.
    const [last] = rowsOf<{ at: string }>(
      await db.execute(
        sql`select max(sent_at) as at from messages where channel_id = ${s.channelId}`,
      ),
    );
    const at = new Date(last!.at).getTime() - 3_600_000;
    const [{ after }] = rowsOf<{ after: number }>(
      await db.execute(sql`
      select count(*)::int as after from message_costs
      where channel_id = ${s.channelId} and at >= ${new Date(at).toISOString()}::timestamptz
        and allowance_count is not null`),
    ) as [{ after: number }];
    await db.insert(messages).values({
      ...randomMessage(s, rand, at),
      origin: "api",
      direction: "outbound",
      type: "text",
      referral: null,
      status: "sent",
    });
    const tick = await priceChangedMessages({ settleMs: 0, channelIds: [s.channelId] });
    expect(tick.messages).toBeGreaterThanOrEqual(1);
    expect(tick.messages).toBeLessThanOrEqual(after + 1);
    const incremental = await snapshot(s.channelId);
    await repriceChannel({ partnerId: s.partnerId, channelId: s.channelId });
    expect(incremental).toEqual(await snapshot(s.channelId));
  });
});
