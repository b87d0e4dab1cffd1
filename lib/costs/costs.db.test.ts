import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { channels, messages } from "@/db/schema";
import { createChannel, createClient, createPartner } from "@/db/testing/factories";
import { ownerScope } from "@/lib/auth/testing";
import { channelWithPartner, deliver } from "@/lib/ingest/testing/harness";
import { customerText, envelope, statuses } from "@/lib/ingest/testing/meta-payloads";
import {
  getCostBreakdown,
  listClientCosts,
  listMessageCosts,
  listMostExpensiveConversations,
  listPricingDisagreements,
  requireCostChannel,
  requireCostClient,
  summarise,
} from "./reports";
import { priceChangedMessages, repriceChannel } from "./store";

const CUSTOMER = "5511987654321";
// 2026-01-05 10:00 UTC: per-message pricing, the rate card's sample is in force.
const T = Date.UTC(2026, 0, 5, 10) / 1000;

/** A channel onboarded in December 2025 with an ingested conversation: a marketing template
 * sent through the API (Meta's pricing says charged), the customer's answer, a free-form reply. */
async function ingestedConversation() {
  const setup = await channelWithPartner(`1555${Math.floor(Math.random() * 1e7)}`);
  const { channel, ids } = setup;
  await getDb()
    .update(channels)
    .set({ onboardedAt: new Date(Date.UTC(2025, 11, 1)) })
    .where(eq(channels.id, channel.id));
  await deliver(
    envelope(ids.wabaId, [
      customerText(ids, { wamid: "wamid.c1", from: CUSTOMER, ts: T + 3600, body: "Yes please" }),
    ]),
  );
  const [inbound] = await getDb().select().from(messages).where(eq(messages.channelId, channel.id));
  // The Messaging API stores its template send before Meta answers.
  await getDb()
    .insert(messages)
    .values({
      partnerId: channel.partnerId,
      channelId: channel.id,
      contactId: inbound!.contactId,
      wamid: "wamid.t1",
      origin: "api",
      direction: "outbound",
      type: "template",
      templateName: "spring_sale",
      templateCategory: "marketing",
      sentAt: new Date(T * 1000),
      status: "pending",
      customerWaId: CUSTOMER,
    });
  await deliver(
    envelope(ids.wabaId, [
      statuses(ids, [
        { wamid: "wamid.t1", status: "sent", ts: T, to: CUSTOMER, pricing: true },
        { wamid: "wamid.r1", status: "sent", ts: T + 3900, to: CUSTOMER },
      ]),
    ]),
  );
  return setup;
}

describe("costs from ingested messages", () => {
  it("prices a charged template and a free reply inside the window, with reasons", async () => {
    const { channel, partner } = await ingestedConversation();
    await priceChangedMessages({ settleMs: 0, channelIds: [channel.id] });
    const rows = await listMessageCosts(ownerScope(partner.id), { channelId: channel.id });
    expect(rows.map((r) => [r.wamid, r.charged, r.category, r.freeBecause])).toEqual([
      ["wamid.t1", true, "marketing", null],
      ["wamid.r1", false, "service", "window"],
    ]);
    expect(rows[0]!.reason).toMatch(/^charged: marketing template/);
    expect(rows[0]!.decidedBy).toBe("meta");
    expect(rows[0]!.amountMicros).toBeGreaterThan(0);
    expect(rows[1]!.reason).toMatch(/^free:/);

    const [month] = summarise(
      await getCostBreakdown(ownerScope(partner.id), { channelId: channel.id, groupBy: "month" }),
    );
    expect(month).toMatchObject({ period: "2026-01", messages: 2, charged: 1, free: 1 });
    expect(month!.amountMicros).toBe(rows[0]!.amountMicros);
    expect(month!.freeBy).toEqual({ window: 1 });
    const [top] = await listMostExpensiveConversations(ownerScope(partner.id), {
      channelId: channel.id,
    });
    expect(top).toMatchObject({ waId: CUSTOMER, charged: 1, amountMicros: month!.amountMicros });
  });

  it("reprices a message when a later status marks it failed, and a second run finds nothing new", async () => {
    const { channel, partner, ids } = await ingestedConversation();
    await priceChangedMessages({ settleMs: 0, channelIds: [channel.id] });
    await deliver(
      envelope(ids.wabaId, [
        statuses(ids, [{ wamid: "wamid.r1", status: "failed", ts: T + 3950, to: CUSTOMER }]),
      ]),
    );
    const result = await priceChangedMessages({ settleMs: 0, channelIds: [channel.id] });
    expect(result.channels).toBeGreaterThanOrEqual(1);
    const rows = await listMessageCosts(ownerScope(partner.id), { channelId: channel.id });
    expect(rows.find((r) => r.wamid === "wamid.r1")).toMatchObject({
      charged: false,
      freeBecause: "not_delivered",
    });
    const again = await priceChangedMessages({ settleMs: 0, channelIds: [channel.id] });
    expect(again.messages).toBe(0);
  });

  it("another partner gets nothing from any cost read", async () => {
    const { channel, client } = await ingestedConversation();
    await repriceChannel({ partnerId: channel.partnerId, channelId: channel.id });
    const other = await createPartner();
    const otherClient = await createClient(other.id);
    await createChannel(other.id, otherClient.id);
    expect(
      await getCostBreakdown(ownerScope(other.id), { channelId: channel.id, groupBy: "day" }),
    ).toEqual([]);
    expect(await getCostBreakdown(ownerScope(other.id), { clientId: client.id })).toEqual([]);
    expect(await listMessageCosts(ownerScope(other.id), { channelId: channel.id })).toEqual([]);
    expect(
      await listMostExpensiveConversations(ownerScope(other.id), { channelId: channel.id }),
    ).toEqual([]);
    const clientsSeen = await listClientCosts(ownerScope(other.id));
    expect(clientsSeen.map((c) => c.clientId)).toEqual([otherClient.id]);
    await expect(
      requireCostChannel(ownerScope(other.id), { channelId: channel.id }),
    ).rejects.toMatchObject({ code: "not_found" });
    await expect(
      requireCostClient(ownerScope(other.id), { clientId: client.id }),
    ).rejects.toMatchObject({ code: "not_found" });
    // The owner sees its own.
    expect(
      await getCostBreakdown(ownerScope(channel.partnerId), { clientId: client.id }),
    ).not.toEqual([]);
  });

  it("lists to the partner's admins where Meta's pricing disagreed with the engine, and to no one else", async () => {
    const { channel, client, partner, ids } = await ingestedConversation();
    // Sent by the partner's own software: the hub knows it only from its statuses, so the
    // engine predicts a free service reply; Meta billed a marketing template.
    await deliver(
      envelope(ids.wabaId, [
        statuses(ids, [
          { wamid: "wamid.x1", status: "sent", ts: T + 4000, to: CUSTOMER, pricing: true },
        ]),
      ]),
    );
    await priceChangedMessages({ settleMs: 0, channelIds: [channel.id] });

    const seen = await listPricingDisagreements(ownerScope(partner.id), { channelId: channel.id });
    expect(seen.count).toBe(1);
    expect(seen.rows).toHaveLength(1);
    expect(seen.rows[0]).toMatchObject({
      wamid: "wamid.x1",
      customerWaId: CUSTOMER,
      channelId: channel.id,
      fields: ["charged", "category"],
      engine: { charged: false, category: "service", model: "PMP" },
      meta: { charged: true, category: "marketing", model: "PMP", type: "regular" },
    });
    // The costs follow Meta.
    const verdict = (
      await listMessageCosts(ownerScope(partner.id), { channelId: channel.id })
    ).find((r) => r.wamid === "wamid.x1");
    expect(verdict).toMatchObject({ charged: true, category: "marketing", decidedBy: "meta" });
    expect(
      (await listPricingDisagreements(ownerScope(partner.id), { clientId: client.id })).count,
    ).toBe(1);
    const partnerWide = await listPricingDisagreements(ownerScope(partner.id));
    expect(partnerWide.rows.map((r) => r.wamid)).toEqual(["wamid.x1"]);

    const other = await createPartner();
    expect(await listPricingDisagreements(ownerScope(other.id), { channelId: channel.id })).toEqual(
      {
        count: 0,
        rows: [],
      },
    );
    expect(await listPricingDisagreements(ownerScope(other.id), { clientId: client.id })).toEqual({
      count: 0,
      rows: [],
    });
    expect((await listPricingDisagreements(ownerScope(other.id))).count).toBe(0);
  });
});
