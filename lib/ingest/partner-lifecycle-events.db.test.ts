import { and, asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { channels, clients, forwardingDeliveries, partners } from "@/db/schema";
import { channelWithPartner, deliver } from "./testing/harness";
import { accountUpdate, envelope } from "./testing/meta-payloads";

/**
 * Account updates that change a channel's status are announced to the partner's URL as
 * `channel_disconnected` / `channel_connected`, once per change, through the real webhook route.
 */
const T = Math.floor(Date.UTC(2026, 2, 1, 12) / 1000);

async function setup() {
  const setup = await channelWithPartner(`1555${Math.floor(Math.random() * 1e7)}`);
  await getDb()
    .update(partners)
    .set({ webhookUrl: "https://crm.example.test/coex" })
    .where(eq(partners.id, setup.partner.id));
  await getDb()
    .update(clients)
    .set({ partnerPayload: `crm-${setup.client.id.slice(0, 8)}` })
    .where(eq(clients.id, setup.client.id));
  return setup;
}

/** The lifecycle announcements (health's channel.warning events go to the same URL). */
async function partnerEvents(partnerId: string) {
  const rows = await getDb()
    .select()
    .from(forwardingDeliveries)
    .where(
      and(eq(forwardingDeliveries.partnerId, partnerId), eq(forwardingDeliveries.kind, "partner")),
    )
    .orderBy(asc(forwardingDeliveries.seq));
  return rows
    .map((row) => ({
      url: row.url,
      ...(JSON.parse(row.body) as { id: string; event: string; data: Record<string, unknown> }),
    }))
    .filter((e) => e.event === "channel_disconnected" || e.event === "channel_connected");
}

async function statusOf(channelId: string) {
  const [row] = await getDb().select().from(channels).where(eq(channels.id, channelId));
  return row!.status;
}

describe("partner events from account updates", () => {
  it("PARTNER_REMOVED sends channel_disconnected once; ACCOUNT_RECONNECTED sends channel_connected", async () => {
    const { partner, client, channel, ids } = await setup();
    const removed = envelope(
      ids.wabaId,
      [accountUpdate(ids, "PARTNER_REMOVED", "PRIMARY_INACTIVITY")],
      T,
    );
    await deliver(removed);
    // Meta retries with the same bytes, and a new batch carries the same event again.
    await deliver(removed);
    await deliver({ ...removed, entry: [...removed.entry, ...removed.entry] });
    expect(await statusOf(channel.id)).toBe("disconnected");
    expect(await partnerEvents(partner.id)).toEqual([
      {
        url: "https://crm.example.test/coex",
        id: expect.any(String),
        event: "channel_disconnected",
        data: {
          channel_id: channel.id,
          client_id: client.id,
          phone_number_id: ids.phoneNumberId,
          waba_id: ids.wabaId,
          display_phone_number: ids.displayPhoneNumber,
          partner_payload: `crm-${client.id.slice(0, 8)}`,
          status: "disconnected",
          previous_status: "connected",
          meta_event: "PARTNER_REMOVED",
          reason: "PRIMARY_INACTIVITY",
          initiated_by: "SYSTEM",
          occurred_at: new Date(T * 1000).toISOString(),
        },
      },
    ]);

    // Offboarded while already disconnected: no second announcement.
    await deliver(envelope(ids.wabaId, [accountUpdate(ids, "ACCOUNT_OFFBOARDED")], T + 60));
    expect((await partnerEvents(partner.id)).map((e) => e.event)).toEqual(["channel_disconnected"]);

    await deliver(envelope(ids.wabaId, [accountUpdate(ids, "ACCOUNT_RECONNECTED")], T + 120));
    expect(await statusOf(channel.id)).toBe("connected");
    const events = await partnerEvents(partner.id);
    expect(events.map((e) => e.event)).toEqual(["channel_disconnected", "channel_connected"]);
    expect(events[1]!.data).toMatchObject({
      channel_id: channel.id,
      status: "connected",
      previous_status: "offboarded",
      meta_event: "ACCOUNT_RECONNECTED",
      reason: null,
    });

    // A removal older than the reconnection arrives late: it changes nothing, announces nothing.
    await deliver(envelope(ids.wabaId, [accountUpdate(ids, "PARTNER_REMOVED", "OTHER")], T + 30));
    expect(await statusOf(channel.id)).toBe("connected");
    expect(await partnerEvents(partner.id)).toHaveLength(2);
  });

  it("ACCOUNT_OFFBOARDED sends channel_disconnected; nothing is queued without a partner URL", async () => {
    const { partner, ids } = await setup();
    await deliver(envelope(ids.wabaId, [accountUpdate(ids, "ACCOUNT_OFFBOARDED")], T));
    expect(await partnerEvents(partner.id)).toMatchObject([
      {
        event: "channel_disconnected",
        data: { meta_event: "ACCOUNT_OFFBOARDED", reason: null, status: "offboarded" },
      },
    ]);

    const bare = await channelWithPartner(`1555${Math.floor(Math.random() * 1e7)}`);
    await deliver(envelope(bare.ids.wabaId, [accountUpdate(bare.ids, "PARTNER_REMOVED")], T));
    expect(await statusOf(bare.channel.id)).toBe("disconnected");
    expect(await partnerEvents(bare.partner.id)).toEqual([]);
  });
});
