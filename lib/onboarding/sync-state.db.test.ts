import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { channels } from "@/db/schema";
import { createPartner } from "@/db/testing/factories";
import { ownerScope } from "@/lib/auth/testing";
import { resetEnvForTests } from "@/lib/env";
import { deliver } from "@/lib/ingest/testing/harness";
import { accountUpdate, envelope } from "@/lib/ingest/testing/meta-payloads";
import { getChannelById, listChannels } from "@/lib/partners/channels";
import { listDeliveries } from "@/lib/sandbox/deliveries";
import { handleGraphRequest } from "@/lib/sandbox/graph";
import { completeSandboxSignup } from "@/lib/sandbox/numbers/signup-codes";
import { createSandboxNumber } from "@/lib/sandbox/numbers/store";
import { type Received, startWebhookReceiver } from "@/lib/sandbox/testing/receiver";
import { sandboxRouter, serveHandler } from "@/lib/sandbox/testing/serve";
import { finishOnboarding } from "./finish";
import { createOnboardingGraph } from "./graph";
import type { OnboardingGraph } from "./graph-port";
import { getChannelHistory } from "./history-read";
import { getClientProgress } from "./progress";
import { markPopupOpened, recordPopupOutcome, submitEligibility } from "./sessions";
import { SYNC_WINDOW_MS } from "./sync-states";

/**
 * A channel's contacts and history sync state through its transitions: onboarding finished
 * against the sandbox's Graph look-alike over HTTP (the sync requests), then the webhooks the
 * sandbox emitted for the number (signed, collected by an HTTP receiver) posted through the
 * hub's real webhook route one by one, so each state in between can be seen.
 */
let sandbox: Awaited<ReturnType<typeof serveHandler>>;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
let graph: OnboardingGraph;

beforeAll(async () => {
  receiver = await startWebhookReceiver("sandbox-app-secret");
  resetEnvForTests();
  sandbox = await serveHandler(
    sandboxRouter([{ prefix: "/sandbox/graph/", handler: handleGraphRequest }]),
  );
  graph = createOnboardingGraph({ baseUrl: `${sandbox.url}/sandbox/graph`, backoffMs: 5 });
});

afterAll(async () => {
  await sandbox.close();
  await receiver.close();
});

const yes = {
  appVersionOk: true,
  inUseLongEnough: true,
  noPaymentMethod: true,
  notWithOtherProvider: true,
};

type SandboxNumber = Awaited<ReturnType<typeof createSandboxNumber>>;

/** A client passed the checklist and finished Meta's popup for `number`: the session and code. */
async function popupFinished(partner: { id: string; slug: string }, number: SandboxNumber) {
  const { sessionId } = await submitEligibility({
    slug: partner.slug,
    params: { partner: `crm-${number.phoneNumberId}`, state: "st-sync" },
    answers: { number: `+${number.displayPhoneNumber}`, ...yes },
  });
  await markPopupOpened({ sessionId });
  const { code } = await completeSandboxSignup({ phoneNumberId: number.phoneNumberId });
  await recordPopupOutcome({
    sessionId,
    outcome: {
      kind: "finish",
      event: "FINISH_WHATSAPP_BUSINESS_APP_ONBOARDING",
      wabaId: number.wabaId,
      phoneNumberId: number.phoneNumberId,
    },
  });
  return { sessionId, code };
}

async function newNumber(options: { shareHistory?: boolean } = {}) {
  return createSandboxNumber({
    // Enough chats for several chunks (40 messages each) over the three phases.
    contacts: 10,
    historyDays: 170,
    shareHistory: options.shareHistory ?? true,
    webhookUrl: receiver.url,
  });
}

type Mark = { deliveryId: number; received: number };

/** Where the sandbox's emissions for the number stand now (to read only later ones). */
async function mark(number: SandboxNumber): Promise<Mark> {
  const rows = await listDeliveries({ phoneNumberId: number.phoneNumberId, limit: 1000 });
  return { deliveryId: rows.at(-1)?.id ?? 0, received: receiver.received.length };
}

/** The webhooks of `field` the sandbox emitted for the number (since `from`), once all arrived. */
async function emitted(
  number: SandboxNumber,
  field: string,
  from: Mark = { deliveryId: 0, received: 0 },
): Promise<Received[]> {
  const deadline = Date.now() + 15_000;
  const posts = () =>
    receiver.received
      .slice(from.received)
      .filter(
        (r) => r.rawBody.includes(number.phoneNumberId) && r.rawBody.includes(`"field":"${field}"`),
      );
  // The history is over with its 100% chunk or the decline; the contacts with their first POST.
  const ended = (list: Received[]) =>
    field === "history"
      ? list.some((r) => progressOf(r.body) === 100 || r.rawBody.includes("2593109"))
      : list.length > 0;
  for (;;) {
    const rows = await listDeliveries({
      phoneNumberId: number.phoneNumberId,
      afterId: from.deliveryId,
    });
    if (ended(posts()) && rows.every((row) => row.status === "delivered")) return posts();
    if (Date.now() > deadline) throw new Error("the sandbox's webhooks were not delivered");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A history POST's chunk progress (media follow-ups carry none). */
function progressOf(body: unknown): number | null {
  const value = (body as { entry: { changes: { value: { history?: unknown[] } }[] }[] }).entry[0]!
    .changes[0]!.value;
  const chunk = value.history?.[0] as { metadata?: { progress: number } } | undefined;
  return chunk?.metadata?.progress ?? null;
}

async function stateOf(partnerId: string, channelId: string, now?: Date) {
  return (await getChannelById(ownerScope(partnerId), { channelId, now }))!.syncState;
}

async function channelOf(number: SandboxNumber) {
  const [row] = await getDb()
    .select()
    .from(channels)
    .where(eq(channels.phoneNumberId, number.phoneNumberId));
  return row!;
}

describe("a channel's sync state", () => {
  it("goes requested → received for contacts and requested → importing → complete for history, and the Overview agrees at each step", async () => {
    const partner = await createPartner();
    const number = await newNumber();
    const { sessionId, code } = await popupFinished(partner, number);
    const session = await finishOnboarding({ sessionId, code, graph });
    expect(session.status).toBe("completed");
    const channel = await channelOf(number);

    const requested = await stateOf(partner.id, channel.id);
    expect(requested).toMatchObject({
      contacts: "requested",
      history: "requested",
      historyProgress: null,
      contactsRequestId: session.steps.request_contacts_sync?.data?.requestId,
      historyRequestId: session.steps.request_history_sync?.data?.requestId,
      deadlineAt: new Date(channel.onboardedAt!.getTime() + SYNC_WINDOW_MS),
    });
    expect(requested.contactsRequestId).toMatch(/^sbx_/);

    const contactPosts = await emitted(number, "smb_app_state_sync");
    expect(contactPosts.length).toBeGreaterThan(0);
    for (const post of contactPosts) await deliver(post.rawBody);
    expect(await stateOf(partner.id, channel.id)).toMatchObject({
      contacts: "received",
      history: "requested",
    });

    // Chunks in the order the sandbox sent them; the state follows the highest progress.
    const historyPosts = (await emitted(number, "history")).filter(
      (post) => progressOf(post.body) !== null,
    );
    expect(historyPosts.length).toBeGreaterThan(1);
    let highest = 0;
    for (const [index, post] of historyPosts.entries()) {
      await deliver(post.rawBody);
      highest = Math.max(highest, progressOf(post.body)!);
      const state = await stateOf(partner.id, channel.id);
      const overview = await getChannelHistory(ownerScope(partner.id), { channelId: channel.id });
      const client = (await getClientProgress({ sessionId })).history;
      if (highest < 100) {
        expect(state).toMatchObject({ history: "importing", historyProgress: Math.floor(highest) });
      } else {
        expect(state).toMatchObject({ history: "complete", historyProgress: 100 });
      }
      // The channel's Overview and the client's page tell the same story as the list.
      expect(overview).toMatchObject({
        state: state.history === "complete" ? "complete" : "importing",
        progress: state.historyProgress,
      });
      expect(client).toMatchObject({ state: overview.state, progress: overview.progress });
      if (index === historyPosts.length - 1) expect(state.history).toBe("complete");
    }

    // The list filters by the same states.
    const listed = await listChannels(ownerScope(partner.id), {
      query: {
        limit: 100,
        offset: 0,
        sort: "-created_at",
        sortField: "created_at",
        descending: true,
        filters: { contacts_sync: "received", history_sync: "complete" },
      },
    });
    expect(listed.channels.map((c) => c.id)).toEqual([channel.id]);
  });

  it("says declined when the business does not share its history", async () => {
    const partner = await createPartner();
    const number = await newNumber({ shareHistory: false });
    const { sessionId, code } = await popupFinished(partner, number);
    await finishOnboarding({ sessionId, code, graph });
    const channel = await channelOf(number);
    const declinePosts = await emitted(number, "history");
    expect(declinePosts).toHaveLength(1);
    await deliver(declinePosts[0]!.rawBody);
    expect(await stateOf(partner.id, channel.id)).toMatchObject({
      contacts: "requested",
      history: "declined",
      historyProgress: null,
    });
    expect((await getChannelHistory(ownerScope(partner.id), { channelId: channel.id })).state).toBe(
      "declined",
    );
  });

  it("is not requested while the requests fail, and expired once the 24 hours since onboarding passed", async () => {
    const partner = await createPartner();
    const number = await newNumber();
    const { sessionId, code } = await popupFinished(partner, number);
    const metaDown: OnboardingGraph = {
      ...graph,
      requestSync: async () => {
        throw Object.assign(new Error("Meta is down"), { status: 503 });
      },
    };
    const failed = await finishOnboarding({ sessionId, code, graph: metaDown });
    expect(failed.status).toBe("failed");
    const channel = await channelOf(number);
    expect(await stateOf(partner.id, channel.id)).toMatchObject({
      contacts: "not_requested",
      history: "not_requested",
    });

    const dayLater = new Date(channel.onboardedAt!.getTime() + SYNC_WINDOW_MS + 1000);
    expect(await stateOf(partner.id, channel.id, dayLater)).toMatchObject({
      contacts: "expired",
      history: "expired",
    });
    const expired = await listChannels(ownerScope(partner.id), {
      now: dayLater,
      query: {
        limit: 100,
        offset: 0,
        sort: "-created_at",
        sortField: "created_at",
        descending: true,
        filters: { history_sync: "expired" },
      },
    });
    expect(expired.total).toBe(1);

    // The retry asks Meta in time: requested (and a request never expires).
    const resumed = await finishOnboarding({ sessionId, graph });
    expect(resumed.status).toBe("completed");
    expect(await stateOf(partner.id, channel.id, dayLater)).toMatchObject({
      contacts: "requested",
      history: "requested",
    });
  });

  it("starts again when the number is onboarded again, and the new import is recorded and counted", async () => {
    const partner = await createPartner();
    const number = await newNumber();
    const first = await popupFinished(partner, number);
    const firstSession = await finishOnboarding({
      sessionId: first.sessionId,
      code: first.code,
      graph,
    });
    const channel = await channelOf(number);
    for (const post of await emitted(number, "smb_app_state_sync")) await deliver(post.rawBody);
    for (const post of await emitted(number, "history")) await deliver(post.rawBody);
    expect(await stateOf(partner.id, channel.id)).toMatchObject({
      contacts: "received",
      history: "complete",
    });

    const ids = {
      wabaId: number.wabaId,
      phoneNumberId: number.phoneNumberId,
      displayPhoneNumber: number.displayPhoneNumber,
    };
    await deliver(envelope(ids.wabaId, [accountUpdate(ids, "ACCOUNT_OFFBOARDED")]));
    const before = await mark(number);

    const second = await popupFinished(partner, number);
    const secondSession = await finishOnboarding({
      sessionId: second.sessionId,
      code: second.code,
      graph,
    });
    expect(secondSession.status).toBe("completed");
    expect(secondSession.channelId).toBe(channel.id);
    const again = await stateOf(partner.id, channel.id);
    expect(again).toMatchObject({ contacts: "requested", history: "requested" });
    expect(again.historyRequestId).not.toBe(
      firstSession.steps.request_history_sync?.data?.requestId,
    );
    expect(again.historyRequestId).toBe(secondSession.steps.request_history_sync?.data?.requestId);
    expect((await getChannelHistory(ownerScope(partner.id), { channelId: channel.id })).state).toBe(
      "waiting",
    );

    // The same business, the same chats: Meta's chunks reuse the first import's phases and orders.
    // Within one second the sandbox can emit byte-identical bodies for both onboardings, which
    // the route's dedupe (same bytes = Meta's retry) would drop; a minute apart, as in life.
    const later = (body: unknown) => {
      const copy = structuredClone(body) as { entry: { time?: number }[] };
      for (const entry of copy.entry) entry.time = Math.floor(Date.now() / 1000) + 60;
      return copy;
    };
    for (const post of await emitted(number, "smb_app_state_sync", before))
      await deliver(later(post.body));
    for (const post of await emitted(number, "history", before)) await deliver(later(post.body));
    expect(await stateOf(partner.id, channel.id)).toMatchObject({
      contacts: "received",
      history: "complete",
      historyProgress: 100,
    });
    const secondImport = await getChannelHistory(ownerScope(partner.id), { channelId: channel.id });
    // Only the new onboarding's chunks count (the sandbox made them from the new onboarding time).
    const secondChunks = (await emitted(number, "history", before)).filter(
      (post) => progressOf(post.body) !== null,
    );
    expect(secondImport.state).toBe("complete");
    expect(secondImport.phases.reduce((sum, phase) => sum + phase.chunks, 0)).toBe(
      secondChunks.length,
    );
    expect(secondImport.messages).toBeGreaterThan(0);
    // The client's page of the new onboarding sees its import.
    expect((await getClientProgress({ sessionId: second.sessionId })).history).toMatchObject({
      state: "complete",
      progress: 100,
      messages: secondImport.messages,
    });
  });
});
