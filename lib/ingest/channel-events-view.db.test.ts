import { describe, expect, it } from "vitest";
import { parseChannelEventsSearch } from "@/app/(hub)/channels/[channelId]/(tabs)/(partner)/events/search-params";
import { createChannel } from "@/db/testing/factories";
import { ownerScope } from "@/lib/auth/testing";
import {
  encodePosition,
  LIFECYCLE_PAGE,
  loadChannelEvents,
  type Position,
} from "./channel-events-view";
import { drainProcessing } from "./queue";
import { channelWithPartner, deliver, POST, signedRequest } from "./testing/harness";
import { accountUpdate, batch, customerText, envelope } from "./testing/meta-payloads";

/** The channel page's Events tab: this number's raw events and lifecycle, nobody else's. */
const T = Math.floor(Date.UTC(2026, 2, 1, 12) / 1000);

async function twoChannels() {
  const one = await channelWithPartner(`1555${Math.floor(Math.random() * 1e7)}`);
  const other = await createChannel(one.partner.id, one.client.id);
  const otherIds = {
    wabaId: other.wabaId,
    phoneNumberId: other.phoneNumberId,
    displayPhoneNumber: other.displayPhoneNumber,
  };
  return { ...one, other, otherIds };
}

describe("the Events tab", () => {
  it("pages through events received in the same instant without skipping or repeating one", async () => {
    const { partner, channel, ids } = await channelWithPartner(
      `1555${Math.floor(Math.random() * 1e7)}`,
    );
    // Concurrent requests share one batched insert, so they share their received time.
    const bodies = Array.from({ length: 60 }, (_, i) =>
      envelope(ids.wabaId, [
        customerText(ids, {
          wamid: `wamid.burst.${channel.id}.${i}`,
          from: "5511912340009",
          ts: T + i,
          body: `burst ${i}`,
        }),
      ]),
    );
    const answers = await Promise.all(bodies.map((body) => POST(signedRequest(body))));
    expect(answers.map((a) => a.status)).toEqual(bodies.map(() => 200));
    await new Promise((resolve) => setImmediate(resolve));
    await drainProcessing();

    const seen: string[] = [];
    let before: Position | undefined;
    for (let page = 0; page < 5; page++) {
      const view = await loadChannelEvents(ownerScope(partner.id), {
        channelId: channel.id,
        before,
      });
      seen.push(...view.events.map((event) => event.id));
      if (!view.nextEvents) break;
      before = view.nextEvents;
    }
    expect(seen).toHaveLength(60);
    expect(new Set(seen).size).toBe(60);
  });

  it("lists the channel's events with field and outcome, and shows a body cut to the channel", async () => {
    const { partner, channel, ids, other, otherIds } = await twoChannels();
    // One POST carrying both numbers' messages, then one for the other number only.
    await deliver(
      batch(
        envelope(ids.wabaId, [
          customerText(ids, {
            wamid: `wamid.a.${channel.id}`,
            from: "5511912340001",
            ts: T,
            body: "mine",
          }),
        ]),
        envelope(otherIds.wabaId, [
          customerText(otherIds, {
            wamid: `wamid.b.${other.id}`,
            from: "5511912340002",
            ts: T,
            body: "theirs",
          }),
        ]),
      ),
    );
    await deliver(
      envelope(otherIds.wabaId, [
        customerText(otherIds, {
          wamid: `wamid.c.${other.id}`,
          from: "5511912340003",
          ts: T,
          body: "only theirs",
        }),
      ]),
    );
    await deliver(
      envelope(ids.wabaId, [accountUpdate(ids, "PARTNER_REMOVED", "PRIMARY_INACTIVITY")], T + 5),
    );

    const view = await loadChannelEvents(ownerScope(partner.id), { channelId: channel.id });
    expect(view.events.map((e) => [e.fields, e.outcome])).toEqual([
      [["account_update"], "processed"],
      [["messages"], "processed"],
    ]);
    expect(view.nextEvents).toBeNull();
    expect(view.lifecycle).toEqual([
      expect.objectContaining({
        kind: "account_update",
        event: "PARTNER_REMOVED",
        reason: "PRIMARY_INACTIVITY",
        occurredAt: new Date((T + 5) * 1000),
        webhookEventId: view.events[0]!.id,
      }),
    ]);

    const filtered = await loadChannelEvents(ownerScope(partner.id), {
      channelId: channel.id,
      field: "messages",
      outcome: "processed",
    });
    expect(filtered.events.map((e) => e.id)).toEqual([view.events[1]!.id]);
    expect(
      (
        await loadChannelEvents(ownerScope(partner.id), {
          channelId: channel.id,
          outcome: "failed",
        })
      ).events,
    ).toEqual([]);

    // The shared POST's body shows this number's change only.
    const detail = await loadChannelEvents(ownerScope(partner.id), {
      channelId: channel.id,
      eventId: view.events[1]!.id,
    });
    const body = JSON.stringify(detail.detail?.json);
    expect(body).toContain("mine");
    expect(body).not.toContain("theirs");

    // The other number's event is not this channel's, though the partner is the same.
    const otherView = await loadChannelEvents(ownerScope(partner.id), { channelId: other.id });
    const onlyTheirs = otherView.events.find((e) => !view.events.some((v) => v.id === e.id))!;
    expect(
      (
        await loadChannelEvents(ownerScope(partner.id), {
          channelId: channel.id,
          eventId: onlyTheirs.id,
        })
      ).detail,
    ).toBeNull();
  });

  it("pages the lifecycle by keyset, newest first", async () => {
    const { partner, channel, ids } = await channelWithPartner(
      `1555${Math.floor(Math.random() * 1e7)}`,
    );
    const updates = Array.from({ length: LIFECYCLE_PAGE + 2 }, (_, i) =>
      envelope(
        ids.wabaId,
        [accountUpdate(ids, i % 2 ? "ACCOUNT_RECONNECTED" : "PARTNER_REMOVED")],
        T + i,
      ),
    );
    await deliver(batch(...updates));
    const first = await loadChannelEvents(ownerScope(partner.id), { channelId: channel.id });
    expect(first.lifecycle).toHaveLength(LIFECYCLE_PAGE);
    expect(first.lifecycle[0]!.occurredAt).toEqual(new Date((T + LIFECYCLE_PAGE + 1) * 1000));
    expect(first.nextLifecycle).not.toBeNull();
    // Through the URL form, as the "Older lifecycle events" link carries it.
    const { lifecycle_before } = parseChannelEventsSearch({
      lifecycle_before: encodePosition(first.nextLifecycle!),
    });
    const second = await loadChannelEvents(ownerScope(partner.id), {
      channelId: channel.id,
      lifecycleBefore: lifecycle_before,
    });
    expect(second.lifecycle.map((e) => e.occurredAt)).toEqual([
      new Date((T + 1) * 1000),
      new Date(T * 1000),
    ]);
    expect(second.nextLifecycle).toBeNull();
  });
});
