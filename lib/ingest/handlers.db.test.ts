import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db";
import {
  channelEvents,
  channels,
  historyChunks,
  messageStatusEvents,
  webhookEvents,
} from "@/db/schema";
import { createChannel } from "@/db/testing/factories";
import { ownerScope } from "@/lib/auth/testing";
import {
  getWebhookCounters,
  getWebhookEvent,
  listWebhookEvents,
  replayChannelEvents,
  replayWebhookEvent,
} from "./events";
import { processDueEvents, processWebhookEvent, reprocessEventsForChannel } from "./process";
import { storeRawEvent } from "./store";
import { channelWithPartner, contactsOf, deliver, fixture, messagesOf } from "./testing/harness";
import {
  accountUpdate,
  batch,
  contactSync,
  customerMessage,
  customerText,
  echoText,
  envelope,
  historyChunk,
  mediaFollowUp,
  retargetFixture,
  type StatusSpec,
  statuses,
} from "./testing/meta-payloads";

const CUSTOMER = "16505551234";

function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, i) =>
    permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]),
  );
}

describe("field messages", () => {
  it("stores the inbound text fixture with its sender's profile name", async () => {
    const { channel, ids } = await channelWithPartner();
    await deliver(retargetFixture(fixture("messages-inbound-text.json"), ids));
    const [message] = await messagesOf(channel.id);
    expect(message).toMatchObject({
      origin: "customer",
      direction: "inbound",
      type: "text",
      text: "Hi! Do you still have the blue vase?",
      customerWaId: CUSTOMER,
      status: null,
    });
    const [contact] = await contactsOf(channel.id);
    expect(contact).toMatchObject({ waId: CUSTOMER, profileName: "Sheena Nelson" });
    expect(contact?.lastLiveMessageAt?.toISOString()).toBe(new Date(1767261600_000).toISOString());
  });

  it("keeps media metadata, replies, reactions, referrals and 131060 unsupported messages", async () => {
    const { channel, ids } = await channelWithPartner();
    const from = CUSTOMER;
    const body = envelope(ids.wabaId, [
      customerMessage(ids, from, {
        id: "wamid.img",
        timestamp: "100",
        type: "image",
        image: { id: "m1", mime_type: "image/jpeg", sha256: "abc", caption: "the vase" },
        context: { from: ids.displayPhoneNumber, id: "wamid.earlier" },
      }),
      customerMessage(ids, from, {
        id: "wamid.react",
        timestamp: "101",
        type: "reaction",
        reaction: { message_id: "wamid.img", emoji: "👍" },
      }),
      customerMessage(ids, from, {
        id: "wamid.ad",
        timestamp: "102",
        type: "text",
        text: { body: "I saw your ad" },
        referral: { source_type: "ad", source_id: "123", ctwa_clid: "clid" },
      }),
      customerMessage(ids, from, {
        id: "wamid.unsup",
        timestamp: "103",
        type: "unsupported",
        errors: [{ code: 131060, title: "Message type unknown" }],
      }),
      customerMessage(ids, from, {
        id: "wamid.button",
        timestamp: "104",
        type: "interactive",
        interactive: { type: "button_reply", button_reply: { id: "yes", title: "Yes please" } },
      }),
    ]);
    await deliver(body);
    const rows = new Map((await messagesOf(channel.id)).map((m) => [m.wamid, m]));
    expect(rows.get("wamid.img")).toMatchObject({
      type: "image",
      text: "the vase",
      media: { id: "m1", mime_type: "image/jpeg", sha256: "abc", caption: "the vase" },
      replyToWamid: "wamid.earlier",
    });
    expect(rows.get("wamid.react")).toMatchObject({
      type: "reaction",
      reactionToWamid: "wamid.img",
      text: "👍",
    });
    expect(rows.get("wamid.ad")?.referral).toMatchObject({ source_type: "ad", ctwa_clid: "clid" });
    expect(rows.get("wamid.unsup")).toMatchObject({
      type: "unsupported",
      errors: [{ code: 131060, title: "Message type unknown" }],
    });
    expect(rows.get("wamid.button")?.text).toBe("Yes please");
  });

  it("applies a customer's edit and revoke whichever arrives first, keeping the original text", async () => {
    const { channel, ids } = await channelWithPartner();
    const original = customerText(ids, {
      wamid: "wamid.orig",
      from: CUSTOMER,
      ts: 100,
      body: "I want 2 vases",
    });
    const edit = customerMessage(ids, CUSTOMER, {
      id: "wamid.edit",
      timestamp: "110",
      type: "edit",
      edit: {
        original_message_id: "wamid.orig",
        message: { type: "text", text: { body: "I want 3 vases" } },
      },
    });
    const revoke = customerMessage(ids, CUSTOMER, {
      id: "wamid.rev",
      timestamp: "120",
      type: "revoke",
      revoke: { original_message_id: "wamid.orig" },
    });
    await deliver(envelope(ids.wabaId, [edit]));
    await deliver(envelope(ids.wabaId, [revoke]));
    await deliver(envelope(ids.wabaId, [original]));
    const target = (await messagesOf(channel.id)).find((m) => m.wamid === "wamid.orig");
    expect(target).toMatchObject({ text: "I want 3 vases", originalText: "I want 2 vases" });
    expect(target?.editedAt?.getTime()).toBe(110_000);
    expect(target?.revokedAt?.getTime()).toBe(120_000);
  });
});

describe("statuses", () => {
  const order: StatusSpec["status"][] = ["sent", "delivered", "read"];
  it.each(permutations(order).map((p) => [p.join(" > "), p] as const))(
    "end in read with pricing whatever the order: %s",
    async (_, perm) => {
      const { channel, ids } = await channelWithPartner();
      const ts = { sent: 1000, delivered: 1003, read: 1100, played: 1200, failed: 1300 };
      for (const status of perm) {
        await deliver(
          envelope(ids.wabaId, [
            statuses(ids, [
              {
                wamid: "wamid.s",
                status,
                ts: ts[status],
                to: CUSTOMER,
                pricing: status !== "read",
              },
            ]),
          ]),
        );
      }
      // The message itself (an echo here) arrives last: the status stub is filled, not doubled.
      await deliver(
        envelope(ids.wabaId, [
          echoText(ids, { wamid: "wamid.s", to: CUSTOMER, ts: 999, body: "our offer" }),
        ]),
      );
      const rows = await messagesOf(channel.id);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        status: "read",
        stub: false,
        origin: "app",
        text: "our offer",
        pricingCategory: "marketing",
        pricingType: "regular",
      });
      expect(rows[0]?.statusAt?.getTime()).toBe(1_100_000);
      const events = await getDb()
        .select()
        .from(messageStatusEvents)
        .where(eq(messageStatusEvents.channelId, channel.id));
      expect(events.map((e) => e.status).sort()).toEqual(["delivered", "read", "sent"]);
    },
  );

  it("reaches read when delivered never comes, and a late delivered does not move it back", async () => {
    const { channel, ids } = await channelWithPartner();
    await deliver(
      envelope(ids.wabaId, [
        statuses(ids, [{ wamid: "wamid.r", status: "read", ts: 20, to: CUSTOMER }]),
      ]),
    );
    expect((await messagesOf(channel.id))[0]).toMatchObject({
      status: "read",
      stub: true,
      type: "unknown",
    });
    await deliver(
      envelope(ids.wabaId, [
        statuses(ids, [{ wamid: "wamid.r", status: "delivered", ts: 10, to: CUSTOMER }]),
      ]),
    );
    expect((await messagesOf(channel.id))[0]?.status).toBe("read");
  });

  it("keeps failed terminal with its errors", async () => {
    const { channel, ids } = await channelWithPartner();
    await deliver(retargetFixture(fixture("messages-status-failed.json"), ids));
    await deliver(
      envelope(ids.wabaId, [
        statuses(ids, [{ wamid: "wamid.f", status: "failed", ts: 30, to: CUSTOMER }]),
      ]),
    );
    await deliver(
      envelope(ids.wabaId, [
        statuses(ids, [{ wamid: "wamid.f", status: "delivered", ts: 40, to: CUSTOMER }]),
      ]),
    );
    const failed = (await messagesOf(channel.id)).find((m) => m.wamid === "wamid.f");
    expect(failed).toMatchObject({ status: "failed", errors: [{ code: 131049 }] });
    const fromFixture = (await messagesOf(channel.id)).find((m) => m.wamid !== "wamid.f");
    expect(fromFixture?.status).toBe("failed");
  });

  it("processes a batch with several entries and changes, each on its channel", async () => {
    const a = await channelWithPartner();
    const b = await channelWithPartner();
    const body = batch(
      envelope(a.ids.wabaId, [
        customerText(a.ids, { wamid: "wamid.a1", from: CUSTOMER, ts: 1, body: "a1" }),
        statuses(a.ids, [{ wamid: "wamid.a2", status: "sent", ts: 2, to: CUSTOMER }]),
      ]),
      envelope(b.ids.wabaId, [
        echoText(b.ids, { wamid: "wamid.b1", to: CUSTOMER, ts: 3, body: "b1" }),
        contactSync(b.ids, [{ phone: CUSTOMER, action: "add", name: "Sheena Nelson", ts: 4 }]),
      ]),
    );
    await deliver(body);
    expect((await messagesOf(a.channel.id)).map((m) => m.wamid)).toEqual(["wamid.a1", "wamid.a2"]);
    expect((await messagesOf(b.channel.id)).map((m) => m.wamid)).toEqual(["wamid.b1"]);
    expect((await contactsOf(b.channel.id))[0]?.appName).toBe("Sheena Nelson");
  });
});

describe("field smb_message_echoes", () => {
  it("stores the echo as an app message and moves the channel's last app activity forward only", async () => {
    const { channel, ids } = await channelWithPartner();
    await deliver(retargetFixture(fixture("smb-message-echoes-text.json"), ids));
    await deliver(
      envelope(ids.wabaId, [
        echoText(ids, { wamid: "wamid.old-echo", to: CUSTOMER, ts: 1_000, body: "older" }),
      ]),
    );
    const [row] = await getDb().select().from(channels).where(eq(channels.id, channel.id));
    expect(row?.lastAppActivityAt?.getTime()).toBe(1767261700_000);
    const echo = (await messagesOf(channel.id)).find((m) => m.text?.startsWith("Yes, one left"));
    expect(echo).toMatchObject({ origin: "app", direction: "outbound", customerWaId: CUSTOMER });
  });
});

describe("field history", () => {
  const spec = (
    n: number,
    extra: Partial<Parameters<typeof historyChunk>[1]["messages"][number]> = {},
  ) => ({
    wamid: `wamid.h${n}`,
    customer: n % 2 ? CUSTOMER : "16505559999",
    outbound: n % 3 === 0,
    ts: 1_000 + n,
    body: `history ${n}`,
    ...extra,
  });

  it("gives the same result for chunks in any order and records each chunk once", async () => {
    const chunks = (ids: Parameters<typeof historyChunk>[0]) => [
      historyChunk(ids, {
        phase: 0,
        chunkOrder: 1,
        progress: 30,
        messages: [spec(1), spec(2), spec(3)],
      }),
      historyChunk(ids, { phase: 0, chunkOrder: 2, progress: 60, messages: [spec(4), spec(5)] }),
      historyChunk(ids, {
        phase: 1,
        chunkOrder: 1,
        progress: 100,
        messages: [spec(6), spec(7, { placeholder: true })],
      }),
    ];
    const inOrder = await channelWithPartner();
    for (const c of chunks(inOrder.ids)) await deliver(envelope(inOrder.ids.wabaId, [c]));
    const shuffled = await channelWithPartner();
    const list = chunks(shuffled.ids);
    for (const c of [list[2]!, list[0]!, list[2]!, list[1]!])
      await deliver(envelope(shuffled.ids.wabaId, [c]));

    const strip = (rows: Awaited<ReturnType<typeof messagesOf>>) =>
      rows.map(({ wamid, origin, direction, type, text, status, customerWaId, sentAt }) => ({
        wamid,
        origin,
        direction,
        type,
        text,
        status,
        customerWaId,
        sentAt,
      }));
    expect(strip(await messagesOf(shuffled.channel.id))).toEqual(
      strip(await messagesOf(inOrder.channel.id)),
    );
    const rows = await messagesOf(inOrder.channel.id);
    expect(rows).toHaveLength(7);
    expect(rows.find((m) => m.wamid === "wamid.h3")).toMatchObject({
      origin: "history",
      direction: "outbound",
      status: "read",
    });
    expect(rows.find((m) => m.wamid === "wamid.h1")).toMatchObject({
      direction: "inbound",
      status: null,
    });
    const chunkRows = await getDb()
      .select()
      .from(historyChunks)
      .where(eq(historyChunks.channelId, shuffled.channel.id));
    expect(chunkRows).toHaveLength(3);
    // History never moves a conversation up the inbox.
    expect((await contactsOf(inOrder.channel.id)).every((c) => c.lastLiveMessageAt === null)).toBe(
      true,
    );
  });

  it.each(["before", "after"])(
    "fills the placeholder's media when the follow-up comes %s it",
    async (when) => {
      const { channel, ids } = await channelWithPartner();
      const placeholder = envelope(ids.wabaId, [
        historyChunk(ids, {
          phase: 0,
          chunkOrder: 1,
          progress: 100,
          messages: [spec(9, { placeholder: true, outbound: true })],
        }),
      ]);
      const followUp = envelope(ids.wabaId, [
        mediaFollowUp(ids, {
          wamid: "wamid.h9",
          customer: CUSTOMER,
          outbound: true,
          ts: 1_009,
          caption: "Opening hours",
        }),
      ]);
      if (when === "before") {
        await deliver(followUp);
        await deliver(placeholder);
      } else {
        await deliver(placeholder);
        await deliver(followUp);
      }
      const rows = await messagesOf(channel.id);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        type: "image",
        text: "Opening hours",
        origin: "history",
        status: "read",
        media: { caption: "Opening hours", mime_type: "image/jpeg" },
      });
    },
  );

  it("works on the fixtures: chunk then media follow-up", async () => {
    const { channel, ids } = await channelWithPartner();
    await deliver(retargetFixture(fixture("history-media-followup.json"), ids));
    await deliver(retargetFixture(fixture("history-phase0-chunk1.json"), ids));
    const rows = await messagesOf(channel.id);
    expect(rows).toHaveLength(3);
    expect(rows.filter((m) => m.type === "image")).toHaveLength(1);
    expect(rows.filter((m) => m.direction === "outbound")).toHaveLength(2);
  });

  it("keeps one row with the live origin when a wamid comes through history and live", async () => {
    const { channel, ids } = await channelWithPartner();
    await deliver(
      envelope(ids.wabaId, [
        echoText(ids, { wamid: "wamid.both", to: CUSTOMER, ts: 1_001, body: "live" }),
      ]),
    );
    await deliver(
      envelope(ids.wabaId, [
        historyChunk(ids, {
          phase: 0,
          chunkOrder: 1,
          progress: 100,
          messages: [
            { wamid: "wamid.both", customer: CUSTOMER, outbound: true, ts: 1_001, body: "live" },
          ],
        }),
      ]),
    );
    const other = await channelWithPartner();
    await deliver(
      envelope(other.ids.wabaId, [
        historyChunk(other.ids, {
          phase: 0,
          chunkOrder: 1,
          progress: 100,
          messages: [
            { wamid: "wamid.both", customer: CUSTOMER, outbound: true, ts: 1_001, body: "live" },
          ],
        }),
      ]),
    );
    await deliver(
      envelope(other.ids.wabaId, [
        echoText(other.ids, { wamid: "wamid.both", to: CUSTOMER, ts: 1_001, body: "live" }),
      ]),
    );
    for (const id of [channel.id, other.channel.id]) {
      const rows = await messagesOf(id);
      expect(rows).toHaveLength(1);
      expect(rows[0]?.origin).toBe("app");
    }
  });

  it("marks history as declined on error 2593109", async () => {
    const { channel, ids } = await channelWithPartner();
    await deliver(retargetFixture(fixture("history-declined.json"), ids));
    await deliver(
      retargetFixture(fixture("history-declined.json"), ids).replace(
        "History sharing",
        "History  sharing",
      ),
    );
    const events = await getDb()
      .select()
      .from(channelEvents)
      .where(eq(channelEvents.channelId, channel.id));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ kind: "history_declined", event: "HISTORY_DECLINED" });
  });
});

describe("field smb_app_state_sync", () => {
  it("adds, edits and removes contacts by their own timestamps; a removed contact keeps its messages", async () => {
    const { channel, ids } = await channelWithPartner();
    await deliver(
      envelope(ids.wabaId, [
        customerText(ids, { wamid: "wamid.c1", from: "16505550000", ts: 5, body: "hi" }),
      ]),
    );
    await deliver(retargetFixture(fixture("smb-app-state-sync-contacts.json"), ids));
    // An older add arriving late changes nothing.
    await deliver(
      envelope(ids.wabaId, [
        contactSync(ids, [
          { phone: "16505550000", action: "add", name: "Old Name", ts: 1767168000 },
        ]),
      ]),
    );
    const rows = await contactsOf(channel.id);
    expect(rows.find((c) => c.waId === CUSTOMER)).toMatchObject({
      appName: "Sheena Nelson",
      removedAt: null,
    });
    expect(rows.find((c) => c.waId === "16505550000")?.removedAt).not.toBeNull();
    expect(await messagesOf(channel.id)).toHaveLength(1);
  });
});

describe("field account_update and channel updates", () => {
  it("disconnects with the reason on PARTNER_REMOVED and reconnects on ACCOUNT_RECONNECTED, newest first wins", async () => {
    const { channel, ids } = await channelWithPartner();
    await deliver(envelope(ids.wabaId, [accountUpdate(ids, "ACCOUNT_RECONNECTED")], 2_000));
    await deliver(
      retargetFixture(fixture("account-update-partner-removed.json"), ids).replace(
        "1768477204",
        "1000",
      ),
    );
    let [row] = await getDb().select().from(channels).where(eq(channels.id, channel.id));
    expect(row).toMatchObject({ status: "connected", disconnectReason: null });
    await deliver(
      envelope(ids.wabaId, [accountUpdate(ids, "PARTNER_REMOVED", "PRIMARY_INACTIVITY")], 3_000),
    );
    [row] = await getDb().select().from(channels).where(eq(channels.id, channel.id));
    expect(row).toMatchObject({ status: "disconnected", disconnectReason: "PRIMARY_INACTIVITY" });
    const events = await getDb()
      .select()
      .from(channelEvents)
      .where(eq(channelEvents.channelId, channel.id));
    expect(events).toHaveLength(3);
  });

  it("marks ACCOUNT_OFFBOARDED as offboarded and reflects quality and name updates", async () => {
    const { channel, ids } = await channelWithPartner();
    await deliver(retargetFixture(fixture("account-update-offboarded.json"), ids));
    await deliver(
      envelope(
        ids.wabaId,
        [
          {
            field: "phone_number_quality_update",
            value: {
              display_phone_number: ids.displayPhoneNumber,
              event: "DOWNGRADE",
              current_limit: "TIER_1K",
              new_quality_score: "YELLOW",
            },
          },
        ],
        10,
      ),
    );
    await deliver(
      envelope(
        ids.wabaId,
        [
          {
            field: "phone_number_name_update",
            value: {
              display_phone_number: ids.displayPhoneNumber,
              decision: "APPROVED",
              requested_verified_name: "Casa Nova",
            },
          },
        ],
        11,
      ),
    );
    await deliver(
      envelope(
        ids.wabaId,
        [
          {
            field: "message_template_status_update",
            value: {
              event: "APPROVED",
              message_template_id: 1,
              message_template_name: "offer",
              message_template_language: "en",
            },
          },
        ],
        12,
      ),
    );
    const [row] = await getDb().select().from(channels).where(eq(channels.id, channel.id));
    expect(row).toMatchObject({
      status: "offboarded",
      disconnectReason: "ACCOUNT_OFFBOARDED",
      qualityRating: "YELLOW",
      messagingLimit: "TIER_1K",
      verifiedName: "Casa Nova",
    });
    const kinds = (
      await getDb().select().from(channelEvents).where(eq(channelEvents.channelId, channel.id))
    )
      .map((e) => e.kind)
      .sort();
    expect(kinds).toEqual(["account_update", "name_update", "quality_update", "template_status"]);
  });
});

describe("unknown channels, the sweep and replay", () => {
  it("keeps events for an unknown number and processes them once the channel exists", async () => {
    const { partner, client } = await channelWithPartner();
    const ids = {
      wabaId: `waba-new-${Date.now()}`,
      phoneNumberId: `pn-new-${Date.now()}`,
      displayPhoneNumber: "15550783881",
    };
    await deliver(
      envelope(ids.wabaId, [
        customerText(ids, { wamid: "wamid.early", from: CUSTOMER, ts: 1, body: "too early" }),
      ]),
    );
    const [event] = await getDb()
      .select()
      .from(webhookEvents)
      .where(eq(webhookEvents.outcome, "unknown_channel"))
      .orderBy(webhookEvents.receivedAt);
    expect(event).toBeDefined();
    const channel = await createChannel(partner.id, client.id, ids);
    const result = await reprocessEventsForChannel({ phoneNumberId: ids.phoneNumberId });
    expect(result.processed).toBeGreaterThanOrEqual(1);
    expect((await messagesOf(channel.id)).map((m) => m.text)).toEqual(["too early"]);
  });

  it("picks up an event stored but never processed (a crash after the answer)", async () => {
    const { channel, ids } = await channelWithPartner();
    const body = JSON.stringify(
      envelope(ids.wabaId, [
        customerText(ids, { wamid: "wamid.crash", from: CUSTOMER, ts: 1, body: "lost?" }),
      ]),
    );
    const stored = await storeRawEvent({
      body,
      bodyEncoding: "utf8",
      bodyBytes: body.length,
      dedupeKey: `crash-${channel.id}`,
      signatureValid: true,
    });
    expect(await messagesOf(channel.id)).toHaveLength(0);
    await processDueEvents();
    expect(await messagesOf(channel.id)).toHaveLength(1);
    // Processing it again (a replay) changes nothing.
    expect(await processWebhookEvent({ eventId: stored.id, force: true })).toEqual({
      status: "done",
      outcome: "processed",
    });
    expect(await messagesOf(channel.id)).toHaveLength(1);
  });
});

describe("the Webhooks page's reads and replay", () => {
  it("show an event to its partner and nothing to another partner", async () => {
    const { partner, channel, ids } = await channelWithPartner();
    const other = await channelWithPartner();
    await deliver(
      envelope(ids.wabaId, [
        customerText(ids, { wamid: "wamid.mine", from: CUSTOMER, ts: 1, body: "mine" }),
      ]),
    );
    const mine = await listWebhookEvents(ownerScope(partner.id), { includeUnattributed: false });
    expect(mine.items).toHaveLength(1);
    const eventId = mine.items[0]!.id;
    expect(mine.items[0]).toMatchObject({
      outcome: "processed",
      fields: ["messages"],
      channelId: channel.id,
      attributed: true,
    });
    const detail = await getWebhookEvent(ownerScope(partner.id), { id: eventId });
    expect(JSON.stringify(detail.json)).toContain("wamid.mine");

    const theirs = await listWebhookEvents(ownerScope(other.partner.id), {
      includeUnattributed: true,
    });
    expect(theirs.items.find((e) => e.id === eventId)).toBeUndefined();
    await expect(
      getWebhookEvent(ownerScope(other.partner.id), { id: eventId }),
    ).rejects.toMatchObject({ code: "not_found" });
    await expect(
      replayWebhookEvent(ownerScope(other.partner.id), { id: eventId }),
    ).rejects.toMatchObject({ code: "not_found" });
    await expect(
      replayChannelEvents(ownerScope(other.partner.id), {
        channelId: channel.id,
        from: new Date(0),
        to: new Date(),
      }),
    ).rejects.toMatchObject({ code: "not_found" });
    expect((await getWebhookCounters(ownerScope(other.partner.id))).received).toBe(0);
    expect((await getWebhookCounters(ownerScope(partner.id))).received).toBe(1);
  });

  it("shows a partner only its own entries of a batch that carries another partner's number", async () => {
    const a = await channelWithPartner();
    const b = await channelWithPartner();
    await deliver(
      batch(
        envelope(a.ids.wabaId, [
          customerText(a.ids, { wamid: "wamid.for-a", from: CUSTOMER, ts: 1, body: "a" }),
        ]),
        envelope(b.ids.wabaId, [
          customerText(b.ids, { wamid: "wamid.for-b", from: CUSTOMER, ts: 1, body: "b" }),
        ]),
      ),
    );
    const [event] = (
      await listWebhookEvents(ownerScope(a.partner.id), { includeUnattributed: false })
    ).items;
    const detail = await getWebhookEvent(ownerScope(a.partner.id), { id: event!.id });
    expect(JSON.stringify(detail.json)).toContain("wamid.for-a");
    expect(JSON.stringify(detail.json)).not.toContain("wamid.for-b");
  });

  it("replays one event and a channel's range without doubling anything", async () => {
    const { partner, channel, ids } = await channelWithPartner();
    await deliver(
      envelope(ids.wabaId, [
        customerText(ids, { wamid: "wamid.replay", from: CUSTOMER, ts: 1, body: "again" }),
      ]),
    );
    const [event] = (
      await listWebhookEvents(ownerScope(partner.id), { includeUnattributed: false })
    ).items;
    expect(await replayWebhookEvent(ownerScope(partner.id), { id: event!.id })).toEqual({
      outcome: "processed",
    });
    expect(
      await replayChannelEvents(ownerScope(partner.id), {
        channelId: channel.id,
        from: new Date(Date.now() - 60_000),
        to: new Date(),
      }),
    ).toEqual({
      replayed: 1,
      failed: 0,
      busy: 0,
    });
    expect(await messagesOf(channel.id)).toHaveLength(1);
  });
});
