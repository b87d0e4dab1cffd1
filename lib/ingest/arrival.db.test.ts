import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { messages } from "@/db/schema";
import { processBatch } from "./pipeline/process-batch";
import { channelWithPartner, storeReceivedAt } from "./testing/harness";
import {
  batch,
  customerText,
  echoText,
  envelope,
  historyChunk,
  statuses,
} from "./testing/meta-payloads";

/**
 * messages.arrived_at, the tie-breaker of messages of the same second: when the hub received the
 * message, whatever order the workers store its sightings in.
 */

const T = 1_790_000_000; // seconds
const CUSTOMER = "16505550177";

/** One worker's batch of exactly these events. */
async function processTogether(...ids: string[]) {
  const result = await processBatch({ ids, limit: ids.length, outcomes: ["pending"] });
  expect(result.events.map((e) => e.outcome)).toEqual(ids.map(() => "processed"));
}

async function arrivalOf(channelId: string, wamid: string) {
  const [row] = await getDb()
    .select({ arrivedAt: messages.arrivedAt, stub: messages.stub })
    .from(messages)
    .where(and(eq(messages.channelId, channelId), eq(messages.wamid, wamid)));
  return row ? { at: row.arrivedAt.getTime(), stub: row.stub } : null;
}

describe("a message's arrival", () => {
  it("is its event's received_at, for a customer's message and an echo", async () => {
    const { channel, ids } = await channelWithPartner();
    const q = await storeReceivedAt(
      envelope(ids.wabaId, [
        customerText(ids, { wamid: "wamid.q", from: CUSTOMER, ts: T, body: "hi" }),
      ]),
      T * 1000 + 250,
    );
    const a = await storeReceivedAt(
      envelope(ids.wabaId, [
        echoText(ids, { wamid: "wamid.a", to: CUSTOMER, ts: T, body: "hello" }),
      ]),
      T * 1000 + 750,
    );
    await processTogether(a);
    await processTogether(q);
    expect(await arrivalOf(channel.id, "wamid.q")).toEqual({ at: T * 1000 + 250, stub: false });
    expect(await arrivalOf(channel.id, "wamid.a")).toEqual({ at: T * 1000 + 750, stub: false });
  });

  it("of a message whose status came first is the message's, not the stub's", async () => {
    const { channel, ids } = await channelWithPartner();
    const status = await storeReceivedAt(
      envelope(ids.wabaId, [
        statuses(ids, [{ wamid: "wamid.e", status: "delivered", ts: T + 1, to: CUSTOMER }]),
      ]),
      T * 1000 + 100,
    );
    await processTogether(status);
    expect(await arrivalOf(channel.id, "wamid.e")).toEqual({ at: T * 1000 + 100, stub: true });
    const message = await storeReceivedAt(
      envelope(ids.wabaId, [
        echoText(ids, { wamid: "wamid.e", to: CUSTOMER, ts: T, body: "sent" }),
      ]),
      T * 1000 + 900,
    );
    await processTogether(message);
    expect(await arrivalOf(channel.id, "wamid.e")).toEqual({ at: T * 1000 + 900, stub: false });
  });

  it("is the earliest live sighting's, whichever is stored first, and history never moves it", async () => {
    const { channel, ids } = await channelWithPartner();
    const body = (n: number) =>
      envelope(
        ids.wabaId,
        [echoText(ids, { wamid: "wamid.twice", to: CUSTOMER, ts: T, body: "once" })],
        T + n,
      );
    const first = await storeReceivedAt(body(1), T * 1000 + 300);
    const again = await storeReceivedAt(body(2), T * 1000 + 800);
    // The redelivery is stored first.
    await processTogether(again);
    await processTogether(first);
    expect(await arrivalOf(channel.id, "wamid.twice")).toEqual({ at: T * 1000 + 300, stub: false });
    // Both in one batch (and one POST).
    const both = await storeReceivedAt(
      batch(
        envelope(
          ids.wabaId,
          [echoText(ids, { wamid: "wamid.both", to: CUSTOMER, ts: T, body: "x" })],
          T + 3,
        ),
        envelope(
          ids.wabaId,
          [echoText(ids, { wamid: "wamid.both", to: CUSTOMER, ts: T, body: "x" })],
          T + 4,
        ),
      ),
      T * 1000 + 500,
    );
    const later = await storeReceivedAt(
      envelope(
        ids.wabaId,
        [echoText(ids, { wamid: "wamid.both", to: CUSTOMER, ts: T, body: "x" })],
        T + 5,
      ),
      T * 1000 + 950,
    );
    await processTogether(both, later);
    expect(await arrivalOf(channel.id, "wamid.both")).toEqual({ at: T * 1000 + 500, stub: false });

    // The history import names a live message again, later: its arrival stays the live one.
    const history = await storeReceivedAt(
      envelope(ids.wabaId, [
        historyChunk(ids, {
          phase: 0,
          chunkOrder: 1,
          progress: 100,
          messages: [
            { wamid: "wamid.twice", customer: CUSTOMER, outbound: true, ts: T, body: "once" },
            { wamid: "wamid.old", customer: CUSTOMER, outbound: false, ts: T - 60, body: "old" },
            { wamid: "wamid.early", customer: CUSTOMER, outbound: false, ts: T - 30, body: "e" },
          ],
        }),
      ]),
      T * 1000 + 5000,
    );
    await processTogether(history);
    expect(await arrivalOf(channel.id, "wamid.twice")).toEqual({ at: T * 1000 + 300, stub: false });
    // An imported message arrived at its own time...
    expect(await arrivalOf(channel.id, "wamid.old")).toEqual({ at: (T - 60) * 1000, stub: false });
    // ...until it is seen live: then it arrived then.
    const live = await storeReceivedAt(
      envelope(ids.wabaId, [
        customerText(ids, { wamid: "wamid.early", from: CUSTOMER, ts: T - 30, body: "e" }),
      ]),
      T * 1000 + 6000,
    );
    await processTogether(live);
    expect(await arrivalOf(channel.id, "wamid.early")).toEqual({
      at: T * 1000 + 6000,
      stub: false,
    });
  });
});
