import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import {
  apiKeys,
  auditLog,
  channels,
  clients,
  contacts,
  memberships,
  onboardingSessions,
  partners,
  webhookEventChannels,
} from "@/db/schema";
import { createChannel, createClient, createPartner, createUser } from "@/db/testing/factories";
import { countConversations, listChannelMessages, listConversations } from "@/lib/chats";
import { getCostReport } from "@/lib/costs/reports";
import { loadChannelEvents } from "@/lib/ingest/channel-events-view";
import { getWebhookEvent } from "@/lib/ingest/events";
import { deliver } from "@/lib/ingest/testing/harness";
import { accountUpdate, customerText, envelope } from "@/lib/ingest/testing/meta-payloads";
import { getChannelHistory } from "@/lib/onboarding/history-read";
import { listOnboardingSessionPage } from "@/lib/onboarding/session-list";
import { type Actor, userActor } from "./actor";
import { createChannelApiKey, createPartnerApiKey, listApiKeys, revokeApiKey } from "./api-keys";
import { listAuditEntries } from "./audit";
import { getChannelById, listChannels } from "./channels";
import { getClientById, listClients, updateClient } from "./clients";
import { changeMemberRole, listMembers, removeMember } from "./users";

/**
 * The tenancy matrix: every data function behind the console's pages and actions, called with
 * partner B's scope on partner A's client, channel, key, user and events. Each answers nothing or
 * not found, and A's rows are byte-for-byte unchanged afterwards. (The Partner API's routes have
 * the same matrix in app/api/v2/partners/partner-api.db.test.ts and partner-api-ours.db.test.ts.)
 */
type A = Awaited<ReturnType<typeof seedA>>;
async function seedA() {
  const partner = await createPartner();
  const owner = await createUser(partner.id, "owner");
  const member = await createUser(partner.id, "member");
  const actor = userActor({ userId: owner.id, email: owner.email });
  const client = await createClient(partner.id, { name: "Tenancy Alpha Client" });
  const channel = await createChannel(partner.id, client.id, { verifiedName: "Tenancy Alpha" });
  const partnerKey = await createPartnerApiKey({ partnerId: partner.id, name: "A key", actor });
  const channelKey = await createChannelApiKey({
    partnerId: partner.id,
    channelId: channel.id,
    actor,
  });
  // A conversation and a lifecycle event through the real webhook route, and an onboarding.
  const ids = {
    wabaId: channel.wabaId,
    phoneNumberId: channel.phoneNumberId,
    displayPhoneNumber: channel.displayPhoneNumber,
  };
  const customer = `44770${Math.floor(Math.random() * 1e6)}`;
  const now = Math.floor(Date.now() / 1000);
  await deliver(
    envelope(ids.wabaId, [
      customerText(ids, { wamid: `wamid.t.${channel.id}`, from: customer, ts: now, body: "hi" }),
      accountUpdate(ids, "ACCOUNT_OFFBOARDED"),
    ]),
  );
  const [event] = await getDb()
    .select()
    .from(webhookEventChannels)
    .where(eq(webhookEventChannels.channelId, channel.id));
  await getDb().insert(onboardingSessions).values({
    partnerId: partner.id,
    status: "completed",
    clientId: client.id,
    channelId: channel.id,
  });
  return {
    partner,
    owner,
    member,
    client,
    channel,
    partnerKey,
    channelKey,
    customer,
    eventId: event!.eventId,
  };
}

async function snapshot(a: A) {
  const db = getDb();
  return {
    partner: await db.select().from(partners).where(eq(partners.id, a.partner.id)),
    clients: await db.select().from(clients).where(eq(clients.partnerId, a.partner.id)),
    channels: await db.select().from(channels).where(eq(channels.partnerId, a.partner.id)),
    keys: await db.select().from(apiKeys).where(eq(apiKeys.partnerId, a.partner.id)),
    members: await db.select().from(memberships).where(eq(memberships.partnerId, a.partner.id)),
    contacts: await db.select().from(contacts).where(eq(contacts.partnerId, a.partner.id)),
    audit: await db.select().from(auditLog).where(eq(auditLog.partnerId, a.partner.id)),
  };
}

let a: A;
let bId: string;
let bActor: Actor;
const query = <F>(filters: F) => ({
  limit: 100,
  offset: 0,
  sort: "-created_at",
  sortField: "created_at",
  descending: true,
  filters,
});

beforeAll(async () => {
  a = await seedA();
  const b = await createPartner();
  const bOwner = await createUser(b.id, "owner");
  bId = b.id;
  bActor = userActor({ userId: bOwner.id, email: bOwner.email });
});

/** A read that refuses: its error code, so "not found" is the expected answer. */
const codeOf = (read: Promise<unknown>) =>
  read.then(
    () => "answered",
    (error: { code?: string }) => error.code ?? "threw",
  );

const readers: [string, () => Promise<unknown>, unknown][] = [
  ["client page", () => getClientById({ partnerId: bId, clientId: a.client.id }), null],
  ["channel page", () => getChannelById({ partnerId: bId, channelId: a.channel.id }), null],
  [
    "clients list searched by A's name",
    async () =>
      (await listClients({ partnerId: bId, query: query({ search: "Tenancy Alpha" }) })).total,
    0,
  ],
  [
    "channels list filtered by sync state",
    async () =>
      (await listChannels({ partnerId: bId, query: query({ history_sync: "not_requested" }) }))
        .total,
    0,
  ],
  [
    "A's channel's history import (channel Overview)",
    async () => {
      const history = await getChannelHistory({ partnerId: bId, channelId: a.channel.id });
      return { state: history.state, messages: history.messages, chats: history.chats };
    },
    { state: "waiting", messages: 0, chats: 0 },
  ],
  [
    "channels list filtered by A's client",
    async () =>
      (await listChannels({ partnerId: bId, query: query({ client_id: a.client.id }) })).total,
    0,
  ],
  [
    "channel keys of A's channel",
    async () =>
      (await listApiKeys({ partnerId: bId, kind: "channel", channelId: a.channel.id })).total,
    0,
  ],
  [
    "users page",
    async () => (await listMembers({ partnerId: bId })).some((m) => m.userId === a.member.id),
    false,
  ],
  [
    "conversations of A's channel (Partner API, inbox)",
    async () => {
      const { rows } = await listConversations({ partnerId: bId, channelId: a.channel.id });
      const total = await countConversations({ partnerId: bId, channelId: a.channel.id });
      return { rows, total };
    },
    { rows: [], total: 0 },
  ],
  [
    "messages of A's customer on A's channel",
    () =>
      listChannelMessages({
        partnerId: bId,
        channelId: a.channel.id,
        conversation: a.customer,
        limit: 20,
        descending: true,
      }),
    null,
  ],
  [
    "costs of A's channel",
    () => codeOf(getCostReport({ partnerId: bId, query: {}, scope: { channelId: a.channel.id } })),
    "not_found",
  ],
  [
    "costs of A's client",
    () => codeOf(getCostReport({ partnerId: bId, query: {}, scope: { clientId: a.client.id } })),
    "not_found",
  ],
  [
    "onboarding sessions filtered by A's client",
    async () =>
      (
        await listOnboardingSessionPage({
          partnerId: bId,
          query: query({ client_id: a.client.id }),
        })
      ).total,
    0,
  ],
  [
    "the Events tab of A's channel",
    () => codeOf(loadChannelEvents({ partnerId: bId, channelId: a.channel.id })),
    "not_found",
  ],
  [
    "the body of A's webhook event",
    () => codeOf(getWebhookEvent({ partnerId: bId, id: a.eventId })),
    "not_found",
  ],
  [
    "audit log filtered by A's client",
    async () =>
      (await listAuditEntries({ partnerId: bId, filter: { targetId: a.client.id } })).total,
    0,
  ],
];

const writers: [string, () => Promise<unknown>][] = [
  [
    "update A's client",
    () =>
      updateClient({
        partnerId: bId,
        clientId: a.client.id,
        changes: { maxChannels: 50 },
        actor: bActor,
      }),
  ],
  [
    "create a key for A's channel",
    () => createChannelApiKey({ partnerId: bId, channelId: a.channel.id, actor: bActor }),
  ],
  [
    "revoke A's partner key",
    () => revokeApiKey({ partnerId: bId, keyId: a.partnerKey.key.id, actor: bActor }),
  ],
  [
    "revoke A's channel key",
    () =>
      revokeApiKey({
        partnerId: bId,
        keyId: a.channelKey.key.id,
        channelId: a.channel.id,
        actor: bActor,
      }),
  ],
  [
    "promote A's member",
    () => changeMemberRole({ partnerId: bId, userId: a.member.id, role: "owner", actor: bActor }),
  ],
  ["remove A's member", () => removeMember({ partnerId: bId, userId: a.member.id, actor: bActor })],
];

describe("tenancy matrix: partner B on partner A's data", () => {
  it.each(readers)("%s gives nothing", async (_name, read, expected) => {
    expect(await read()).toEqual(expected);
  });

  it("A itself gets the data those reads refuse to B (the matrix is not empty)", async () => {
    const own = { partnerId: a.partner.id, channelId: a.channel.id };
    expect(await countConversations(own)).toBe(1);
    expect(
      (await listChannelMessages({ ...own, conversation: a.customer, limit: 20, descending: true }))
        ?.messages,
    ).toHaveLength(1);
    const events = await loadChannelEvents(own);
    expect(events.events.map((e) => e.id)).toContain(a.eventId);
    expect(events.lifecycle.map((e) => e.event)).toEqual(["ACCOUNT_OFFBOARDED"]);
    expect(
      (await listOnboardingSessionPage({ partnerId: a.partner.id, query: query({}) })).total,
    ).toBe(1);
  });

  it.each(writers)("%s is not found and changes nothing", async (_name, write) => {
    const before = await snapshot(a);
    await expect(write()).rejects.toMatchObject({ code: "not_found" });
    expect(await snapshot(a)).toEqual(before);
  });
});
