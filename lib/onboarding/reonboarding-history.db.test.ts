import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { channels, historyChunks, onboardingSessions } from "@/db/schema";
import { ownerScope } from "@/lib/auth/testing";
import { loadHealthFacts } from "@/lib/health/facts";
import { channelWithPartner, deliver, fixture } from "@/lib/ingest/testing/harness";
import {
  accountUpdate,
  envelope,
  type HistoryMessageSpec,
  historyChunk,
  retargetFixture,
} from "@/lib/ingest/testing/meta-payloads";
import { attachChannel } from "./attach-channel";
import { getChannelHistory } from "./history-read";
import { getClientProgress } from "./progress";

/**
 * A number onboarded, offboarded, then onboarded again (attach-channel re-attaches the same
 * channel): the second onboarding's history chunks and decline reuse the first one's (phase,
 * chunk_order) and must still be recorded and counted, through the real webhook route.
 */

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000);

function messagesFor(customer: string, count: number, tag: string): HistoryMessageSpec[] {
  const ts = Math.floor(Date.now() / 1000) - 5 * 86_400;
  return Array.from({ length: count }, (_, i) => ({
    wamid: `wamid.reon.${tag}.${i}`,
    customer,
    outbound: false,
    ts: ts + i,
    body: `again ${i}`,
  }));
}

type Setup = Awaited<ReturnType<typeof channelWithPartner>>;

/** A completed onboarding of the channel's number, through attach-channel as finish runs it. */
async function onboard({ partner, channel }: Setup, startedAt: Date) {
  const [session] = await getDb()
    .insert(onboardingSessions)
    .values({
      partnerId: partner.id,
      status: "in_progress",
      wabaId: channel.wabaId,
      phoneNumberId: channel.phoneNumberId,
      createdAt: startedAt,
    })
    .returning();
  const attached = await attachChannel({
    session: session!,
    number: {
      id: channel.phoneNumberId,
      displayPhoneNumber: channel.displayPhoneNumber,
      verifiedName: "Shop",
      qualityRating: "GREEN",
      isOnBizApp: true,
      platformType: "CLOUD_API",
    },
    businessTokenEncrypted: "encrypted-token-for-the-test",
    now: new Date(),
  });
  const [completed] = await getDb()
    .update(onboardingSessions)
    .set({
      status: "completed",
      channelId: attached.channelId,
      clientId: attached.clientId,
      completedAt: new Date(),
    })
    .where(eq(onboardingSessions.id, session!.id))
    .returning();
  return completed!;
}

async function offboard({ ids }: Setup) {
  await deliver(envelope(ids.wabaId, [accountUpdate(ids, "ACCOUNT_OFFBOARDED")]));
}

describe("history of a number onboarded again", () => {
  it("records and counts the new onboarding's chunks although they reuse phase and chunk_order, and a redelivery stays one chunk", async () => {
    const setup = await channelWithPartner();
    const { partner, channel, ids } = setup;
    const first = await onboard(setup, minutesAgo(30));
    await deliver(
      envelope(ids.wabaId, [
        historyChunk(ids, {
          phase: 0,
          chunkOrder: 1,
          progress: 100,
          messages: messagesFor("5511900000101", 2, `${channel.id}-1`),
        }),
      ]),
    );
    expect((await getClientProgress({ sessionId: first.id })).history).toMatchObject({
      state: "complete",
      messages: 2,
    });

    await offboard(setup);
    const [offboarded] = await getDb()
      .select({ status: channels.status })
      .from(channels)
      .where(eq(channels.id, channel.id));
    // ACCOUNT_OFFBOARDED: the business left the Cloud API (not a mere disconnection).
    expect(offboarded?.status).toBe("offboarded");

    const second = await onboard(setup, new Date());
    expect(second.channelId).toBe(channel.id);
    // Nothing of the first import belongs to the second onboarding.
    expect((await getClientProgress({ sessionId: second.id })).history).toMatchObject({
      state: "waiting",
      messages: 0,
    });

    const again = historyChunk(ids, {
      phase: 0,
      chunkOrder: 1,
      progress: 40,
      messages: messagesFor("5511900000102", 3, `${channel.id}-2`),
    });
    await deliver(envelope(ids.wabaId, [again]));
    expect((await getClientProgress({ sessionId: second.id })).history).toMatchObject({
      state: "importing",
      progress: 40,
      messages: 3,
    });

    // Meta redelivers the same chunk in another POST (other bytes): still one chunk.
    await deliver(envelope(ids.wabaId, [again], Math.floor(Date.now() / 1000)));
    await deliver(
      envelope(ids.wabaId, [
        historyChunk(ids, {
          phase: 1,
          chunkOrder: 1,
          progress: 100,
          messages: messagesFor("5511900000102", 1, `${channel.id}-3`),
        }),
      ]),
    );
    expect((await getClientProgress({ sessionId: second.id })).history).toMatchObject({
      state: "complete",
      progress: 100,
      messages: 4,
      phases: [
        { phase: 0, chunks: 1, messages: 3 },
        { phase: 1, chunks: 1, messages: 1 },
      ],
    });
    const rows = await getDb()
      .select({ id: historyChunks.id })
      .from(historyChunks)
      .where(and(eq(historyChunks.channelId, channel.id), eq(historyChunks.phase, 0)));
    expect(rows).toHaveLength(2); // one per onboarding
    // Health reads the current import too (no "history has not arrived" while it is in).
    const health = await loadHealthFacts({ partnerId: partner.id, channelIds: [channel.id] });
    expect(health.get(channel.id)?.history?.firstChunkAt?.getTime()).toBeGreaterThanOrEqual(
      second.createdAt.getTime(),
    );
    // The channel's Overview counts the current onboarding's import.
    expect(
      await getChannelHistory(ownerScope(partner.id), { channelId: channel.id }),
    ).toMatchObject({ state: "complete", messages: 4 });
  });

  it("keeps the generation when the same onboarding's channel step runs again (a retry)", async () => {
    const setup = await channelWithPartner();
    const { partner, channel } = setup;
    const session = await onboard(setup, minutesAgo(5));
    const generationOf = async () =>
      (
        await getDb()
          .select({ generation: channels.syncGeneration, onboardedAt: channels.onboardedAt })
          .from(channels)
          .where(eq(channels.id, channel.id))
      )[0]!;
    const once = await generationOf();
    const retried = await attachChannel({
      session,
      number: {
        id: channel.phoneNumberId,
        displayPhoneNumber: channel.displayPhoneNumber,
        verifiedName: "Shop",
        qualityRating: "GREEN",
        isOnBizApp: true,
        platformType: "CLOUD_API",
      },
      businessTokenEncrypted: "encrypted-token-for-the-test",
      now: new Date(Date.now() + 60_000),
    });
    expect(retried).toMatchObject({ channelId: channel.id, clientCreated: false });
    expect(await generationOf()).toEqual(once);
    expect(partner.id).toBe(session.partnerId);
  });

  it("records the new onboarding's decline although the first onboarding was declined too", async () => {
    const setup = await channelWithPartner();
    const { partner, channel, ids } = setup;
    const first = await onboard(setup, minutesAgo(30));
    await deliver(retargetFixture(fixture("history-declined.json"), ids));
    expect((await getClientProgress({ sessionId: first.id })).history?.state).toBe("declined");

    await offboard(setup);
    const second = await onboard(setup, new Date());
    expect((await getClientProgress({ sessionId: second.id })).history?.state).toBe("waiting");
    expect((await getChannelHistory(ownerScope(partner.id), { channelId: channel.id })).state).toBe(
      "waiting",
    );

    // The same decline body again, now as the answer to the second onboarding's request.
    const declinedAgain = JSON.parse(retargetFixture(fixture("history-declined.json"), ids));
    declinedAgain.entry[0].time = Math.floor(Date.now() / 1000);
    await deliver(declinedAgain);
    expect((await getClientProgress({ sessionId: second.id })).history?.state).toBe("declined");
    expect((await getChannelHistory(ownerScope(partner.id), { channelId: channel.id })).state).toBe(
      "declined",
    );
  });
});
