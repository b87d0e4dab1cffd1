import { describe, expect, it } from "vitest";
import { parseChange, webhookEnvelopeSchema } from "@/lib/meta/webhooks";
import { sandboxBsuids } from "./bsuid";
import {
  generateContacts,
  generateHistoryMessages,
  mediaFollowUps,
  planHistoryChunks,
} from "./history";
import type { CustomerIdentity } from "./parties";
import {
  accountUpdateChange,
  type Change,
  echoChange,
  envelope,
  historyChunkChange,
  historyDeclinedChange,
  historyMediaChange,
  inboundChange,
  pricingFor,
  stateSyncChange,
  statusChange,
  userChangedChange,
  userIdUpdateChange,
} from "./payloads";

/**
 * The contract test: every payload the sandbox emits parses with the same schemas the hub uses for
 * Meta's payloads (lib/meta/webhooks.ts). The DB tests check the same over HTTP.
 */
const number = {
  wabaId: "102290129340398",
  phoneNumberId: "106540352242922",
  displayPhoneNumber: "15550783881",
  businessId: "5550001",
};
const at = new Date("2026-11-20T10:00:00Z");
const until = Math.floor(at.getTime() / 1000);
const contacts = generateContacts("seed", "US", 6);
const bsuidsOf = (waId: string) =>
  sandboxBsuids({ businessId: number.businessId, fallbackCountry: "US" }, waId);
/** Customers who show their number. */
const [ana, carl] = contacts.map(
  (c): CustomerIdentity => ({ ...c, userId: bsuidsOf(c.waId).userId, hideNumber: false }),
);
/** A customer with a username who hides the number, on a business with parent BSUIDs on. */
const bob: CustomerIdentity = {
  waId: contacts[2]!.waId,
  ...bsuidsOf(contacts[2]!.waId),
  username: "bob.builds",
  hideNumber: true,
  name: "Bob",
};
const identities = (waId: string) => (waId === bob.waId ? bob : { ...ana!, waId });
const history = generateHistoryMessages({
  seed: "seed",
  businessNumber: number.displayPhoneNumber,
  contacts,
  days: 180,
  until,
});

const cases: [string, Change][] = [
  [
    "a customer's text",
    inboundChange(number, ana!, { id: "wamid.A", type: "text", text: { body: "hi" } }, at),
  ],
  [
    "a customer's image reply",
    inboundChange(
      number,
      ana!,
      {
        id: "wamid.B",
        type: "image",
        image: { id: "1", mime_type: "image/jpeg", sha256: "x" },
        context: { from: number.displayPhoneNumber, id: "wamid.A" },
      },
      at,
    ),
  ],
  [
    "an ad referral",
    inboundChange(
      number,
      carl!,
      {
        id: "wamid.C",
        type: "text",
        text: { body: "ad" },
        referral: { source_type: "ad", source_id: "1", source_url: "https://fb.me/x" },
      },
      at,
    ),
  ],
  [
    "a reaction",
    inboundChange(
      number,
      carl!,
      { id: "wamid.D", type: "reaction", reaction: { message_id: "wamid.A", emoji: "👍" } },
      at,
    ),
  ],
  [
    "a button reply",
    inboundChange(
      number,
      carl!,
      {
        id: "wamid.E",
        type: "interactive",
        interactive: { type: "button_reply", button_reply: { id: "y", title: "Yes" } },
      },
      at,
    ),
  ],
  [
    "a location",
    inboundChange(
      number,
      carl!,
      { id: "wamid.F", type: "location", location: { latitude: 1, longitude: 2 } },
      at,
    ),
  ],
  [
    "an echo",
    echoChange(number, ana!, { id: "wamid.G", type: "text", text: { body: "hello" } }, at),
  ],
  [
    "an echo edit",
    echoChange(
      number,
      ana!,
      {
        id: "wamid.H",
        type: "edit",
        edit: { original_message_id: "wamid.G", message: { type: "text", text: { body: "hi" } } },
      },
      at,
    ),
  ],
  [
    "an echo revoke",
    echoChange(
      number,
      ana!,
      { id: "wamid.I", type: "revoke", revoke: { original_message_id: "wamid.G" } },
      at,
    ),
  ],
  [
    "a sent status with template pricing",
    statusChange(number, {
      wamid: "wamid.J",
      status: "sent",
      recipient: ana!,
      at,
      pricing: pricingFor({ templateCategory: "MARKETING" }),
    }),
  ],
  [
    "a read status",
    statusChange(number, { wamid: "wamid.J", status: "read", recipient: ana!, at }),
  ],
  [
    "contacts",
    stateSyncChange(number, [
      { action: "add", who: ana!, fullName: "A B", firstName: "A", at },
      { action: "remove", who: carl!, at },
    ]),
  ],
  ["declined history", historyDeclinedChange(number)],
  ["a media follow-up", historyMediaChange(number, mediaFollowUps(history, until), identities)],
  ...planHistoryChunks(history, until).map(
    (plan) =>
      [
        `history phase ${plan.phase} chunk ${plan.chunkOrder}`,
        historyChunkChange(number, plan, identities),
      ] as [string, Change],
  ),
  [
    "a username-only customer's text",
    inboundChange(number, bob, { id: "wamid.K", type: "text", text: { body: "hi" } }, at),
  ],
  [
    "an echo to a username-only customer",
    echoChange(number, bob, { id: "wamid.L", type: "text", text: { body: "hello" } }, at),
  ],
  ...(["sent", "delivered", "read", "failed"] as const).map(
    (status) =>
      [
        `a ${status} status to a username-only customer`,
        statusChange(number, {
          wamid: "wamid.M",
          status,
          recipient: bob,
          at,
          ...(status === "failed" ? { errors: [{ code: 131026, title: "x", message: "x" }] } : {}),
        }),
      ] as [string, Change],
  ),
  ["a username-only contact", stateSyncChange(number, [{ action: "add", who: bob, at }])],
  [
    "a number change (system message)",
    userChangedChange(number, { wamid: "wamid.N", previous: ana!, current: carl!, at }),
  ],
  [
    "a hidden customer's BSUID change (system message)",
    userChangedChange(number, {
      wamid: "wamid.O",
      previous: bob,
      current: { ...bob, userId: "US.42" },
      at,
    }),
  ],
  [
    "a number change (user_id_update)",
    userIdUpdateChange(number, { previous: ana!, current: carl!, at }),
  ],
  [
    "a disconnection",
    accountUpdateChange(number, "PARTNER_REMOVED", {
      reason: "PRIMARY_INACTIVITY",
      initiatedBy: "SYSTEM",
    }),
  ],
  ["an offboarding", accountUpdateChange(number, "ACCOUNT_OFFBOARDED")],
  ["a reconnection", accountUpdateChange(number, "ACCOUNT_RECONNECTED")],
  ["a partner added", accountUpdateChange(number, "PARTNER_ADDED")],
];

describe("every payload the sandbox emits", () => {
  it.each(cases)("parses as Meta's: %s", (_name, change) => {
    const body = JSON.parse(
      JSON.stringify(envelope([{ wabaId: number.wabaId, time: until, changes: [change] }])),
    );
    const parsed = webhookEnvelopeSchema.parse(body);
    const result = parseChange(
      parsed.entry[0]!.changes[0]!.field,
      parsed.entry[0]!.changes[0]!.value,
    );
    expect(result, JSON.stringify(result)).toMatchObject({ ok: true });
  });

  it("puts pricing on free-form replies as free customer service", () => {
    expect(pricingFor({})).toEqual({
      billable: false,
      pricing_model: "PMP",
      type: "free_customer_service",
      category: "service",
    });
    expect(pricingFor({ templateCategory: "UTILITY" })).toMatchObject({
      type: "regular",
      category: "utility",
    });
  });

  it("leaves names out of a contact removal", () => {
    const change = stateSyncChange(number, [
      { action: "remove", who: carl!, fullName: "Gone", at },
    ]);
    expect(JSON.stringify(change)).not.toContain("Gone");
  });
});

// biome-ignore lint/suspicious/noExplicitAny: reading built payloads loosely in assertions
const valueIn = (change: Change) => change.value as Record<string, any>;

describe("how the payloads name a customer (BSUIDs, usernames)", () => {
  const text = { id: "wamid.P", type: "text", text: { body: "hi" } };

  it("gives a customer who shows the number both the number and the BSUID", () => {
    const value = valueIn(inboundChange(number, ana!, text, at));
    expect(value.contacts).toEqual([
      { profile: { name: ana!.name }, wa_id: ana!.waId, user_id: ana!.userId },
    ]);
    expect(value.messages[0]).toMatchObject({ from: ana!.waId, from_user_id: ana!.userId });
    expect(valueIn(echoChange(number, ana!, text, at)).message_echoes[0]).toMatchObject({
      from: number.displayPhoneNumber,
      to: ana!.waId,
      to_user_id: ana!.userId,
    });
    expect(ana!.userId).toMatch(/^US\.\d{1,20}$/);
  });

  it("never shows a hidden number: BSUID, parent BSUID and username only", () => {
    const changes = [
      inboundChange(number, bob, text, at),
      echoChange(number, bob, text, at),
      statusChange(number, { wamid: "wamid.Q", status: "read", recipient: bob, at }),
      stateSyncChange(number, [{ action: "add", who: bob, fullName: "Bob B", at }]),
      historyChunkChange(number, planHistoryChunks(history, until, 5_000)[0]!, identities),
      userChangedChange(number, {
        wamid: "wamid.R",
        previous: bob,
        current: { ...bob, userId: "US.42" },
        at,
      }),
      userIdUpdateChange(number, { previous: bob, current: { ...bob, userId: "US.42" }, at }),
    ];
    for (const change of changes) expect(JSON.stringify(change)).not.toContain(bob.waId);
    const inbound = valueIn(changes[0]!);
    expect(inbound.contacts).toEqual([
      {
        profile: { name: "Bob", username: "bob.builds" },
        user_id: bob.userId,
        parent_user_id: bob.parentUserId,
      },
    ]);
    expect(inbound.messages[0]).toMatchObject({
      from_user_id: bob.userId,
      from_parent_user_id: bob.parentUserId,
    });
    expect(inbound.messages[0].from).toBeUndefined();
    expect(valueIn(changes[1]!).message_echoes[0]).toMatchObject({
      to_user_id: bob.userId,
      to_parent_user_id: bob.parentUserId,
    });
    expect(valueIn(changes[3]!).state_sync[0].contact).toEqual({
      user_id: bob.userId,
      full_name: "Bob B",
    });
  });

  it("names a status's recipient by number when shown, by BSUID always; username once delivered", () => {
    const status = (who: CustomerIdentity, name: "sent" | "delivered" | "failed") =>
      valueIn(statusChange(number, { wamid: "wamid.S", status: name, recipient: who, at }));
    expect(status(ana!, "sent").statuses[0]).toMatchObject({
      recipient_id: ana!.waId,
      recipient_user_id: ana!.userId,
    });
    expect(status(ana!, "sent").contacts).toEqual([
      { profile: {}, wa_id: ana!.waId, user_id: ana!.userId },
    ]);
    const hidden = status(bob, "sent");
    expect(hidden.statuses[0].recipient_id).toBeUndefined();
    expect(hidden.statuses[0]).toMatchObject({
      recipient_user_id: bob.userId,
      recipient_parent_user_id: bob.parentUserId,
    });
    expect(hidden.contacts[0].profile).toEqual({});
    expect(status(bob, "delivered").contacts[0].profile).toEqual({ username: "bob.builds" });
    expect(status(bob, "failed").contacts).toBeUndefined();
  });

  it("names a username-only thread in its context, without the number as id", () => {
    const plan = {
      phase: 0 as const,
      chunkOrder: 1,
      progress: 100,
      threads: [
        { id: bob.waId, messages: history.slice(0, 2).map((m) => ({ ...m, threadId: bob.waId })) },
      ],
    };
    const [thread] = valueIn(historyChunkChange(number, plan, identities)).history[0].threads;
    expect(thread.id).toBeUndefined();
    expect(thread.context).toEqual({
      user_id: bob.userId,
      parent_user_id: bob.parentUserId,
      username: "bob.builds",
    });
    const shown = valueIn(historyChunkChange(number, plan, () => ana!)).history[0].threads[0];
    expect(shown).toMatchObject({ id: ana!.waId, context: { user_id: ana!.userId } });
  });

  it("says a number change as Meta's system message, or as user_id_update", () => {
    const system = valueIn(
      userChangedChange(number, { wamid: "wamid.T", previous: ana!, current: carl!, at }),
    );
    expect(system.contacts).toBeUndefined();
    expect(system.messages[0]).toMatchObject({
      from: ana!.waId,
      from_user_id: ana!.userId,
      type: "system",
      system: {
        type: "user_changed_number",
        wa_id: carl!.waId,
        user_id: carl!.userId,
        previous_user_id: ana!.userId,
      },
    });
    const hidden = valueIn(
      userChangedChange(number, {
        wamid: "wamid.U",
        previous: bob,
        current: { ...bob, userId: "US.42", parentUserId: "US.ENT.43" },
        at,
      }),
    ).messages[0];
    expect(hidden.system).toEqual({
      body: "User Bob changed their WhatsApp account",
      type: "user_changed_user_id",
      user_id: "US.42",
      parent_user_id: "US.ENT.43",
      previous_user_id: bob.userId,
      previous_parent_user_id: bob.parentUserId,
    });
    expect(valueIn(userIdUpdateChange(number, { previous: ana!, current: carl!, at }))).toEqual({
      messaging_product: "whatsapp",
      metadata: {
        display_phone_number: number.displayPhoneNumber,
        phone_number_id: number.phoneNumberId,
      },
      user_id_update: [
        {
          wa_id: carl!.waId,
          detail: { previous: { user_id: ana!.userId }, current: { user_id: carl!.userId } },
          timestamp: String(until),
        },
      ],
    });
  });
});
