import { describe, expect, it } from "vitest";
import { parseChange, webhookEnvelopeSchema } from "@/lib/meta/webhooks";
import {
  generateContacts,
  generateHistoryMessages,
  mediaFollowUps,
  planHistoryChunks,
} from "./history";
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
    inboundChange(number, contacts[0]!, { id: "wamid.A", type: "text", text: { body: "hi" } }, at),
  ],
  [
    "a customer's image reply",
    inboundChange(
      number,
      contacts[0]!,
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
      contacts[1]!,
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
      contacts[1]!,
      { id: "wamid.D", type: "reaction", reaction: { message_id: "wamid.A", emoji: "👍" } },
      at,
    ),
  ],
  [
    "a button reply",
    inboundChange(
      number,
      contacts[1]!,
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
      contacts[1]!,
      { id: "wamid.F", type: "location", location: { latitude: 1, longitude: 2 } },
      at,
    ),
  ],
  [
    "an echo",
    echoChange(
      number,
      contacts[0]!.waId,
      { id: "wamid.G", type: "text", text: { body: "hello" } },
      at,
    ),
  ],
  [
    "an echo edit",
    echoChange(
      number,
      contacts[0]!.waId,
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
      contacts[0]!.waId,
      { id: "wamid.I", type: "revoke", revoke: { original_message_id: "wamid.G" } },
      at,
    ),
  ],
  [
    "a sent status with template pricing",
    statusChange(number, {
      wamid: "wamid.J",
      status: "sent",
      recipientId: "1555",
      at,
      pricing: pricingFor({ templateCategory: "MARKETING" }),
    }),
  ],
  [
    "a read status",
    statusChange(number, { wamid: "wamid.J", status: "read", recipientId: "1555", at }),
  ],
  [
    "contacts",
    stateSyncChange(number, [
      { action: "add", phoneNumber: "1555", fullName: "A B", firstName: "A", at },
      { action: "remove", phoneNumber: "1556", at },
    ]),
  ],
  ["declined history", historyDeclinedChange(number)],
  ["a media follow-up", historyMediaChange(number, mediaFollowUps(history, until))],
  ...planHistoryChunks(history, until).map(
    (plan) =>
      [
        `history phase ${plan.phase} chunk ${plan.chunkOrder}`,
        historyChunkChange(number, plan),
      ] as [string, Change],
  ),
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
      { action: "remove", phoneNumber: "1556", fullName: "Gone", at },
    ]);
    expect(JSON.stringify(change)).not.toContain("Gone");
  });
});
