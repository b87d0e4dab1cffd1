import { describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { onboardingSessions } from "@/db/schema";
import { createChannel, createPartner } from "@/db/testing/factories";
import { ownerScope } from "@/lib/auth/testing";
import { AppError } from "@/lib/errors";
import { channelWithPartner, deliver, fixture } from "@/lib/ingest/testing/harness";
import {
  envelope,
  type HistoryMessageSpec,
  historyChunk,
  retargetFixture,
} from "@/lib/ingest/testing/meta-payloads";
import { HISTORY_PATIENCE_MS, HISTORY_READABLE_MS } from "./history-progress";
import { getChannelHistory } from "./history-read";
import { getClientProgress } from "./progress";
import { getOnboardingFunnel } from "./sessions";

/**
 * The history import as the client's public page and the partner's funnel read it, from history
 * webhooks posted through the real webhook route.
 */

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000);

/** A session that connected `channelId` a minute ago, as finishOnboarding leaves it. */
async function completedSession(
  partnerId: string,
  channelId: string,
  at: { createdAt?: Date; completedAt?: Date } = {},
) {
  const [session] = await getDb()
    .insert(onboardingSessions)
    .values({
      partnerId,
      channelId,
      status: "completed",
      redirectUrl: "https://partner.example/done",
      clientId: null,
      state: "st-h",
      createdAt: at.createdAt ?? minutesAgo(3),
      completedAt: at.completedAt ?? minutesAgo(1),
      steps: { request_history_sync: { status: "done", at: minutesAgo(1).toISOString() } },
    })
    .returning();
  return session!;
}

function messagesFor(customer: string, count: number, tag: string): HistoryMessageSpec[] {
  const ts = Math.floor(Date.now() / 1000) - 3 * 86_400;
  return Array.from({ length: count }, (_, i) => ({
    wamid: `wamid.hist.${tag}.${i}`,
    customer,
    outbound: i % 2 === 1,
    ts: ts + i,
    body: `history ${i}`,
  }));
}

describe("the client's history progress", () => {
  it("says nothing came yet, then shows phases and the highest progress while chunks arrive out of order, then complete", async () => {
    const { partner, channel, ids } = await channelWithPartner();
    const session = await completedSession(partner.id, channel.id);

    const before = await getClientProgress({ sessionId: session.id });
    expect(before.history).toMatchObject({
      state: "waiting",
      progress: 0,
      phases: [],
      continueNow: false,
    });

    await deliver(
      envelope(ids.wabaId, [
        historyChunk(ids, {
          phase: 1,
          chunkOrder: 1,
          progress: 60,
          messages: messagesFor("5511900000001", 3, `${channel.id}-b`),
        }),
      ]),
    );
    await deliver(
      envelope(ids.wabaId, [
        historyChunk(ids, {
          phase: 0,
          chunkOrder: 1,
          progress: 30,
          messages: messagesFor("5511900000002", 2, `${channel.id}-a`),
        }),
      ]),
    );
    const importing = await getClientProgress({ sessionId: session.id });
    expect(importing.history).toMatchObject({
      state: "importing",
      progress: 60,
      messages: 5,
      continueNow: false,
      phases: [
        { phase: 0, label: "The last 24 hours", chunks: 1, messages: 2 },
        { phase: 1, label: "1 to 90 days ago", chunks: 1, messages: 3 },
      ],
    });

    await deliver(
      envelope(ids.wabaId, [
        historyChunk(ids, {
          phase: 1,
          chunkOrder: 2,
          progress: 100,
          messages: messagesFor("5511900000001", 2, `${channel.id}-c`),
        }),
      ]),
    );
    const done = await getClientProgress({ sessionId: session.id });
    expect(done.history).toMatchObject({ state: "complete", progress: 100, continueNow: true });
  });

  it("says the business declined when Meta sends 2593109", async () => {
    const { partner, channel, ids } = await channelWithPartner();
    const session = await completedSession(partner.id, channel.id);
    await deliver(retargetFixture(fixture("history-declined.json"), ids));
    const progress = await getClientProgress({ sessionId: session.id });
    expect(progress.history).toMatchObject({ state: "declined", continueNow: true });
  });

  it("moves on by itself when nothing new came for a while", async () => {
    const { partner, channel } = await channelWithPartner();
    const session = await completedSession(partner.id, channel.id);
    const later = new Date(session.completedAt!.getTime() + HISTORY_PATIENCE_MS + 1000);
    const progress = await getClientProgress({ sessionId: session.id, now: later });
    expect(progress.history).toMatchObject({ state: "waiting", continueNow: true });
  });

  it("gives another session's id nothing of this import, nor an unknown id, an unfinished session or an expired one", async () => {
    const { partner, channel, ids } = await channelWithPartner();
    const session = await completedSession(partner.id, channel.id);
    await deliver(
      envelope(ids.wabaId, [
        historyChunk(ids, {
          phase: 0,
          chunkOrder: 1,
          progress: 100,
          messages: messagesFor("5511900000003", 2, `${channel.id}-x`),
        }),
      ]),
    );
    expect((await getClientProgress({ sessionId: session.id })).history?.state).toBe("complete");

    // Another client's session, same partner, another channel: only its own (empty) import.
    const otherChannel = await createChannel(partner.id, channel.clientId);
    const other = await completedSession(partner.id, otherChannel.id);
    expect((await getClientProgress({ sessionId: other.id })).history).toMatchObject({
      state: "waiting",
      messages: 0,
      phases: [],
    });

    // A session of another partner that never connected anything.
    const stranger = await createPartner();
    const [unfinished] = await getDb()
      .insert(onboardingSessions)
      .values({ partnerId: stranger.id, status: "in_progress" })
      .returning();
    expect((await getClientProgress({ sessionId: unfinished!.id })).history).toBeNull();

    await expect(
      getClientProgress({ sessionId: "00000000-0000-4000-8000-000000000000" }),
    ).rejects.toBeInstanceOf(AppError);

    const expired = new Date(session.completedAt!.getTime() + HISTORY_READABLE_MS + 1000);
    expect((await getClientProgress({ sessionId: session.id, now: expired })).history).toBeNull();

    // The number onboarded again later: the old session's id sees nothing of the new session,
    // and the new one nothing received before it started.
    const newer = await completedSession(partner.id, channel.id, {
      createdAt: new Date(Date.now() + 1000),
      completedAt: new Date(Date.now() + 2000),
    });
    expect((await getClientProgress({ sessionId: session.id })).history).toBeNull();
    expect(
      (await getClientProgress({ sessionId: newer.id, now: new Date(Date.now() + 3000) })).history,
    ).toMatchObject({ state: "waiting", messages: 0 });
  });
});

describe("the partner's view of history", () => {
  it("counts 'history complete' on the funnel from the channels' history, imported or declined", async () => {
    const { partner, client, channel, ids } = await channelWithPartner();
    const declinedChannel = await createChannel(partner.id, client.id);
    const waitingChannel = await createChannel(partner.id, client.id);
    await completedSession(partner.id, channel.id);
    await completedSession(partner.id, declinedChannel.id);
    await completedSession(partner.id, waitingChannel.id);
    await deliver(
      envelope(ids.wabaId, [
        historyChunk(ids, {
          phase: 0,
          chunkOrder: 1,
          progress: 100,
          messages: messagesFor("5511900000021", 2, `${channel.id}-f`),
        }),
      ]),
    );
    await deliver(
      retargetFixture(fixture("history-declined.json"), {
        wabaId: declinedChannel.wabaId,
        phoneNumberId: declinedChannel.phoneNumberId,
        displayPhoneNumber: declinedChannel.displayPhoneNumber,
      }),
    );

    const funnel = await getOnboardingFunnel(ownerScope(partner.id), {
      from: minutesAgo(10),
      to: new Date(Date.now() + 60_000),
    });
    const stages = Object.fromEntries(funnel.stages.map((stage) => [stage.id, stage]));
    expect(funnel.stages.at(-1)?.id).toBe("history");
    expect(stages.synced?.count).toBe(3);
    expect(stages.history).toMatchObject({
      label: "History complete",
      count: 2,
      note: "1 imported, 1 declined to share",
    });

    const other = await createPartner();
    const empty = await getOnboardingFunnel(ownerScope(other.id), {
      from: minutesAgo(10),
      to: new Date(Date.now() + 60_000),
    });
    expect(empty.stages.find((stage) => stage.id === "history")?.count).toBe(0);
  });

  it("shows a channel's imported chats, and another partner none", async () => {
    const { partner, channel, ids } = await channelWithPartner();
    await completedSession(partner.id, channel.id);
    await deliver(
      envelope(ids.wabaId, [
        historyChunk(ids, {
          phase: 0,
          chunkOrder: 1,
          progress: 100,
          messages: [
            ...messagesFor("5511900000011", 2, `${channel.id}-p`),
            ...messagesFor("5511900000012", 3, `${channel.id}-q`),
          ],
        }),
      ]),
    );
    expect(
      await getChannelHistory(ownerScope(partner.id), { channelId: channel.id }),
    ).toMatchObject({ state: "complete", progress: 100, chats: 2, messages: 5 });
    const other = await createPartner();
    expect(await getChannelHistory(ownerScope(other.id), { channelId: channel.id })).toMatchObject({
      state: "waiting",
      chats: 0,
      messages: 0,
    });
  });
});
