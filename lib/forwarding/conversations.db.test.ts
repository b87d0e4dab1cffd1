import { and, eq, inArray } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { WhatsAppAPI } from "whatsapp-api-js";
import { NodeNext } from "whatsapp-api-js/setup/node";
import { getDb } from "@/db";
import { forwardingDeliveries } from "@/db/schema";
import { createChannel, createClient, createPartner, createUser } from "@/db/testing/factories";
import { ownerScope } from "@/lib/auth/testing";
import { resetEnvForTests } from "@/lib/env";
import { userActor } from "@/lib/partners/actor";
import { rotatePartnerSecret, setPartnerWebhookUrl } from "@/lib/partners/settings";
import type { ProcessedEvent } from "@/lib/processed-event";
import { claimDueDeliveries } from "./claim";
import { listDeliveries } from "./delivery-log";
import { enqueuePartnerEvent } from "./enqueue";
import { forwardProcessedEvents } from "./from-ingest";
import { setChannelWebhook } from "./settings";
import { startReceiver } from "./testing";
import { processDueDeliveries, startForwardingWorker } from "./worker";

process.env.FORWARDING_TIMEOUT_MS = "1500";
resetEnvForTests();

/** Per request, what the receiver answers: tests set it. */
let answer: (path: string, body: string) => { status: number; delayMs?: number } = () => ({
  status: 200,
});
let receiver: Awaited<ReturnType<typeof startReceiver>>;
beforeAll(async () => {
  receiver = await startReceiver((r) => answer(r.path, r.body));
});
afterAll(async () => {
  await receiver.close();
});

const partnerIds: string[] = [];
afterEach(async () => {
  receiver.received.length = 0;
  answer = () => ({ status: 200 });
  // Leftovers must not be claimed by the next test (only this file's partners).
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

async function setup(path = "/hook") {
  const partner = await createPartner();
  partnerIds.push(partner.id);
  const owner = await createUser(partner.id, "owner");
  const actor = userActor({ userId: owner.id, email: owner.email });
  const client = await createClient(partner.id);
  const channel = await createChannel(partner.id, client.id);
  const { secret } = await rotatePartnerSecret(ownerScope(partner.id), { actor });
  await setChannelWebhook(ownerScope(partner.id), {
    channelId: channel.id,
    url: `${receiver.url}${path}`,
    headers: {},
    actor,
  });
  return { partner, channel, actor, secret };
}

/** A processed inbound text message from `customer`, as ingestion hands it over. */
function inbound(
  t: Awaited<ReturnType<typeof setup>>,
  customer: string,
  text: string,
): ProcessedEvent {
  return {
    webhookEventId: crypto.randomUUID(),
    receivedAt: new Date(),
    replay: false,
    changes: [
      {
        channelId: t.channel.id,
        partnerId: t.partner.id,
        field: "messages",
        value: {
          messaging_product: "whatsapp",
          metadata: {
            display_phone_number: t.channel.displayPhoneNumber,
            phone_number_id: t.channel.phoneNumberId,
          },
          contacts: [{ profile: { name: `Customer ${customer}` }, wa_id: customer }],
          messages: [
            {
              from: customer,
              id: `wamid.${crypto.randomUUID()}`,
              timestamp: "1767261600",
              type: "text",
              text: { body: text },
            },
          ],
        },
      },
    ],
  };
}

const textOf = (body: string) =>
  JSON.parse(body).entry[0].changes[0].value.messages[0].text.body as string;
const customerOf = (body: string) =>
  JSON.parse(body).entry[0].changes[0].value.messages[0].from as string;

async function waitUntilFinished(partnerId: string, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = await getDb()
      .select({ id: forwardingDeliveries.id })
      .from(forwardingDeliveries)
      .where(
        and(
          eq(forwardingDeliveries.partnerId, partnerId),
          inArray(forwardingDeliveries.status, ["pending", "delivering"]),
        ),
      );
    if (open.length === 0) return;
    if (Date.now() > deadline) throw new Error(`${open.length} deliveries still open`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The received texts grouped by customer, in arrival order. */
function arrivalsByCustomer() {
  const out = new Map<string, string[]>();
  for (const r of receiver.received) {
    const customer = customerOf(r.body);
    out.set(customer, [...(out.get(customer) ?? []), textOf(r.body)]);
  }
  return out;
}

describe("forwarding by conversation", () => {
  it("keeps each conversation's order with many requests in flight to one partner", async () => {
    const t = await setup();
    // Random answer times, so a worker that did not hold order would show it.
    answer = () => ({ status: 200, delayMs: Math.floor(Math.random() * 15) });
    const customers = Array.from({ length: 8 }, (_, i) => `551190000${1000 + i}`);
    const events = customers.flatMap((customer) =>
      Array.from({ length: 6 }, (_, n) => inbound(t, customer, `${customer}#${n}`)),
    );
    // Interleaved as they would arrive.
    events.sort(() => Math.random() - 0.5);
    const expected = new Map<string, string[]>();
    for (const event of events) {
      const value = event.changes[0]!.value as {
        messages: { from: string; text: { body: string } }[];
      };
      const m = value.messages[0]!;
      expected.set(m.from, [...(expected.get(m.from) ?? []), m.text.body]);
    }
    await forwardProcessedEvents(events);
    const worker = startForwardingWorker({ partnerIds: [t.partner.id], concurrency: 16 });
    try {
      await waitUntilFinished(t.partner.id);
    } finally {
      await worker.stop();
    }
    expect(receiver.received).toHaveLength(events.length);
    expect(arrivalsByCustomer()).toEqual(expected);
    // Several customers at once: one partner is not one lane.
    expect(receiver.maxInFlight()).toBeGreaterThan(1);
  });

  it("holds at most `perUrl` requests in flight to one URL", async () => {
    const t = await setup();
    answer = () => ({ status: 200, delayMs: 40 });
    receiver.resetMaxInFlight();
    const customers = Array.from({ length: 8 }, (_, i) => `551197777${1000 + i}`);
    await forwardProcessedEvents(
      customers.flatMap((c) => [inbound(t, c, `${c}#0`), inbound(t, c, `${c}#1`)]),
    );
    const worker = startForwardingWorker({
      partnerIds: [t.partner.id],
      concurrency: 16,
      perUrl: 3,
    });
    try {
      await waitUntilFinished(t.partner.id);
    } finally {
      await worker.stop();
    }
    expect(receiver.received).toHaveLength(16);
    expect(receiver.maxInFlight()).toBe(3);
  });

  it("two workers at once deliver each event exactly once, in order per conversation", async () => {
    const t = await setup();
    answer = () => ({ status: 200, delayMs: Math.floor(Math.random() * 5) });
    const customers = Array.from({ length: 10 }, (_, i) => `551191111${1000 + i}`);
    const events = customers.flatMap((customer) =>
      Array.from({ length: 5 }, (_, n) => inbound(t, customer, `${customer}#${n}`)),
    );
    await forwardProcessedEvents(events);
    const workers = [1, 2].map(() =>
      startForwardingWorker({ partnerIds: [t.partner.id], concurrency: 8 }),
    );
    try {
      await waitUntilFinished(t.partner.id);
    } finally {
      await Promise.all(workers.map((w) => w.stop()));
    }
    const ids = receiver.received.map((r) => String(r.headers["x-coex-delivery"]));
    expect(ids).toHaveLength(events.length);
    expect(new Set(ids).size).toBe(events.length);
    for (const [customer, texts] of arrivalsByCustomer()) {
      expect(texts).toEqual(Array.from({ length: 5 }, (_, n) => `${customer}#${n}`));
    }
  });

  it("a failing conversation does not hold other customers back", async () => {
    const t = await setup();
    answer = (_path, body) => ({ status: customerOf(body) === "5511922220001" ? 503 : 200 });
    await forwardProcessedEvents([
      inbound(t, "5511922220001", "stuck-1"),
      inbound(t, "5511922220001", "stuck-2"),
      inbound(t, "5511922220002", "free-1"),
      inbound(t, "5511922220002", "free-2"),
    ]);
    const now = new Date(Date.now() + 1_000);
    await processDueDeliveries({ partnerIds: [t.partner.id], now });
    await processDueDeliveries({ partnerIds: [t.partner.id], now });
    expect(arrivalsByCustomer()).toEqual(
      new Map([
        ["5511922220001", ["stuck-1"]],
        ["5511922220002", ["free-1", "free-2"]],
      ]),
    );
  });

  it("a delivery failing for an hour stops holding its conversation, and shows as out of order", async () => {
    const t = await setup();
    answer = (_path, body) => ({ status: textOf(body) === "first" ? 500 : 200 });
    const customer = "5511933330001";
    await forwardProcessedEvents([inbound(t, customer, "first"), inbound(t, customer, "second")]);
    const t0 = Date.now() + 1_000;
    const at = (minutes: number) => new Date(t0 + minutes * 60_000);
    const scope = { partnerIds: [t.partner.id] };
    // Fails on its own schedule; "second" waits behind it for the first hour.
    for (const minute of [0, 1, 3, 7, 15, 31, 59]) {
      await processDueDeliveries({ ...scope, now: at(minute) });
    }
    expect(receiver.received.map((r) => textOf(r.body))).not.toContain("second");
    // An hour after its first failure it lets the conversation go on without it.
    await processDueDeliveries({ ...scope, now: at(61) });
    expect(receiver.received.map((r) => textOf(r.body))).toContain("second");
    const { deliveries } = await listDeliveries(ownerScope(t.partner.id), { now: at(61) });
    const byText = new Map(
      await Promise.all(
        deliveries.map(async (d) => {
          const [row] = await getDb()
            .select({ body: forwardingDeliveries.body })
            .from(forwardingDeliveries)
            .where(eq(forwardingDeliveries.id, d.id));
          return [textOf(row!.body), d] as const;
        }),
      ),
    );
    expect(byText.get("first")).toMatchObject({ status: "pending", outOfOrder: true });
    expect(byText.get("second")).toMatchObject({ status: "delivered", outOfOrder: false });
    // It keeps retrying on its own schedule, and is delivered when the endpoint recovers.
    answer = () => ({ status: 200 });
    await processDueDeliveries({ ...scope, now: at(24 * 60) });
    expect(receiver.received.map((r) => textOf(r.body)).at(-1)).toBe("first");
  });

  it("a new channel URL re-targets the pending deliveries; so does a new partner URL", async () => {
    const t = await setup("/old");
    answer = (path) => ({ status: path === "/old" ? 503 : 200 });
    await forwardProcessedEvents([
      inbound(t, "5511944440001", "a"),
      inbound(t, "5511944440001", "b"),
    ]);
    await setPartnerWebhookUrl(ownerScope(t.partner.id), {
      webhookUrl: `${receiver.url}/old`,
      actor: t.actor,
    });
    await enqueuePartnerEvent({ partnerId: t.partner.id, event: "client_created", data: {} });
    const now = new Date(Date.now() + 1_000);
    await processDueDeliveries({ partnerIds: [t.partner.id], now });
    expect(receiver.received.map((r) => r.path)).toEqual(["/old", "/old"]);
    await setChannelWebhook(ownerScope(t.partner.id), {
      channelId: t.channel.id,
      url: `${receiver.url}/new`,
      headers: {},
      actor: t.actor,
    });
    await setPartnerWebhookUrl(ownerScope(t.partner.id), {
      webhookUrl: `${receiver.url}/partner-new`,
      actor: t.actor,
    });
    receiver.received.length = 0;
    for (let i = 0; i < 3; i++) {
      await processDueDeliveries({
        partnerIds: [t.partner.id],
        now: new Date(now.getTime() + 60_000),
      });
    }
    expect(
      receiver.received.map((r) => [r.path, r.path === "/new" ? textOf(r.body) : "event"]),
    ).toEqual(
      expect.arrayContaining([
        ["/new", "a"],
        ["/new", "b"],
        ["/partner-new", "event"],
      ]),
    );
    expect(receiver.received).toHaveLength(3);
  });

  it("forwarded bodies are Meta's: whatsapp-api-js verifies and parses them unchanged", async () => {
    const t = await setup();
    const seen: { from: string; text: string; phoneID: string }[] = [];
    const whatsapp = new WhatsAppAPI(
      NodeNext({ token: "unused", appSecret: t.secret, webhookVerifyToken: "unused" }),
    );
    whatsapp.on.message = ({ from, message, phoneID }) => {
      seen.push({ from, phoneID, text: message.type === "text" ? message.text.body : "" });
    };
    // Two customers in one change: split, since a parser reads the first message of a body.
    const event = inbound(t, "5511955550001", "hello");
    const value = event.changes[0]!.value as { messages: unknown[]; contacts: unknown[] };
    value.messages.push({
      from: "5511955550002",
      id: "wamid.second",
      timestamp: "1767261601",
      type: "text",
      text: { body: "hi there" },
    });
    value.contacts.push({ profile: { name: "Other" }, wa_id: "5511955550002" });
    await forwardProcessedEvents([event]);
    await processDueDeliveries({ partnerIds: [t.partner.id] });
    expect(receiver.received).toHaveLength(2);
    for (const r of receiver.received) {
      await whatsapp.post(JSON.parse(r.body), r.body, String(r.headers["x-hub-signature-256"]));
    }
    expect(seen.sort((a, b) => a.from.localeCompare(b.from))).toEqual([
      { from: "5511955550001", phoneID: t.channel.phoneNumberId, text: "hello" },
      { from: "5511955550002", phoneID: t.channel.phoneNumberId, text: "hi there" },
    ]);
  });

  it("claims read the indexes: two claims at once never take the same delivery", async () => {
    const t = await setup();
    const customers = Array.from({ length: 20 }, (_, i) => `551196666${1000 + i}`);
    await forwardProcessedEvents(customers.map((c) => inbound(t, c, "x")));
    const now = new Date(Date.now() + 1_000);
    const [a, b] = await Promise.all([
      claimDueDeliveries({ partnerIds: [t.partner.id], now, limit: 15 }),
      claimDueDeliveries({ partnerIds: [t.partner.id], now, limit: 15 }),
    ]);
    const ids = [...a!, ...b!].map((d) => d.id);
    expect(ids).toHaveLength(20);
    expect(new Set(ids).size).toBe(20);
  });
});
