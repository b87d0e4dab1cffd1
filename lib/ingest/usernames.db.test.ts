import { asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { contacts, messages } from "@/db/schema";
import { channelWithPartner, deliver } from "./testing/harness";
import {
  customerTextFrom,
  echoTextTo,
  envelope,
  historyThreadOf,
  statusesTo,
  userChangedUserId,
  userIdUpdate,
} from "./testing/meta-payloads";

const PHONE = "5511912345678";
const B1 = "BR.1502576394655843";
const B2 = "BR.8802576394655001";
const B3 = "BR.9902576394655777";
const T = 1_790_000_000;

async function contactsOf(channelId: string) {
  return getDb()
    .select()
    .from(contacts)
    .where(eq(contacts.channelId, channelId))
    .orderBy(asc(contacts.createdAt));
}

async function timeline(channelId: string) {
  return getDb()
    .select()
    .from(messages)
    .where(eq(messages.channelId, channelId))
    .orderBy(asc(messages.sentAt), asc(messages.arrivedAt), asc(messages.seq));
}

describe("one customer, whichever identifiers Meta names them by", () => {
  it("keeps a number, then BSUID-only messages, then a changed BSUID (both shapes) in one conversation", async () => {
    const { channel, ids } = await channelWithPartner();
    const post = (...changes: Parameters<typeof envelope>[1]) =>
      deliver(envelope(ids.wabaId, changes));

    await post(
      customerTextFrom(
        ids,
        { waId: PHONE, userId: B1, name: "Ana" },
        { wamid: "w1", ts: T, body: "1" },
      ),
    );
    await post(
      customerTextFrom(
        ids,
        { userId: B1, username: "ana.bakes" },
        { wamid: "w2", ts: T + 1, body: "2" },
      ),
    );
    await post(userIdUpdate(ids, { previous: B1, current: B2, ts: T + 2 }));
    await post(customerTextFrom(ids, { userId: B2 }, { wamid: "w3", ts: T + 3, body: "3" }));
    await post(userChangedUserId(ids, { wamid: "sys1", previous: B2, current: B3, ts: T + 4 }));
    await post(customerTextFrom(ids, { userId: B3 }, { wamid: "w4", ts: T + 5, body: "4" }));
    // A late status for the first message, naming the customer by the BSUID they had then.
    await post(echoTextTo(ids, { userId: B3 }, { wamid: "e1", ts: T + 6, body: "reply" }));
    await post(statusesTo(ids, { userId: B1 }, [{ wamid: "e1", status: "read", ts: T + 7 }]));

    const [contact, ...others] = await contactsOf(channel.id);
    expect(others).toEqual([]);
    expect(contact).toMatchObject({
      waId: PHONE,
      userId: B3,
      username: "ana.bakes",
      profileName: "Ana",
    });
    expect([...contact!.previousUserIds].sort()).toEqual([B1, B2].sort());
    const rows = await timeline(channel.id);
    expect(rows.map((m) => m.wamid)).toEqual(["w1", "w2", "w3", "sys1", "w4", "e1"]);
    expect(new Set(rows.map((m) => m.contactId))).toEqual(new Set([contact!.id]));
    expect(rows.find((m) => m.wamid === "e1")).toMatchObject({ status: "read", stub: false });
  });

  it("merges two contacts once Meta links them, whichever came first, messages and all", async () => {
    const { channel, ids } = await channelWithPartner();
    const post = (...changes: Parameters<typeof envelope>[1]) =>
      deliver(envelope(ids.wabaId, changes));

    // A username-only message first, then one by number only: two contacts as far as anyone knows.
    await post(
      customerTextFrom(ids, { userId: B1, username: "ana" }, { wamid: "a", ts: T, body: "hi" }),
    );
    await post(
      customerTextFrom(ids, { waId: PHONE, name: "Ana" }, { wamid: "b", ts: T + 1, body: "me" }),
    );
    expect(await contactsOf(channel.id)).toHaveLength(2);

    // Then a message that names both: one person.
    await post(
      customerTextFrom(ids, { waId: PHONE, userId: B1 }, { wamid: "c", ts: T + 2, body: "both" }),
    );
    const all = await contactsOf(channel.id);
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ waId: PHONE, userId: B1, username: "ana", profileName: "Ana" });
    const rows = await timeline(channel.id);
    expect(rows.map((m) => [m.wamid, m.contactId])).toEqual([
      ["a", all[0]!.id],
      ["b", all[0]!.id],
      ["c", all[0]!.id],
    ]);
    expect(all[0]!.lastLiveMessageAt).toEqual(new Date((T + 2) * 1000));
  });

  it("applies a BSUID change that arrives after the new BSUID's first message", async () => {
    const { channel, ids } = await channelWithPartner();
    const post = (...changes: Parameters<typeof envelope>[1]) =>
      deliver(envelope(ids.wabaId, changes));
    await post(
      customerTextFrom(ids, { waId: PHONE, userId: B1 }, { wamid: "old", ts: T, body: "1" }),
    );
    const NEW_PHONE = "5511987654321";
    await post(
      customerTextFrom(
        ids,
        { waId: NEW_PHONE, userId: B2 },
        { wamid: "new", ts: T + 5, body: "2" },
      ),
    );
    await post(
      userChangedUserId(ids, {
        wamid: "sys",
        previous: B1,
        current: B2,
        waId: NEW_PHONE,
        ts: T + 4,
        kind: "user_changed_number",
      }),
    );
    const all = await contactsOf(channel.id);
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ waId: NEW_PHONE, userId: B2, previousUserIds: [B1] });
    expect((await timeline(channel.id)).map((m) => m.wamid)).toEqual(["old", "sys", "new"]);
  });

  it("files a username-only customer's messages, echoes, statuses and history under their BSUID", async () => {
    const { channel, ids } = await channelWithPartner();
    const who = { userId: B1, username: "bob" };
    await deliver(
      envelope(ids.wabaId, [
        historyThreadOf(ids, who, [
          { wamid: "h1", ts: T - 100, body: "old question", fromBusiness: false },
          { wamid: "h2", ts: T - 90, body: "old answer", fromBusiness: true },
        ]),
      ]),
    );
    await deliver(
      envelope(ids.wabaId, [customerTextFrom(ids, who, { wamid: "m1", ts: T, body: "hello" })]),
    );
    await deliver(
      envelope(ids.wabaId, [echoTextTo(ids, who, { wamid: "e1", ts: T + 1, body: "hi bob" })]),
    );
    await deliver(
      envelope(ids.wabaId, [
        statusesTo(ids, { userId: B1 }, [
          { wamid: "e1", status: "delivered", ts: T + 2 },
          { wamid: "e1", status: "read", ts: T + 3 },
        ]),
      ]),
    );

    const all = await contactsOf(channel.id);
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ waId: null, userId: B1, username: "bob" });
    const rows = await timeline(channel.id);
    expect(rows.map((m) => [m.wamid, m.origin, m.direction, m.customerWaId])).toEqual([
      ["h1", "history", "inbound", B1],
      ["h2", "history", "outbound", B1],
      ["m1", "customer", "inbound", B1],
      ["e1", "app", "outbound", B1],
    ]);
    expect(rows.find((m) => m.wamid === "e1")).toMatchObject({ status: "read", stub: false });
    // History never moves the inbox; the live message does.
    expect(all[0]!.lastLiveMessageAt).toEqual(new Date((T + 1) * 1000));
  });

  it("skips only a message that names nobody, keeping its neighbours", async () => {
    const { channel, ids } = await channelWithPartner();
    const change = customerTextFrom(ids, { userId: B1 }, { wamid: "ok", ts: T, body: "fine" });
    const value = change.value as { messages: Record<string, unknown>[] };
    value.messages.push({ id: "nobody", timestamp: String(T), type: "text", text: { body: "?" } });
    await deliver(envelope(ids.wabaId, [change]));
    expect((await timeline(channel.id)).map((m) => m.wamid)).toEqual(["ok"]);
  });
});
