import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { forwardingDeliveries, healthNotifications, onboardingSessions } from "@/db/schema";
import { createPartner, createUser } from "@/db/testing/factories";
import { ownerScope } from "@/lib/auth/testing";
import { channelWithPartner, deliver } from "@/lib/ingest/testing/harness";
import {
  accountUpdate,
  customerMessage,
  echoText,
  envelope,
  historyChunk,
} from "@/lib/ingest/testing/meta-payloads";
import { recordAcknowledgement } from "./acknowledgements";
import { evaluateChannel, evaluatePartnerChannels, refreshPartnerHealth } from "./evaluate";
import { loadHealthFacts } from "./facts";
import { flushHealthRefreshes } from "./from-ingest";
import { getNeedsAttention, summarizeChannelWarnings } from "./summary";

const DAY = 24 * 60 * 60 * 1000;
const CUSTOMER = "16505550001";
const seconds = (d: Date) => Math.floor(d.getTime() / 1000);
const ids = (w: { id: string }[]) => w.map((x) => x.id);

async function onboardedDaysAgo(days: number) {
  const setup = await channelWithPartner(`1555${Math.floor(Math.random() * 1e7)}`);
  const onboardedAt = new Date(Date.now() - days * DAY);
  const { channels } = await import("@/db/schema");
  await getDb().update(channels).set({ onboardedAt }).where(eq(channels.id, setup.channel.id));
  return { ...setup, onboardedAt };
}

describe("channel health from ingested webhooks", () => {
  it("a burst of events re-evaluates the channel once, soon after: the disconnect is notified", async () => {
    const { channel, ids: c } = await onboardedDaysAgo(1);
    const at = seconds(new Date(Date.now() - 5 * 60_000));
    for (let i = 0; i < 5; i++) {
      await deliver(
        envelope(c.wabaId, [
          customerMessage(c, CUSTOMER, {
            id: `wamid.burst.${channel.id}.${i}`,
            timestamp: String(at + i),
            type: "text",
            text: { body: "hi" },
          }),
        ]),
      );
    }
    await deliver(
      envelope(c.wabaId, [accountUpdate(c, "PARTNER_REMOVED", "PRIMARY_INACTIVITY")], at + 10),
    );
    await flushHealthRefreshes();
    const notes = await getDb()
      .select()
      .from(healthNotifications)
      .where(eq(healthNotifications.channelId, channel.id));
    expect(notes.map((n) => n.warningId)).toEqual(["disconnected"]);
  });

  it("warns after 10 days without an echo and an ingested echo clears the warning", async () => {
    const { partner, channel, ids: c, onboardedAt } = await onboardedDaysAgo(11);
    const before = await evaluateChannel(ownerScope(partner.id), { channelId: channel.id });
    const inactivity = before.warnings.find((w) => w.id === "app_inactivity");
    expect(inactivity?.severity).toBe("warning");
    expect(before.input.lastEchoAt).toBeNull();
    expect(before.input.onboardedAt).toEqual(onboardedAt);

    const echoAt = new Date(Date.now() - 60_000);
    await deliver(
      envelope(c.wabaId, [
        echoText(c, {
          wamid: `wamid.echo.${channel.id}`,
          to: CUSTOMER,
          ts: seconds(echoAt),
          body: "hi",
        }),
      ]),
    );
    const after = await evaluateChannel(ownerScope(partner.id), { channelId: channel.id });
    expect(after.input.lastEchoAt?.getTime()).toBe(seconds(echoAt) * 1000);
    expect(ids(after.warnings)).not.toContain("app_inactivity");
  });

  it("turns critical at 13 days and an 'opened the app' acknowledgement resets the clock", async () => {
    const { partner, channel } = await onboardedDaysAgo(13.5);
    const user = await createUser(partner.id);
    const before = await evaluateChannel(ownerScope(partner.id), { channelId: channel.id });
    expect(before.warnings.find((w) => w.id === "app_inactivity")?.severity).toBe("critical");
    await recordAcknowledgement(ownerScope(partner.id), {
      channelId: channel.id,
      kind: "app_opened",
      userId: user.id,
    });
    const after = await evaluateChannel(ownerScope(partner.id), { channelId: channel.id });
    expect(ids(after.warnings)).not.toContain("app_inactivity");
  });

  it("a PARTNER_REMOVED with PRIMARY_INACTIVITY is critical with the reason in words, a reconnect clears it", async () => {
    const { partner, channel, ids: c } = await onboardedDaysAgo(1);
    const removedAt = seconds(new Date(Date.now() - 10 * 60_000));
    await deliver(
      envelope(c.wabaId, [accountUpdate(c, "PARTNER_REMOVED", "PRIMARY_INACTIVITY")], removedAt),
    );
    const down = await evaluateChannel(ownerScope(partner.id), { channelId: channel.id });
    const disconnected = down.warnings.find((w) => w.id === "disconnected");
    expect(disconnected?.severity).toBe("critical");
    expect(disconnected?.message).toContain("not used for about 14 days");
    expect(down.warnings[0]?.id).toBe("disconnected");

    await deliver(envelope(c.wabaId, [accountUpdate(c, "ACCOUNT_RECONNECTED")], removedAt + 60));
    const up = await evaluateChannel(ownerScope(partner.id), { channelId: channel.id });
    expect(ids(up.warnings)).not.toContain("disconnected");
  });

  it("counts 131060 unsupported customer messages", async () => {
    const { partner, channel, ids: c } = await onboardedDaysAgo(1);
    const ts = seconds(new Date(Date.now() - 5 * 60_000));
    for (const n of [1, 2]) {
      await deliver(
        envelope(c.wabaId, [
          customerMessage(c, CUSTOMER, {
            id: `wamid.unsupported.${n}.${channel.id}`,
            timestamp: String(ts + n),
            type: "unsupported",
            errors: [{ code: 131060, title: "Message type unknown" }],
          }),
        ]),
      );
    }
    const health = await evaluateChannel(ownerScope(partner.id), { channelId: channel.id });
    expect(health.input.unsupportedMessages?.count).toBe(2);
    expect(ids(health.warnings)).toContain("unsupported_messages");
  });

  it("reads sync requests from onboarding and a history chunk answers the request", async () => {
    const { partner, channel, ids: c } = await onboardedDaysAgo(0.2);
    const requestedAt = new Date(Date.now() - 2 * 60 * 60_000);
    await getDb()
      .insert(onboardingSessions)
      .values({
        partnerId: partner.id,
        channelId: channel.id,
        status: "completed",
        steps: {
          request_contacts_sync: { status: "done", at: requestedAt.toISOString() },
          request_history_sync: { status: "done", at: requestedAt.toISOString() },
        },
      });
    const waiting = await evaluateChannel(ownerScope(partner.id), { channelId: channel.id });
    expect(waiting.input.history.requestedAt).toEqual(requestedAt);
    expect(ids(waiting.warnings)).toContain("history_no_chunk");

    await deliver(
      envelope(c.wabaId, [
        historyChunk(c, { phase: 0, chunkOrder: 1, progress: 100, messages: [] }),
      ]),
    );
    const answered = await evaluateChannel(ownerScope(partner.id), { channelId: channel.id });
    expect(answered.input.history.firstChunkAt).not.toBeNull();
    expect(ids(answered.warnings)).not.toContain("history_no_chunk");
  });

  it("notifies a new warning once and forwards it once as channel.warning", async () => {
    const { partner, channel } = await onboardedDaysAgo(11);
    const { partners } = await import("@/db/schema");
    await getDb()
      .update(partners)
      .set({ webhookUrl: "https://partner.example/hooks" })
      .where(eq(partners.id, partner.id));
    await Promise.all([
      refreshPartnerHealth({ partnerId: partner.id }),
      refreshPartnerHealth({ partnerId: partner.id }),
    ]);
    await refreshPartnerHealth({ partnerId: partner.id });
    const notes = await getDb()
      .select()
      .from(healthNotifications)
      .where(eq(healthNotifications.channelId, channel.id));
    expect(notes.map((n) => n.warningId).sort()).toEqual([
      "app_inactivity",
      "companions_unlinked",
      "sync_missed",
    ]);
    const forwarded = await getDb()
      .select()
      .from(forwardingDeliveries)
      .where(
        and(
          eq(forwardingDeliveries.partnerId, partner.id),
          eq(forwardingDeliveries.event, "channel.warning"),
        ),
      );
    expect(forwarded).toHaveLength(notes.length);
    // Files share one database: leave nothing another file's delivery worker could claim.
    await getDb()
      .update(forwardingDeliveries)
      .set({ status: "failed" })
      .where(eq(forwardingDeliveries.partnerId, partner.id));
  });
});

describe("tenancy", () => {
  it("another partner gets nothing and cannot acknowledge", async () => {
    const { channel, ids: c } = await onboardedDaysAgo(11);
    await deliver(envelope(c.wabaId, [accountUpdate(c, "PARTNER_REMOVED", "PRIMARY_INACTIVITY")]));
    const other = await createPartner();
    const stranger = await createUser(other.id);
    expect(
      await evaluatePartnerChannels(ownerScope(other.id), { channelIds: [channel.id] }),
    ).toEqual([]);
    await expect(
      evaluateChannel(ownerScope(other.id), { channelId: channel.id }),
    ).rejects.toMatchObject({
      code: "not_found",
    });
    const facts = await loadHealthFacts({ partnerId: other.id, channelIds: [channel.id] });
    expect(facts.get(channel.id)).toEqual({});
    await expect(
      recordAcknowledgement(ownerScope(other.id), {
        channelId: channel.id,
        kind: "companions_relinked",
        userId: stranger.id,
      }),
    ).rejects.toMatchObject({ code: "not_found" });
    expect((await refreshPartnerHealth({ partnerId: other.id })).channels).toBe(0);
    expect(
      (await summarizeChannelWarnings(ownerScope(other.id), { channelIds: [channel.id] })).size,
    ).toBe(0);
    expect(await getNeedsAttention(ownerScope(other.id))).toEqual({
      channels: 0,
      byWorst: { critical: 0, warning: 0 },
      nearCut: 0,
      warnings: [],
    });
  });

  it("summarises the channel list in one batch and counts channels needing attention", async () => {
    const { partner, channel } = await onboardedDaysAgo(11);
    const { createChannel, createClient } = await import("@/db/testing/factories");
    const client = await createClient(partner.id);
    const down = await createChannel(partner.id, client.id);
    await deliver(
      envelope(down.wabaId, [
        accountUpdate(
          {
            wabaId: down.wabaId,
            phoneNumberId: down.phoneNumberId,
            displayPhoneNumber: down.displayPhoneNumber,
          },
          "PARTNER_REMOVED",
          "PRIMARY_INACTIVITY",
        ),
      ]),
    );
    const summary = await summarizeChannelWarnings(ownerScope(partner.id), {
      channelIds: [channel.id, down.id],
    });
    expect(summary.get(channel.id)?.worst).toBe("warning");
    expect(summary.get(down.id)?.worst).toBe("critical");
    expect(await getNeedsAttention(ownerScope(partner.id))).toMatchObject({
      channels: 2,
      byWorst: { critical: 1, warning: 1 },
      nearCut: 1,
    });
  });
});

describe("account events in the same second", () => {
  it("a reconnect that arrives after a disconnect of the same second wins", async () => {
    const { partner, channel, ids: c } = await onboardedDaysAgo(1);
    const at = seconds(new Date(Date.now() - 60_000));
    await deliver(
      envelope(c.wabaId, [accountUpdate(c, "PARTNER_REMOVED", "PRIMARY_INACTIVITY")], at),
    );
    await deliver(envelope(c.wabaId, [accountUpdate(c, "ACCOUNT_RECONNECTED")], at));
    const health = await evaluateChannel(ownerScope(partner.id), { channelId: channel.id });
    expect(ids(health.warnings)).not.toContain("disconnected");
  });
});
