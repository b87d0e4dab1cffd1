import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { channels, clients, messages } from "@/db/schema";
import { createPartner } from "@/db/testing/factories";
import { ownerScope } from "@/lib/auth/testing";
import { listConversations } from "@/lib/chats";
import { type SendHarness, settle, startSendHarness } from "@/lib/chats/send/testing";
import { drainProcessing } from "@/lib/ingest/queue";
import { listDeliveries } from "@/lib/sandbox/deliveries";
import { connectDemoLiveChannel, DEMO_LIVE_PAYLOAD } from "./live-channel";

let harness: SendHarness;
beforeAll(async () => {
  harness = await startSendHarness();
});
afterAll(async () => {
  await harness.close();
});

describe("the demo's live channel", () => {
  it("onboards a sandbox business for real: history imported, three customers waiting (one known only by username), an app reply; a restart adds nothing", async () => {
    const partner = await createPartner();
    const first = await connectDemoLiveChannel({ partnerSlug: partner.slug });
    expect(first.created).toBe(true);

    const [channel] = await getDb().select().from(channels).where(eq(channels.id, first.channelId));
    expect(channel).toMatchObject({ partnerId: partner.id, status: "connected" });
    const [client] = await getDb().select().from(clients).where(eq(clients.id, channel!.clientId));
    expect(client!.partnerPayload).toBe(DEMO_LIVE_PAYLOAD);

    const phoneNumberId = channel!.phoneNumberId;
    await settle(phoneNumberId, (await listDeliveries({ phoneNumberId })).length);
    // The sandbox may still be sending the last webhooks: wait until the three live ones are in.
    // (Counted by their live message, not by the open window: other test files move the shared
    // sandbox clock, so "now" is not this test's to judge the window at.)
    await expect
      .poll(
        async () => {
          await drainProcessing();
          const { rows } = await listConversations(ownerScope(partner.id), {
            channelId: channel!.id,
          });
          return rows.filter((row) => row.lastLiveMessageAt !== null).length;
        },
        { timeout: 30_000 },
      )
      .toBe(3);
    const { rows } = await listConversations(ownerScope(partner.id), { channelId: channel!.id });
    // The sandbox's 8 contacts chatted over 90 days of history; three wrote live.
    expect(rows.length).toBeGreaterThanOrEqual(3);
    const live = rows.filter((row) => row.lastLiveMessageAt !== null);
    expect(live).toHaveLength(3);
    // The three are waiting: their service windows are open at the time of the last live message.
    const lastLive = new Date(
      Math.max(...live.map((row) => new Date(row.lastLiveMessageAt!).getTime())),
    );
    const atLastLive = await listConversations(ownerScope(partner.id), {
      channelId: channel!.id,
      now: lastLive,
    });
    expect(atLastLive.rows.filter((row) => row.window.open)).toHaveLength(3);
    // Rita hides her number behind her username: no number, her BSUID, shown by username.
    expect(live.find((row) => row.username === "rita.doces")).toMatchObject({
      waId: null,
      userId: expect.stringMatching(/^PT\./),
      name: "Rita",
    });
    const byOrigin = await getDb()
      .select({ origin: messages.origin, n: count() })
      .from(messages)
      .where(eq(messages.channelId, channel!.id))
      .groupBy(messages.origin);
    const counted = Object.fromEntries(byOrigin.map((row) => [row.origin, row.n]));
    expect(counted).toMatchObject({ customer: 3, app: 1 });
    expect(counted.history).toBeGreaterThan(0);

    const again = await connectDemoLiveChannel({ partnerSlug: partner.slug });
    expect(again).toEqual({ channelId: first.channelId, created: false });
    const all = await getDb().select().from(channels).where(eq(channels.partnerId, partner.id));
    expect(all).toHaveLength(1);
  });
});
