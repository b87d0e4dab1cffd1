import { createHash } from "node:crypto";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { channels, contacts, messages, webhookEvents } from "@/db/schema";
import { createPartner } from "@/db/testing/factories";
import { ownerScope } from "@/lib/auth/testing";
import { processBatch } from "@/lib/ingest/pipeline/process-batch";
import { storeRawEvent } from "@/lib/ingest/store";
import { channelWithPartner, deliver } from "@/lib/ingest/testing/harness";
import {
  type ChannelIds,
  contactSync,
  customerMessage,
  customerText,
  envelope,
  historyChunk,
  statuses,
} from "@/lib/ingest/testing/meta-payloads";
import { getConversation, listChannelMessages, listConversations, listTimeline } from "./index";

const ONBOARDED = 1_767_000_000; // seconds
const at = (s: number) => new Date(s * 1000);
const H = 3600;

function echo(c: ChannelIds, to: string, message: Record<string, unknown>) {
  return {
    field: "smb_message_echoes",
    value: {
      messaging_product: "whatsapp",
      metadata: { display_phone_number: c.displayPhoneNumber, phone_number_id: c.phoneNumberId },
      message_echoes: [{ from: c.displayPhoneNumber, to, ...message }],
    },
  };
}

/** A channel onboarded at ONBOARDED with history, live customer messages, echoes and an API send. */
async function seeded() {
  const setup = await channelWithPartner(`1555${Math.floor(Math.random() * 1e7)}`);
  const { channel, ids, partner } = setup;
  await getDb()
    .update(channels)
    .set({ onboardedAt: at(ONBOARDED) })
    .where(eq(channels.id, channel.id));
  const customer = `4477${Math.floor(Math.random() * 1e8)}`;
  const w = (s: string) => `wamid.${s}.${channel.id}`;
  // Imported history, then the same message again live (must appear once).
  await deliver(
    envelope(ids.wabaId, [
      historyChunk(ids, {
        phase: 0,
        chunkOrder: 1,
        progress: 100,
        messages: [
          {
            wamid: w("h1"),
            customer,
            outbound: false,
            ts: ONBOARDED - 10 * H,
            body: "old question",
          },
          { wamid: w("h2"), customer, outbound: true, ts: ONBOARDED - 9 * H, body: "old answer" },
          { wamid: w("dup"), customer, outbound: false, ts: ONBOARDED - 1, body: "seen twice" },
        ],
      }),
    ]),
  );
  await deliver(
    envelope(ids.wabaId, [
      customerText(ids, { wamid: w("dup"), from: customer, ts: ONBOARDED - 1, body: "seen twice" }),
    ]),
  );
  await deliver(
    envelope(ids.wabaId, [
      customerText(ids, {
        wamid: w("c1"),
        from: customer,
        ts: ONBOARDED + H,
        body: "do you ship vases",
      }),
    ]),
  );
  // The app answers (echo) quoting c1, then edits and revokes another echo.
  await deliver(
    envelope(ids.wabaId, [
      echo(ids, customer, {
        id: w("e1"),
        timestamp: String(ONBOARDED + 2 * H),
        type: "text",
        text: { body: "yes we do" },
        context: { id: w("c1") },
      }),
      echo(ids, customer, {
        id: w("e2"),
        timestamp: String(ONBOARDED + 2 * H + 10),
        type: "text",
        text: { body: "price is 10" },
      }),
    ]),
  );
  await deliver(
    envelope(ids.wabaId, [
      echo(ids, customer, {
        id: w("e2edit"),
        timestamp: String(ONBOARDED + 2 * H + 20),
        type: "edit",
        edit: {
          original_message_id: w("e2"),
          message: { type: "text", text: { body: "price is 12" } },
        },
      }),
      echo(ids, customer, {
        id: w("e3"),
        timestamp: String(ONBOARDED + 2 * H + 30),
        type: "text",
        text: { body: "oops wrong chat" },
      }),
    ]),
  );
  await deliver(
    envelope(ids.wabaId, [
      echo(ids, customer, {
        id: w("e3rev"),
        timestamp: String(ONBOARDED + 2 * H + 40),
        type: "revoke",
        revoke: { original_message_id: w("e3") },
      }),
      customerMessage(ids, customer, {
        id: w("r1"),
        timestamp: String(ONBOARDED + 2 * H + 50),
        type: "reaction",
        reaction: { message_id: w("e1"), emoji: "👍" },
      }),
    ]),
  );
  // An API send as the send path stores it, then Meta's statuses.
  const [contact] = await getDb().select().from(contacts).where(eq(contacts.channelId, channel.id));
  await getDb()
    .insert(messages)
    .values({
      partnerId: partner.id,
      channelId: channel.id,
      contactId: contact!.id,
      wamid: w("a1"),
      origin: "api",
      direction: "outbound",
      type: "text",
      text: "your order shipped",
      content: { type: "text", text: { body: "your order shipped" } },
      sentAt: at(ONBOARDED + 3 * H),
      status: "pending",
      customerWaId: customer,
    });
  await deliver(
    envelope(ids.wabaId, [
      statuses(ids, [
        { wamid: w("a1"), status: "sent", ts: ONBOARDED + 3 * H + 1, to: customer },
        { wamid: w("a1"), status: "read", ts: ONBOARDED + 3 * H + 60, to: customer },
      ]),
    ]),
  );
  return { ...setup, customer, contact: contact!, w };
}

describe("the timeline of a conversation", () => {
  let s: Awaited<ReturnType<typeof seeded>>;
  beforeAll(async () => {
    s = await seeded();
  });

  const timeline = (extra: Partial<Parameters<typeof listTimeline>[1]> = {}) =>
    listTimeline(ownerScope(s.partner.id), {
      channelId: s.channel.id,
      contactId: s.contact.id,
      now: at(ONBOARDED + 4 * H),
      ...extra,
    });

  it("merges history, customer, app and API messages in time order, each wamid once", async () => {
    const page = await timeline();
    expect(page?.messages.map((m) => [m.wamid, m.origin])).toEqual([
      [s.w("h1"), "history"],
      [s.w("h2"), "history"],
      [s.w("dup"), "customer"],
      [s.w("c1"), "customer"],
      [s.w("e1"), "app"],
      [s.w("e2"), "app"],
      [s.w("e3"), "app"],
      [s.w("a1"), "api"],
    ]);
  });

  it("shows an app edit as the latest text with the original, and a revoke without its text", async () => {
    const page = (await timeline())!;
    const edited = page.messages.find((m) => m.wamid === s.w("e2"));
    expect(edited).toMatchObject({
      text: "price is 12",
      edited: true,
      originalText: "price is 10",
    });
    const revoked = page.messages.find((m) => m.wamid === s.w("e3"));
    expect(revoked).toMatchObject({ revoked: true, text: null, originalText: null });
    const forAdmin = (await timeline({ canSeeDeleted: true }))!.messages.find(
      (m) => m.wamid === s.w("e3"),
    );
    expect(forAdmin).toMatchObject({ revoked: true, originalText: "oops wrong chat" });
  });

  it("quotes the customer message an app echo replies to, and puts reactions on their message", async () => {
    const e1 = (await timeline())!.messages.find((m) => m.wamid === s.w("e1"));
    expect(e1?.replyTo).toMatchObject({
      wamid: s.w("c1"),
      found: true,
      origin: "customer",
      text: "do you ship vases",
    });
    expect(e1?.reactions).toEqual([{ emoji: "👍", from: "customer" }]);
  });

  it("moves API ticks forward with Meta's statuses", async () => {
    const a1 = (await timeline())!.messages.find((m) => m.wamid === s.w("a1"));
    expect(a1).toMatchObject({ status: "read", origin: "api" });
  });

  it("opens the window on the first live customer message only, never on history or echoes", async () => {
    const page = (await timeline())!;
    const opened = page.messages.filter((m) => m.windowOpened);
    expect(opened.map((m) => m.wamid)).toEqual([s.w("c1")]);
    // Opened by c1, reset by the customer's reaction at +2 h 50 s: closes 24 h after that.
    expect(opened[0]?.windowOpened?.closesAt).toBe(at(ONBOARDED + 26 * H + 50).toISOString());
    const header = await getConversation(ownerScope(s.partner.id), {
      channelId: s.channel.id,
      contactId: s.contact.id,
      now: at(ONBOARDED + 4 * H),
    });
    expect(header?.window).toMatchObject({
      open: true,
      closesAt: at(ONBOARDED + 26 * H + 50).toISOString(),
    });
    expect(header?.lastCustomerBeforeOnboarding).toBeNull();
    const later = await getConversation(ownerScope(s.partner.id), {
      channelId: s.channel.id,
      contactId: s.contact.id,
      now: at(ONBOARDED + 27 * H),
    });
    expect(later?.window).toEqual({
      open: false,
      closedAt: at(ONBOARDED + 26 * H + 50).toISOString(),
    });
  });

  it("pages older messages by keyset without gaps or repeats", async () => {
    const seen: string[] = [];
    let before: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof timeline>> = await timeline({ before, limit: 3 });
      seen.unshift(...page!.messages.map((m) => m.wamid!));
      before = page!.olderCursor;
    } while (before);
    expect(seen).toEqual((await timeline())!.messages.map((m) => m.wamid));
  });

  it("gives another partner nothing", async () => {
    const other = await createPartner();
    expect(
      await listTimeline(ownerScope(other.id), {
        channelId: s.channel.id,
        contactId: s.contact.id,
      }),
    ).toBeNull();
    expect(
      await getConversation(ownerScope(other.id), {
        channelId: s.channel.id,
        contactId: s.contact.id,
      }),
    ).toBeNull();
    const list = await listConversations(ownerScope(other.id));
    expect(list.rows).toEqual([]);
    expect((await listConversations(ownerScope(other.id), { search: "vases" })).rows).toEqual([]);
  });
});

describe("the conversation list", () => {
  it("names contacts by app name, else profile name, else number, and orders by live messages only", async () => {
    const { channel, ids, partner } = await channelWithPartner(
      `1556${Math.floor(Math.random() * 1e7)}`,
    );
    await getDb()
      .update(channels)
      .set({ onboardedAt: at(ONBOARDED) })
      .where(eq(channels.id, channel.id));
    const [a, b, c] = ["4411", "4422", "4433"].map((p) => `${p}${Math.floor(Math.random() * 1e7)}`);
    await deliver(
      envelope(ids.wabaId, [
        customerText(ids, {
          wamid: `wamid.la.${channel.id}`,
          from: a!,
          ts: ONBOARDED + H,
          body: "hello",
          name: "Ana Profile",
        }),
        customerText(ids, {
          wamid: `wamid.lb.${channel.id}`,
          from: b!,
          ts: ONBOARDED + 2 * H,
          body: "zebra lamp",
          name: "Bo Profile",
        }),
      ]),
    );
    // Newer history for c must not put c on top.
    await deliver(
      envelope(ids.wabaId, [
        historyChunk(ids, {
          phase: 0,
          chunkOrder: 1,
          progress: 100,
          messages: [
            {
              wamid: `wamid.hc.${channel.id}`,
              customer: c!,
              outbound: false,
              ts: ONBOARDED - 5,
              body: "history only",
            },
          ],
        }),
        contactSync(ids, [{ phone: a!, action: "add", name: "Ana Saved", ts: ONBOARDED + 10 }]),
      ]),
    );
    const now = at(ONBOARDED + 3 * H);
    const list = await listConversations(ownerScope(partner.id), { channelId: channel.id, now });
    expect(list.rows.map((r) => r.waId)).toEqual([b, a, c]);
    expect(list.rows.map((r) => r.name)).toEqual(["Bo Profile", "Ana Saved", c]);
    expect(list.rows[0]?.last).toMatchObject({ origin: "customer", text: "zebra lamp" });
    expect(list.rows[2]?.last?.origin).toBe("history");
    expect(list.rows[2]?.window.open).toBe(false);
    expect(list.rows[0]?.window.open).toBe(true);

    const header = await getConversation(ownerScope(partner.id), {
      channelId: channel.id,
      contactId: list.rows[2]!.contactId,
      now,
    });
    expect(header?.lastCustomerBeforeOnboarding).toBe(at(ONBOARDED - 5).toISOString());

    const search = (q: string) =>
      listConversations(ownerScope(partner.id), { channelId: channel.id, search: q, now }).then(
        (l) => l.rows.map((r) => r.waId),
      );
    expect(await search("zeb")).toEqual([b]);
    expect(await search("ana sav")).toEqual([a]);
    expect(await search(c!.slice(0, 6))).toEqual([c]);
    expect(await search("nothing-like-this")).toEqual([]);

    const filtered = (filter: "window-open" | "unanswered") =>
      listConversations(ownerScope(partner.id), { channelId: channel.id, filter, now }).then((l) =>
        l.rows.map((r) => r.waId),
      );
    expect(await filtered("window-open")).toEqual([b, a]);
    expect(
      (
        await listConversations(ownerScope(partner.id), {
          channelId: channel.id,
          origin: "history",
          now,
        })
      ).rows.map((r) => r.waId),
    ).toEqual([c]);
  });
});

describe("messages of the same second", () => {
  async function channelOnboardedAtStart() {
    const made = await channelWithPartner(`1555${Math.floor(Math.random() * 1e7)}`);
    await getDb()
      .update(channels)
      .set({ onboardedAt: at(ONBOARDED) })
      .where(eq(channels.id, made.channel.id));
    return made;
  }

  it("keep the order they arrived in: the app's greeting follows the customer's message it answers", async () => {
    const { channel, ids, partner } = await channelOnboardedAtStart();
    const customer = `4478${Math.floor(Math.random() * 1e8)}`;
    const second = ONBOARDED + H;
    // Several rounds, so a tie broken by chance (a random id) would show at least once.
    const rounds = 6;
    for (let i = 0; i < rounds; i++) {
      const ts = second + i * 60;
      await deliver(
        envelope(ids.wabaId, [
          customerText(ids, {
            wamid: `wamid.q${i}.${channel.id}`,
            from: customer,
            ts,
            body: `hi ${i}`,
          }),
        ]),
      );
      await deliver(
        envelope(ids.wabaId, [
          echo(ids, customer, {
            id: `wamid.g${i}.${channel.id}`,
            timestamp: String(ts),
            type: "text",
            text: { body: `Thanks for your message! ${i}` },
          }),
        ]),
      );
    }
    const [contact] = await getDb()
      .select()
      .from(contacts)
      .where(eq(contacts.channelId, channel.id));
    const scope = ownerScope(partner.id);
    const on = { channelId: channel.id, now: at(second + H) };
    const page = await listTimeline(scope, { ...on, contactId: contact!.id });
    expect(page!.messages.map((m) => m.origin)).toEqual(
      Array.from({ length: rounds }, () => ["customer", "app"]).flat(),
    );
    // Paging by one message at a time keeps the same order.
    const seen: string[] = [];
    let before: string | null = null;
    do {
      const older: Awaited<ReturnType<typeof listTimeline>> = await listTimeline(scope, {
        ...on,
        contactId: contact!.id,
        before,
        limit: 1,
      });
      seen.unshift(...older!.messages.map((m) => m.wamid!));
      before = older!.olderCursor;
    } while (before);
    expect(seen).toEqual(page!.messages.map((m) => m.wamid));
    const { rows } = await listConversations(scope, on);
    expect(rows[0]?.last).toMatchObject({
      origin: "app",
      text: `Thanks for your message! ${rounds - 1}`,
    });
  });

  it("follow the order the hub received them in, not the order two workers stored them in", async () => {
    const { channel, ids, partner } = await channelOnboardedAtStart();
    const customer = `4479${Math.floor(Math.random() * 1e8)}`;
    const second = ONBOARDED + 2 * H;
    const w = (s: string) => `wamid.${s}.${channel.id}`;
    // The customer writes, the app answers in the same second; the hub receives them in that
    // order, half a second apart.
    const [question, answer] = await stored([
      envelope(ids.wabaId, [
        customerText(ids, { wamid: w("q"), from: customer, ts: second, body: "still open?" }),
      ]),
      envelope(ids.wabaId, [
        echo(ids, customer, {
          id: w("a"),
          timestamp: String(second),
          type: "text",
          text: { body: "Yes, until six" },
        }),
      ]),
    ]);
    await receivedAt(question!, new Date(second * 1000 + 200));
    await receivedAt(answer!, new Date(second * 1000 + 700));
    // Two workers: the one with the answer commits first.
    await processBatch({ ids: [answer!], outcomes: ["pending"] });
    await processBatch({ ids: [question!], outcomes: ["pending"] });

    const storage = await getDb()
      .select({ wamid: messages.wamid, seq: messages.seq })
      .from(messages)
      .where(eq(messages.channelId, channel.id))
      .orderBy(messages.seq);
    // The race happened: the answer has the lower storage order.
    expect(storage.map((m) => m.wamid)).toEqual([w("a"), w("q")]);

    const [contact] = await getDb()
      .select()
      .from(contacts)
      .where(eq(contacts.channelId, channel.id));
    const scope = ownerScope(partner.id);
    const on = { channelId: channel.id, contactId: contact!.id, now: at(second + H) };
    const page = await listTimeline(scope, on);
    expect(page!.messages.map((m) => m.wamid)).toEqual([w("q"), w("a")]);
    // One message per page: the cursor carries the arrival.
    const newest = await listTimeline(scope, { ...on, limit: 1 });
    expect(newest!.messages.map((m) => m.wamid)).toEqual([w("a")]);
    const older = await listTimeline(scope, { ...on, limit: 1, before: newest!.olderCursor });
    expect(older!.messages.map((m) => m.wamid)).toEqual([w("q")]);
    expect(older!.olderCursor).toBeNull();
    // A cursor made before arrivals (sent_at|seq) still pages from its message.
    const [a] = storage.filter((m) => m.wamid === w("a"));
    const oldCursor = Buffer.from(`${second}|${a!.seq}`).toString("base64url");
    const fromOld = await listTimeline(scope, { ...on, before: oldCursor });
    expect(fromOld!.messages.map((m) => m.wamid)).toEqual([w("q")]);

    // The inbox: the app answered last, the customer is not waiting.
    const { rows } = await listConversations(scope, on);
    expect(rows[0]?.last).toMatchObject({ origin: "app", text: "Yes, until six" });
    expect(rows[0]?.unanswered).toBe(false);

    // The Partner API's pages, both ways and by cursor.
    const api = (extra: Partial<Parameters<typeof listChannelMessages>[1]> = {}) =>
      listChannelMessages(scope, {
        channelId: channel.id,
        conversation: contact!.id,
        limit: 10,
        descending: false,
        ...extra,
      });
    expect((await api())!.messages.map((m) => m.wamid)).toEqual([w("q"), w("a")]);
    expect((await api({ descending: true }))!.messages.map((m) => m.wamid)).toEqual([
      w("a"),
      w("q"),
    ]);
    const first = (await api({ limit: 1 }))!;
    expect((await api({ after: first.nextCursor }))!.messages.map((m) => m.wamid)).toEqual([
      w("a"),
    ]);
  });
});

/** Stores webhook bodies as the route does, without processing them (in this order). */
async function stored(bodies: object[]): Promise<string[]> {
  const ids: string[] = [];
  for (const body of bodies) {
    const raw = JSON.stringify(body);
    const event = await storeRawEvent({
      body: raw,
      bodyEncoding: "utf8",
      bodyBytes: Buffer.byteLength(raw),
      dedupeKey: createHash("sha256").update(raw).digest("hex"),
      signatureValid: true,
    });
    ids.push(event.id);
  }
  return ids;
}

/** When the hub acknowledged the event's POST. */
async function receivedAt(eventId: string, at: Date) {
  await getDb().update(webhookEvents).set({ receivedAt: at }).where(eq(webhookEvents.id, eventId));
}
