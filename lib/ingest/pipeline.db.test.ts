import { createHash } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { messages, webhookEvents } from "@/db/schema";
import { startIngestWorkers, stopIngestWorkers } from "./queue";
import {
  channelWithPartner,
  deliver,
  eventByDedupe,
  messagesOf,
  POST,
  signedRequest,
} from "./testing/harness";
import { type ChannelIds, customerText, envelope } from "./testing/meta-payloads";

const CUSTOMER = "16505551234";
const NUL = String.fromCharCode(0);
const LONE_SURROGATE = String.fromCharCode(0xd800);

function sha(body: string) {
  return createHash("sha256").update(body).digest("hex");
}

function messagesChange(c: ChannelIds, value: { messages?: unknown[]; statuses?: unknown[] }) {
  return {
    field: "messages",
    value: {
      messaging_product: "whatsapp",
      metadata: { display_phone_number: c.displayPhoneNumber, phone_number_id: c.phoneNumberId },
      contacts: [{ profile: { name: `Ana${NUL}` }, wa_id: CUSTOMER }],
      ...value,
    },
  };
}

const text = (id: string, body: string, ts = 1_790_000_000) => ({
  from: CUSTOMER,
  id,
  timestamp: String(ts),
  type: "text",
  text: { body },
});

describe("one bad item never costs its neighbours", () => {
  it("stores the valid items of a delivery beside NUL, a lone surrogate, an unknown status and type", async () => {
    const { channel, ids } = await channelWithPartner();
    const body = JSON.stringify(
      envelope(ids.wabaId, [
        messagesChange(ids, {
          messages: [
            text("wamid.ok", "plain"),
            text("wamid.nul", `a${NUL}b`),
            text("wamid.surrogate", `x${LONE_SURROGATE}y`),
            {
              from: CUSTOMER,
              id: "wamid.hologram",
              timestamp: "1790000001",
              type: "hologram",
              hologram: { depth: 3 },
            },
            { from: CUSTOMER, timestamp: "1790000002", type: "text", text: { body: "no id" } },
          ],
          statuses: [
            {
              id: "wamid.out",
              status: "delivered",
              timestamp: "1790000003",
              recipient_id: CUSTOMER,
            },
            {
              id: "wamid.out",
              status: "deleted_by_meta",
              timestamp: "1790000004",
              recipient_id: CUSTOMER,
            },
            { id: "wamid.out", status: "read", timestamp: "1790000005", recipient_id: CUSTOMER },
          ],
        }),
      ]),
    );
    // The body on the wire is plain ASCII JSON with \u0000 and \ud800 escapes, as Meta sends.
    expect(body).toContain("\\u0000");
    expect(body).toContain("\\ud800");
    expect((await deliver(body)).status).toBe(200);

    const stored = await messagesOf(channel.id);
    const byWamid = new Map(stored.map((m) => [m.wamid, m]));
    expect(byWamid.get("wamid.ok")?.text).toBe("plain");
    expect(byWamid.get("wamid.nul")?.text).toBe("a\uFFFDb");
    expect(byWamid.get("wamid.surrogate")?.text).toBe("x\uFFFDy");
    // A type the hub does not know yet is kept as it came, not dropped.
    expect(byWamid.get("wamid.hologram")?.type).toBe("hologram");
    expect(byWamid.get("wamid.hologram")?.content).toMatchObject({ hologram: { depth: 3 } });
    // The known statuses beside the unknown one are applied.
    expect(byWamid.get("wamid.out")?.status).toBe("read");
    expect(stored).toHaveLength(5);

    const event = await eventByDedupe(sha(body));
    expect(event?.outcome).toBe("partial");
    expect(event?.lastError).toContain("statuses.1 skipped");
    expect(event?.lastError).toContain("deleted_by_meta");
    expect(event?.lastError).toContain("messages.4 skipped");
    // The raw body is kept byte-exact.
    expect(event?.body).toBe(body);
  });

  it("commits the other changes of a delivery when one change cannot be written", async () => {
    const { channel, ids } = await channelWithPartner();
    const body = JSON.stringify({
      object: "whatsapp_business_account",
      entry: [
        ...envelope(ids.wabaId, [
          customerText(ids, {
            wamid: "wamid.before",
            from: CUSTOMER,
            ts: 1_790_000_000,
            body: "first",
          }),
        ]).entry,
        // A timestamp no database can hold: this change fails when written.
        ...envelope(ids.wabaId, [
          messagesChange(ids, { messages: [text("wamid.far", "far", 9e15)] }),
        ]).entry,
        ...envelope(ids.wabaId, [
          customerText(ids, {
            wamid: "wamid.after",
            from: CUSTOMER,
            ts: 1_790_000_001,
            body: "last",
          }),
        ]).entry,
      ],
    });
    await deliver(body);
    expect((await messagesOf(channel.id)).map((m) => m.wamid)).toEqual([
      "wamid.after",
      "wamid.before",
    ]);
    const event = await eventByDedupe(sha(body));
    expect(event?.outcome).toBe("partial");
    expect(event?.lastError).toMatch(/entry 1 change 0 \(messages\): failed/);
  });

  it("keeps an event whose body is not JSON as unparseable, and its batch neighbours processed", async () => {
    const { channel, ids } = await channelWithPartner();
    const good = JSON.stringify(
      envelope(ids.wabaId, [
        customerText(ids, { wamid: "wamid.n1", from: CUSTOMER, ts: 1, body: "ok" }),
      ]),
    );
    const bad = `{"object":"whatsapp_business_account","entry":[${ids.wabaId}`;
    await Promise.all([POST(signedRequest(good)), POST(signedRequest(bad))]);
    await deliver(good);
    expect((await messagesOf(channel.id)).map((m) => m.wamid)).toEqual(["wamid.n1"]);
    expect((await eventByDedupe(sha(bad)))?.outcome).toBe("unparseable");
  });
});

describe("workers", () => {
  afterEach(async () => {
    await stopIngestWorkers();
  });

  it("process the same body posted 20 times at once promptly, once", async () => {
    const { channel, ids } = await channelWithPartner();
    await startIngestWorkers({ concurrency: 2, onlyMine: true });
    const body = JSON.stringify(
      envelope(ids.wabaId, [
        customerText(ids, { wamid: "wamid.dup20", from: CUSTOMER, ts: 1_790_000_000, body: "hi" }),
      ]),
    );
    const started = Date.now();
    const answers = await Promise.all(Array.from({ length: 20 }, () => POST(signedRequest(body))));
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200));
    let stored: unknown[] = [];
    while (stored.length === 0 && Date.now() - started < 10_000) {
      stored = await getDb().select().from(messages).where(eq(messages.channelId, channel.id));
      if (stored.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    // Woken by the store, not by a sweep 15-45 s later (a loaded CI machine gets some slack).
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(stored).toHaveLength(1);
    const [event] = await getDb()
      .select()
      .from(webhookEvents)
      .where(eq(webhookEvents.dedupeKey, sha(body)));
    expect(event?.deliveries).toBe(20);
    expect(event?.attempts).toBe(1);
  });
});
