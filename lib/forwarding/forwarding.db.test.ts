import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { and, eq, inArray } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { forwardingDeliveries, partners } from "@/db/schema";
import { createChannel, createClient, createPartner, createUser } from "@/db/testing/factories";
import { ownerScope } from "@/lib/auth/testing";
import { resetEnvForTests } from "@/lib/env";
import { userActor } from "@/lib/partners/actor";
import { rotatePartnerSecret, setPartnerWebhookUrl } from "@/lib/partners/settings";
import { claimDueDeliveries } from "./claim";
import { listDeliveries, redeliver } from "./delivery-log";
import { enqueueChannelEvent, enqueuePartnerEvent } from "./enqueue";
import { listFailingForwardingChannels } from "./failing-channels";
import { setChannelWebhook } from "./settings";
import { verifyCoexSignature } from "./signing";
import { sendTestEvent } from "./test-event";
import { processDueDeliveries } from "./worker";

// Short enough to keep the test quick, long enough for a loaded CI machine to answer a fast 200.
process.env.FORWARDING_TIMEOUT_MS = "1500";
resetEnvForTests();

/** A partner's endpoint on a real port: records what arrives, answers as told. */
type Received = { path: string; headers: IncomingHttpHeaders; body: string };
const received: Received[] = [];
let answers: { status: number; delayMs?: number }[] = [];
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk) => chunks.push(chunk));
    request.on("end", () => {
      received.push({
        path: request.url ?? "",
        headers: request.headers,
        body: Buffer.concat(chunks).toString(),
      });
      const answer = answers.shift() ?? { status: 200 };
      setTimeout(() => {
        response.statusCode = answer.status;
        response.end("ok");
      }, answer.delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

afterEach(async () => {
  received.length = 0;
  answers = [];
  // Leftovers of one test must not be claimed by the next (only this file's partners: other
  // files share the database).
  if (partnerIds.length === 0) return;
  await getDb()
    .update(forwardingDeliveries)
    .set({ status: "failed" })
    .where(
      and(
        inArray(forwardingDeliveries.partnerId, partnerIds),
        inArray(forwardingDeliveries.status, ["pending", "delivering"]),
      ),
    );
});

const partnerIds: string[] = [];
async function createOwnPartner() {
  const partner = await createPartner();
  partnerIds.push(partner.id);
  return partner;
}

async function setup(path = "/hook") {
  const partner = await createOwnPartner();
  const owner = await createUser(partner.id, "owner");
  const actor = userActor({ userId: owner.id, email: owner.email });
  const client = await createClient(partner.id);
  const channel = await createChannel(partner.id, client.id);
  const { secret } = await rotatePartnerSecret(ownerScope(partner.id), { actor });
  await setChannelWebhook(ownerScope(partner.id), {
    channelId: channel.id,
    url: `${baseUrl}${path}`,
    headers: { Authorization: "Bearer partner-token" },
    actor,
  });
  return { partner, channel, actor, secret };
}

const payload = (n: number) => ({
  object: "whatsapp_business_account",
  entry: [{ id: `waba-${n}` }],
});
const deliveryById = async (id: string) =>
  (await getDb().select().from(forwardingDeliveries).where(eq(forwardingDeliveries.id, id)))[0]!;

describe("forwarding", () => {
  it("delivers Meta's body with verifiable signatures and the channel's custom headers", async () => {
    const { partner, channel, secret } = await setup();
    const queued = await enqueueChannelEvent({
      partnerId: partner.id,
      channelId: channel.id,
      payload: payload(1),
    });
    expect(await processDueDeliveries({ partnerIds })).toEqual({ claimed: 1, delivered: 1 });
    expect(received).toHaveLength(1);
    const [request] = received;
    expect(JSON.parse(request!.body)).toEqual(payload(1));
    expect(request!.headers.authorization).toBe("Bearer partner-token");
    expect(request!.headers["x-coex-delivery"]).toBe(queued!.id);
    const { createHmac } = await import("node:crypto");
    expect(request!.headers["x-hub-signature-256"]).toBe(
      `sha256=${createHmac("sha256", secret).update(request!.body).digest("hex")}`,
    );
    expect(
      verifyCoexSignature({
        body: request!.body,
        header: String(request!.headers["x-coex-signature"]),
        secret,
      }),
    ).toBe(true);
    expect(await deliveryById(queued!.id)).toMatchObject({
      status: "delivered",
      attempts: 1,
      lastStatusCode: 200,
    });
  });

  it("retries a 500 with backoff, and not before", async () => {
    const { partner, channel } = await setup();
    answers = [{ status: 500 }];
    // A moment after the enqueue, as the next worker tick would see it.
    const now = new Date(Date.now() + 1_000);
    const queued = await enqueueChannelEvent({
      partnerId: partner.id,
      channelId: channel.id,
      payload: payload(2),
    });
    await processDueDeliveries({ partnerIds, now });
    const failed = await deliveryById(queued!.id);
    expect(failed).toMatchObject({
      status: "pending",
      attempts: 1,
      lastStatusCode: 500,
      lastError: "HTTP 500",
    });
    expect(failed.nextAttemptAt.getTime()).toBe(now.getTime() + 30_000);
    expect(
      await processDueDeliveries({ partnerIds, now: new Date(now.getTime() + 10_000) }),
    ).toEqual({
      claimed: 0,
      delivered: 0,
    });
    expect(
      await processDueDeliveries({ partnerIds, now: new Date(now.getTime() + 31_000) }),
    ).toEqual({
      claimed: 1,
      delivered: 1,
    });
    expect(received).toHaveLength(2);
    expect(await deliveryById(queued!.id)).toMatchObject({ status: "delivered", attempts: 2 });
  });

  it("a destination that does not answer in time is retried, and slows nothing else", async () => {
    const { partner, channel } = await setup();
    answers = [{ status: 200, delayMs: 4_000 }];
    const queued = await enqueueChannelEvent({
      partnerId: partner.id,
      channelId: channel.id,
      payload: payload(3),
    });
    await processDueDeliveries({ partnerIds });
    expect(await deliveryById(queued!.id)).toMatchObject({
      status: "pending",
      attempts: 1,
      lastStatusCode: null,
      lastError:
        "No HTTP answer from the destination (refused, unreachable or no answer within 1500 ms)",
    });
  });

  it("keeps order per channel: a later event waits while an earlier one is unfinished", async () => {
    const { partner, channel } = await setup();
    answers = [{ status: 503 }];
    // A moment after the enqueue, as the next worker tick would see it.
    const now = new Date(Date.now() + 1_000);
    const first = await enqueueChannelEvent({
      partnerId: partner.id,
      channelId: channel.id,
      payload: payload(10),
    });
    const second = await enqueueChannelEvent({
      partnerId: partner.id,
      channelId: channel.id,
      payload: payload(11),
    });
    expect(await processDueDeliveries({ partnerIds, now })).toEqual({ claimed: 1, delivered: 0 });
    expect(await processDueDeliveries({ partnerIds, now })).toEqual({ claimed: 0, delivered: 0 });
    expect((await deliveryById(second!.id)).status).toBe("pending");
    await processDueDeliveries({ partnerIds, now: new Date(now.getTime() + 31_000) });
    await processDueDeliveries({ partnerIds, now: new Date(now.getTime() + 31_000) });
    expect(received.map((r) => JSON.parse(r.body).entry[0].id)).toEqual([
      "waba-10",
      "waba-10",
      "waba-11",
    ]);
    expect((await deliveryById(first!.id)).status).toBe("delivered");
    expect((await deliveryById(second!.id)).status).toBe("delivered");
  });

  it("loses nothing when a worker dies holding a claim: another takes it after the claim expires", async () => {
    const { partner, channel } = await setup();
    // A moment after the enqueue, as the next worker tick would see it.
    const now = new Date(Date.now() + 1_000);
    const queued = await enqueueChannelEvent({
      partnerId: partner.id,
      channelId: channel.id,
      payload: payload(4),
    });
    expect((await claimDueDeliveries({ partnerIds, now })).map((d) => d.id)).toEqual([queued!.id]);
    // The claiming process is gone. Until the claim expires nobody sends it twice...
    expect(
      await processDueDeliveries({ partnerIds, now: new Date(now.getTime() + 30_000) }),
    ).toEqual({
      claimed: 0,
      delivered: 0,
    });
    // ...then another instance does (a claim lasts the request timeout plus a minute).
    expect(
      await processDueDeliveries({ partnerIds, now: new Date(now.getTime() + 1_500 + 61_000) }),
    ).toEqual({
      claimed: 1,
      delivered: 1,
    });
    expect(received).toHaveLength(1);
  });

  it("two workers at once never send one event twice", async () => {
    const { partner } = await setup();
    const channels = await Promise.all(
      [1, 2, 3].map(async () => {
        const client = await createClient(partner.id);
        return createChannel(partner.id, client.id);
      }),
    );
    const owner = await createUser(partner.id, "owner");
    const actor = userActor({ userId: owner.id, email: owner.email });
    for (const channel of channels) {
      await setChannelWebhook(ownerScope(partner.id), {
        channelId: channel.id,
        url: `${baseUrl}/c`,
        headers: {},
        actor,
      });
      await enqueueChannelEvent({
        partnerId: partner.id,
        channelId: channel.id,
        payload: payload(5),
      });
    }
    const results = await Promise.all([
      processDueDeliveries({ partnerIds }),
      processDueDeliveries({ partnerIds }),
    ]);
    expect(results.reduce((sum, r) => sum + r.delivered, 0)).toBe(3);
    expect(received).toHaveLength(3);
  });

  it("gives up after the maximum age and says so", async () => {
    const { partner, channel } = await setup();
    answers = [{ status: 500 }];
    const queued = await enqueueChannelEvent({
      partnerId: partner.id,
      channelId: channel.id,
      payload: payload(6),
    });
    const nearlyAWeek = new Date(Date.now() + 7 * 24 * 60 * 60 * 1000 - 1_000);
    await processDueDeliveries({ partnerIds, now: nearlyAWeek });
    expect(await deliveryById(queued!.id)).toMatchObject({
      status: "failed",
      lastError: "HTTP 500",
    });
  });

  it("a destination failing for a day shows in the failing channels list, for the health warning", async () => {
    const { partner, channel } = await setup();
    answers = [{ status: 500 }];
    await enqueueChannelEvent({
      partnerId: partner.id,
      channelId: channel.id,
      payload: payload(9),
    });
    await processDueDeliveries({ partnerIds });
    expect(await listFailingForwardingChannels({ partnerId: partner.id })).toEqual([]);
    const tomorrow = new Date(Date.now() + 25 * 60 * 60 * 1000);
    expect(await listFailingForwardingChannels({ partnerId: partner.id, now: tomorrow })).toEqual([
      { channelId: channel.id, url: `${baseUrl}/hook`, since: expect.any(Date) },
    ]);
    const other = await createOwnPartner();
    expect(await listFailingForwardingChannels({ partnerId: other.id, now: tomorrow })).toEqual([]);
  });

  it("partner events go to the partner's URL as {id, event, data}", async () => {
    const { partner, actor } = await setup();
    await setPartnerWebhookUrl(ownerScope(partner.id), { webhookUrl: `${baseUrl}/partner`, actor });
    await enqueuePartnerEvent({
      partnerId: partner.id,
      event: "client_created",
      data: { client_id: "c1" },
    });
    await processDueDeliveries({ partnerIds });
    expect(received[0]!.path).toBe("/partner");
    expect(JSON.parse(received[0]!.body)).toEqual({
      id: expect.any(String),
      event: "client_created",
      data: { client_id: "c1" },
    });
  });

  it("the partner test event goes to the partner URL and shows in the partner's log", async () => {
    const { partner, actor } = await setup();
    await setPartnerWebhookUrl(ownerScope(partner.id), {
      webhookUrl: `${baseUrl}/partner-test`,
      actor,
    });
    const outcome = await sendTestEvent(ownerScope(partner.id), { actor });
    expect(outcome).toMatchObject({ ok: true, statusCode: 200, error: null });
    expect(received[0]!.path).toBe("/partner-test");
    expect(JSON.parse(received[0]!.body)).toMatchObject({ event: "test" });
    const { deliveries } = await listDeliveries(ownerScope(partner.id), { kind: "partner" });
    expect(deliveries.map((d) => [d.id, d.status])).toEqual([[outcome.deliveryId, "delivered"]]);
  });

  it("nothing is queued for a channel or partner without a URL", async () => {
    const partner = await createOwnPartner();
    const client = await createClient(partner.id);
    const channel = await createChannel(partner.id, client.id);
    expect(
      await enqueueChannelEvent({
        partnerId: partner.id,
        channelId: channel.id,
        payload: payload(7),
      }),
    ).toBeNull();
    expect(await enqueuePartnerEvent({ partnerId: partner.id, event: "x", data: {} })).toBeNull();
  });

  it("the test event answers with what the destination said; redeliver queues it again", async () => {
    const { partner, channel, actor } = await setup();
    answers = [{ status: 418 }];
    const outcome = await sendTestEvent(ownerScope(partner.id), {
      channelId: channel.id,
      actor,
    });
    expect(outcome).toMatchObject({ ok: false, statusCode: 418, error: "HTTP 418" });
    const { deliveries } = await listDeliveries(ownerScope(partner.id), { channelId: channel.id });
    expect(deliveries[0]).toMatchObject({
      id: outcome.deliveryId,
      event: "test",
      lastStatusCode: 418,
      attempts: 1,
    });
    await redeliver(ownerScope(partner.id), { deliveryId: outcome.deliveryId, actor });
    await processDueDeliveries({ partnerIds });
    expect(await deliveryById(outcome.deliveryId)).toMatchObject({
      status: "delivered",
      attempts: 2,
    });
  });

  it("another partner gets nothing: no log, no redelivery, no forwarding URL on a foreign channel", async () => {
    const a = await setup();
    const b = await setup();
    const queued = await enqueueChannelEvent({
      partnerId: a.partner.id,
      channelId: a.channel.id,
      payload: payload(8),
    });
    expect(
      (await listDeliveries(ownerScope(b.partner.id), { channelId: a.channel.id })).total,
    ).toBe(0);
    await expect(
      redeliver(ownerScope(b.partner.id), { deliveryId: queued!.id, actor: b.actor }),
    ).rejects.toMatchObject({
      code: "not_found",
    });
    await expect(
      setChannelWebhook(ownerScope(b.partner.id), {
        channelId: a.channel.id,
        url: "https://evil.example/",
        headers: {},
        actor: b.actor,
      }),
    ).rejects.toMatchObject({ code: "not_found" });
    await expect(
      sendTestEvent(ownerScope(b.partner.id), { channelId: a.channel.id, actor: b.actor }),
    ).rejects.toMatchObject({ code: "not_found" });
    expect(
      await enqueueChannelEvent({ partnerId: b.partner.id, channelId: a.channel.id, payload: {} }),
    ).toBeNull();
    const [partnerRow] = await getDb().select().from(partners).where(eq(partners.id, a.partner.id));
    expect(partnerRow!.webhookUrl).toBeNull();
  });
});
