import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import {
  apiKeys,
  auditLog,
  channels,
  clients,
  contacts,
  healthNotifications,
  memberships,
  onboardingSessions,
  partners,
  webhookEventChannels,
} from "@/db/schema";
import { createChannel, createClient, createPartner, createUser } from "@/db/testing/factories";
import {
  type ClientScope,
  keyScope,
  requirePartnerScope,
  type Scope,
  scopeOfMembership,
} from "@/lib/auth/scope";
import { ownerScope } from "@/lib/auth/testing";
import {
  countConversations,
  getConversation,
  listChannelMessages,
  listConversations,
  listTimeline,
} from "@/lib/chats";
import { getComposerState, getContactAddress, sendChatMessage } from "@/lib/chats/send";
import { exportPartnerCostsCsv, listChannelCostsInRange } from "@/lib/costs/partner-report";
import {
  exportChannelCostsCsv,
  getConversationCosts,
  getCostBreakdown,
  getCostReport,
} from "@/lib/costs/reports";
import { recordAcknowledgement } from "@/lib/health/acknowledgements";
import {
  countUnreadNotifications,
  dismissNotification,
  listNotifications,
  markAllNotificationsRead,
  markNotificationRead,
} from "@/lib/health/notifications";
import { loadChannelEvents } from "@/lib/ingest/channel-events-view";
import { getWebhookEvent } from "@/lib/ingest/events";
import { deliver } from "@/lib/ingest/testing/harness";
import { accountUpdate, customerText, envelope } from "@/lib/ingest/testing/meta-payloads";
import { createClientOnboardingLink, getClientAllowance } from "@/lib/onboarding/client-links";
import { getChannelHistory } from "@/lib/onboarding/history-read";
import { listOnboardingSessionPage } from "@/lib/onboarding/session-list";
import { deleteChannelTemplate, listChannelTemplates } from "@/lib/templates/store";
import { type Actor, userActor } from "./actor";
import { createChannelApiKey, createPartnerApiKey, listApiKeys, revokeApiKey } from "./api-keys";
import { listAuditEntries } from "./audit";
import { getChannelById, listChannels } from "./channels";
import { getClientById, listClients, updateClient } from "./clients";
import { changeMemberRole, inviteMember, listMembers, removeMember } from "./users";

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
  const partnerKey = await createPartnerApiKey(ownerScope(partner.id), { name: "A key", actor });
  const channelKey = await createChannelApiKey(ownerScope(partner.id), {
    channelId: channel.id,
    actor,
  });
  // A conversation and a lifecycle event through the real webhook route, and an onboarding.
  const ids = {
    wabaId: channel.wabaId,
    phoneNumberId: channel.phoneNumberId,
    displayPhoneNumber: channel.displayPhoneNumber,
  };
  const customer = `44770${String(Math.floor(Math.random() * 1e6)).padStart(6, "0")}`;
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
  ["client page", () => getClientById(ownerScope(bId), { clientId: a.client.id }), null],
  ["channel page", () => getChannelById(ownerScope(bId), { channelId: a.channel.id }), null],
  [
    "clients list searched by A's name",
    async () =>
      (await listClients(ownerScope(bId), { query: query({ search: "Tenancy Alpha" }) })).total,
    0,
  ],
  [
    "channels list filtered by sync state",
    async () =>
      (await listChannels(ownerScope(bId), { query: query({ history_sync: "not_requested" }) }))
        .total,
    0,
  ],
  [
    "A's channel's history import (channel Overview)",
    async () => {
      const history = await getChannelHistory(ownerScope(bId), { channelId: a.channel.id });
      return { state: history.state, messages: history.messages, chats: history.chats };
    },
    { state: "waiting", messages: 0, chats: 0 },
  ],
  [
    "channels list filtered by A's client",
    async () =>
      (await listChannels(ownerScope(bId), { query: query({ client_id: a.client.id }) })).total,
    0,
  ],
  [
    "channel keys of A's channel",
    async () =>
      (await listApiKeys(ownerScope(bId), { kind: "channel", channelId: a.channel.id })).total,
    0,
  ],
  [
    "users page",
    async () => (await listMembers(ownerScope(bId))).some((m) => m.userId === a.member.id),
    false,
  ],
  [
    "conversations of A's channel (Partner API, inbox)",
    async () => {
      const { rows } = await listConversations(ownerScope(bId), { channelId: a.channel.id });
      const total = await countConversations(ownerScope(bId), { channelId: a.channel.id });
      return { rows, total };
    },
    { rows: [], total: 0 },
  ],
  [
    "messages of A's customer on A's channel",
    () =>
      listChannelMessages(ownerScope(bId), {
        channelId: a.channel.id,
        conversation: a.customer,
        limit: 20,
        descending: true,
      }),
    null,
  ],
  [
    "costs of A's channel",
    () => codeOf(getCostReport(ownerScope(bId), { query: {}, path: { channelId: a.channel.id } })),
    "not_found",
  ],
  [
    "costs of A's client",
    () => codeOf(getCostReport(ownerScope(bId), { query: {}, path: { clientId: a.client.id } })),
    "not_found",
  ],
  [
    "onboarding sessions filtered by A's client",
    async () =>
      (
        await listOnboardingSessionPage(ownerScope(bId), {
          query: query({ client_id: a.client.id }),
        })
      ).total,
    0,
  ],
  [
    "the Events tab of A's channel",
    () => codeOf(loadChannelEvents(ownerScope(bId), { channelId: a.channel.id })),
    "not_found",
  ],
  [
    "the body of A's webhook event",
    () => codeOf(getWebhookEvent(ownerScope(bId), { id: a.eventId })),
    "not_found",
  ],
  [
    "audit log filtered by A's client",
    async () =>
      (await listAuditEntries(ownerScope(bId), { filter: { targetId: a.client.id } })).total,
    0,
  ],
];

const writers: [string, () => Promise<unknown>][] = [
  [
    "update A's client",
    () =>
      updateClient(ownerScope(bId), {
        clientId: a.client.id,
        changes: { maxChannels: 50 },
        actor: bActor,
      }),
  ],
  [
    "create a key for A's channel",
    () => createChannelApiKey(ownerScope(bId), { channelId: a.channel.id, actor: bActor }),
  ],
  [
    "revoke A's partner key",
    () => revokeApiKey(ownerScope(bId), { keyId: a.partnerKey.key.id, actor: bActor }),
  ],
  [
    "revoke A's channel key",
    () =>
      revokeApiKey(ownerScope(bId), {
        keyId: a.channelKey.key.id,
        channelId: a.channel.id,
        actor: bActor,
      }),
  ],
  [
    "promote A's member",
    () => changeMemberRole(ownerScope(bId), { userId: a.member.id, role: "owner", actor: bActor }),
  ],
  [
    "remove A's member",
    () => removeMember(ownerScope(bId), { userId: a.member.id, actor: bActor }),
  ],
];

describe("tenancy matrix: partner B on partner A's data", () => {
  it.each(readers)("%s gives nothing", async (_name, read, expected) => {
    expect(await read()).toEqual(expected);
  });

  it("A itself gets the data those reads refuse to B (the matrix is not empty)", async () => {
    const own = ownerScope(a.partner.id);
    const on = { channelId: a.channel.id };
    expect(await countConversations(own, on)).toBe(1);
    expect(
      (
        await listChannelMessages(own, {
          ...on,
          conversation: a.customer,
          limit: 20,
          descending: true,
        })
      )?.messages,
    ).toHaveLength(1);
    const events = await loadChannelEvents(own, on);
    expect(events.events.map((e) => e.id)).toContain(a.eventId);
    expect(events.lifecycle.map((e) => e.event)).toEqual(["ACCOUNT_OFFBOARDED"]);
    expect(
      (await listOnboardingSessionPage(ownerScope(a.partner.id), { query: query({}) })).total,
    ).toBe(1);
  });

  it.each(writers)("%s is not found and changes nothing", async (_name, write) => {
    const before = await snapshot(a);
    await expect(write()).rejects.toMatchObject({ code: "not_found" });
    expect(await snapshot(a)).toEqual(before);
  });
});

/**
 * The client-user rows of the matrix: a user pinned to one client of partner A (its scope as the
 * session builds it) reads and writes its own client's rows, and gets nothing or not found on
 * the partner's other client and on another partner's client. Each row runs for both foreign
 * targets; "own" rows show the same calls answer for the user's own client.
 */
type Target = {
  partnerId: string;
  clientId: string;
  channelId: string;
  contactId: string;
  notificationId: string;
  customer: string;
};
type ClientSide = {
  scope: Scope;
  userId: string;
  own: Target;
  sameOther: Target;
  otherPartner: Target;
};

async function clientWithConversation(partnerId: string, overrides: { partnerPayload?: string }) {
  const client = await createClient(partnerId, {
    name: "Portal Client",
    maxChannels: 2,
    ...overrides,
  });
  const channel = await createChannel(partnerId, client.id, { verifiedName: "Portal" });
  const ids = {
    wabaId: channel.wabaId,
    phoneNumberId: channel.phoneNumberId,
    displayPhoneNumber: channel.displayPhoneNumber,
  };
  const customer = `44771${String(Math.floor(Math.random() * 1e6)).padStart(6, "0")}`;
  await deliver(
    envelope(ids.wabaId, [
      customerText(ids, {
        wamid: `wamid.p.${channel.id}`,
        from: customer,
        ts: Math.floor(Date.now() / 1000),
        body: "hello portal",
      }),
    ]),
  );
  const { rows } = await listConversations(ownerScope(partnerId), { channelId: channel.id });
  const [notification] = await getDb()
    .insert(healthNotifications)
    .values({
      partnerId,
      channelId: channel.id,
      warningId: "app_inactivity",
      severity: "warning",
      occurrence: `app_inactivity:warning:${channel.id}`,
      title: "Open the app",
      message: "The business has not used the app lately.",
      since: new Date(),
    })
    .returning();
  return {
    partnerId,
    clientId: client.id,
    channelId: channel.id,
    contactId: rows[0]!.contactId,
    customer,
    notificationId: notification!.id,
  };
}

let c: ClientSide;

describe("tenancy matrix: a client user on its partner's other clients and on other partners", () => {
  beforeAll(async () => {
    const partner = await createPartner();
    const owner = await createUser(partner.id, "owner");
    const own = await clientWithConversation(partner.id, { partnerPayload: `own-${partner.id}` });
    const sameOther = await clientWithConversation(partner.id, {});
    const other = await createPartner();
    const otherPartner = await clientWithConversation(other.id, {});
    // The owner invites the client user from the client's page (the same lib call).
    const invited = await inviteMember(ownerScope(partner.id), {
      email: `portal-${partner.id}@example.test`,
      role: "client",
      clientId: own.clientId,
      actor: userActor({ userId: owner.id, email: owner.email }),
    });
    const scope = scopeOfMembership({
      partnerId: partner.id,
      role: invited.member.role,
      clientId: invited.member.clientId,
    });
    c = { scope: scope!, userId: invited.member.userId, own, sameOther, otherPartner };
  });

  const foreign = [
    ["the partner's other client", () => c.sameOther],
    ["another partner's client", () => c.otherPartner],
  ] as const;

  const reads: [string, (t: Target) => Promise<unknown>, unknown][] = [
    ["channel page", (t) => getChannelById(c.scope, { channelId: t.channelId }), null],
    [
      "channels list filtered by the client",
      async (t) => (await listChannels(c.scope, { query: query({ client_id: t.clientId }) })).total,
      0,
    ],
    [
      "channels list (and its CSV export)",
      async (t) =>
        (await listChannels(c.scope, { query: query({}) })).channels.some(
          (ch) => ch.id === t.channelId,
        ),
      false,
    ],
    [
      "inbox and Chats tab",
      async (t) => {
        const { rows } = await listConversations(c.scope, { channelId: t.channelId });
        const total = await countConversations(c.scope, { channelId: t.channelId });
        return { rows, total };
      },
      { rows: [], total: 0 },
    ],
    [
      "conversation header",
      (t) => getConversation(c.scope, { channelId: t.channelId, contactId: t.contactId }),
      null,
    ],
    [
      "timeline",
      (t) => listTimeline(c.scope, { channelId: t.channelId, contactId: t.contactId }),
      null,
    ],
    [
      "composer state",
      (t) => codeOf(getComposerState(c.scope, { channelId: t.channelId, waId: "447700900000" })),
      "not_found",
    ],
    [
      "composer's customer address",
      (t) => codeOf(getContactAddress(c.scope, { channelId: t.channelId, contactId: t.contactId })),
      "not_found",
    ],
    [
      "templates of the channel",
      (t) => codeOf(listChannelTemplates(c.scope, { channelId: t.channelId })),
      "not_found",
    ],
    [
      "channel costs CSV",
      (t) => codeOf(exportChannelCostsCsv(c.scope, { channelId: t.channelId })),
      "not_found",
    ],
    [
      "conversation cost panel",
      (t) =>
        codeOf(getConversationCosts(c.scope, { channelId: t.channelId, contactId: t.contactId })),
      "not_found",
    ],
    [
      "costs CSV (no channel)",
      async (t) =>
        (await exportPartnerCostsCsv(c.scope, { from: "2000-01-01", to: "2100-01-01" })).includes(
          t.channelId,
        ),
      false,
    ],
    [
      "costs page by channel",
      async (t) =>
        (await listChannelCostsInRange(c.scope, { from: "2000-01-01", to: "2100-01-01" })).some(
          (r) => r.channelId === t.channelId,
        ),
      false,
    ],
    [
      "costs page by day",
      async (t) => getCostBreakdown(c.scope, { channelId: t.channelId, groupBy: "day" }),
      [],
    ],
    [
      "notifications list",
      async (t) =>
        (await listNotifications(c.scope, { limit: 100 })).items.some(
          (n) => n.id === t.notificationId,
        ),
      false,
    ],
  ];

  const writes: [
    string,
    (t: Target & { notificationId: string; customer: string }) => Promise<unknown>,
  ][] = [
    [
      "acknowledge a health warning",
      (t) =>
        recordAcknowledgement(c.scope, {
          channelId: t.channelId,
          kind: "app_opened",
          userId: c.userId,
        }),
    ],
    ["mark a notification read", (t) => markNotificationRead(c.scope, { id: t.notificationId })],
    ["dismiss a notification", (t) => dismissNotification(c.scope, { id: t.notificationId })],
    [
      "send from the composer",
      (t) =>
        sendChatMessage(c.scope, {
          channelId: t.channelId,
          body: { to: t.customer, type: "text", text: { body: "not yours" } },
          dryRun: true,
          sentBy: { kind: "user", userId: c.userId },
        }),
    ],
    [
      "delete a template",
      (t) => deleteChannelTemplate(c.scope, { channelId: t.channelId, name: "anything" }),
    ],
  ];

  for (const [where, target] of foreign) {
    it.each(reads)(`%s gives nothing on ${where}`, async (_name, read, expected) => {
      expect(await read(target())).toEqual(expected);
    });

    it.each(writes)(`%s is not found on ${where}`, async (_name, write) => {
      const t = target();
      // What a user's write could change on it: whether it was read. (Its resolution is the
      // health evaluation's, which may run meanwhile: a delivery's coalesced refresh.)
      const readAtOf = () =>
        getDb()
          .select({ readAt: healthNotifications.readAt })
          .from(healthNotifications)
          .where(eq(healthNotifications.id, t.notificationId));
      const before = await readAtOf();
      await expect(write(t)).rejects.toMatchObject({ code: "not_found" });
      expect(await readAtOf()).toEqual(before);
    });
  }

  it("the same reads answer for the user's own client", async () => {
    const t = c.own;
    expect((await getChannelById(c.scope, { channelId: t.channelId }))?.id).toBe(t.channelId);
    const listed = await listChannels(c.scope, { query: query({}) });
    expect(listed.channels.map((ch) => ch.id)).toEqual([t.channelId]);
    expect(await countConversations(c.scope, { channelId: t.channelId })).toBe(1);
    expect(
      await getConversation(c.scope, { channelId: t.channelId, contactId: t.contactId }),
    ).not.toBeNull();
    expect(
      await getContactAddress(c.scope, { channelId: t.channelId, contactId: t.contactId }),
    ).toBe(t.customer);
    const notifications = await listNotifications(c.scope, { limit: 100 });
    // Its own notification, and whatever the health evaluation raised on its channel after the
    // webhook (e.g. companions_unlinked): nothing of another channel.
    expect(notifications.items.map((n) => n.id)).toContain(t.notificationId);
    expect(new Set(notifications.items.map((n) => n.channelId))).toEqual(new Set([t.channelId]));
    expect(await countUnreadNotifications(c.scope)).toBe(notifications.items.length);
    await expect(exportChannelCostsCsv(c.scope, { channelId: t.channelId })).resolves.toContain(
      "message_id",
    );
    expect(
      (await listChannelCostsInRange(c.scope, { from: "2000-01-01", to: "2100-01-01" })).map(
        (r) => r.channelId,
      ),
    ).toEqual([t.channelId]);
  });

  it("the same writes work on the user's own client, and reach nobody else's rows", async () => {
    const t = c.own;
    await markAllNotificationsRead(c.scope);
    const unread = async (id: string) =>
      (
        await getDb()
          .select({ readAt: healthNotifications.readAt })
          .from(healthNotifications)
          .where(eq(healthNotifications.id, id))
      )[0]!.readAt === null;
    expect(await unread(t.notificationId)).toBe(false);
    expect(await unread(c.sameOther.notificationId)).toBe(true);
    expect(await unread(c.otherPartner.notificationId)).toBe(true);
    await expect(dismissNotification(c.scope, { id: t.notificationId })).resolves.toMatchObject({
      id: t.notificationId,
    });
    await expect(
      recordAcknowledgement(c.scope, {
        channelId: t.channelId,
        kind: "app_opened",
        userId: c.userId,
      }),
    ).resolves.toMatchObject({ channelId: t.channelId });
  });

  it("connects another number of its own within max_channels, then is refused", async () => {
    const scope = c.scope as ClientScope;
    expect(await getClientAllowance(scope)).toMatchObject({ channels: 1, maxChannels: 2 });
    const { url } = await createClientOnboardingLink(scope);
    expect(new URL(url).searchParams.get("partner")).toBe(`own-${scope.partnerId}`);
    await createChannel(scope.partnerId, scope.clientId, { verifiedName: "Second" });
    await expect(createClientOnboardingLink(scope)).rejects.toMatchObject({
      code: "conflict",
    });
  });

  it("partner-only entry points refuse the client user as not found", () => {
    expect(() => requirePartnerScope(c.scope)).toThrow(
      expect.objectContaining({ code: "not_found" }),
    );
    expect(requirePartnerScope(keyScope(c.scope.partnerId)).role).toBe("api_key");
  });
});
