import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { rowsOf } from "@/db/client";
import {
  channels,
  clients,
  contacts,
  messageCosts,
  messages,
  onboardingSessions,
  partners,
} from "@/db/schema";
import { createUser } from "@/db/testing/factories";
import { type CallOptions, callRoute } from "@/lib/api/testing";
import { ownerScope } from "@/lib/auth/testing";
import { encodeCursor } from "@/lib/chats/rows";
import { repriceChannel } from "@/lib/costs/store";
import { getEnv } from "@/lib/env";
import { processBatch } from "@/lib/ingest/pipeline/process-batch";
import { channelWithPartner, deliver, storeReceivedAt } from "@/lib/ingest/testing/harness";
import {
  customerMessage,
  customerText,
  echoText,
  envelope,
  historyChunk,
  statuses,
} from "@/lib/ingest/testing/meta-payloads";
import { checkLinkSignature, signLink } from "@/lib/onboarding/links";
import { userActor } from "@/lib/partners/actor";
import { createPartnerApiKey, revokeApiKey } from "@/lib/partners/api-keys";
import { rotatePartnerSecret } from "@/lib/partners/settings";
import * as messagesRoute from "./[partner_id]/channels/[channel_id]/conversations/[conversation]/messages/route";
import * as conversationsRoute from "./[partner_id]/channels/[channel_id]/conversations/route";
import * as channelCostsRoute from "./[partner_id]/channels/[channel_id]/costs/route";
import * as clientCostsRoute from "./[partner_id]/clients/[client_id]/costs/route";
import * as costsRoute from "./[partner_id]/costs/route";
import * as linksRoute from "./[partner_id]/onboarding_links/route";
import * as sessionsRoute from "./[partner_id]/onboarding_sessions/route";

/**
 * Contract of the Partner API's own endpoints (conversations, keyset messages, channel and client
 * costs, onboarding sessions, the link builder): status and full body, through the real route
 * handlers, on data that arrived through the real webhook route.
 */
const NOW = Math.floor(Date.now() / 1000);
const H = 3600;
const iso = (seconds: number) => new Date(seconds * 1000).toISOString();

type Route = Parameters<typeof callRoute>[0];
const asRoute = (handler: unknown) => handler as Route;

async function createTenant() {
  const { partner, client, channel, ids } = await channelWithPartner(
    `1555${Math.floor(Math.random() * 1e7)}`,
  );
  await getDb()
    .update(channels)
    .set({ onboardedAt: new Date((NOW - 10 * 24 * H) * 1000) })
    .where(eq(channels.id, channel.id));
  const owner = await createUser(partner.id, "owner");
  const actor = userActor({ userId: owner.id, email: owner.email });
  const key = await createPartnerApiKey(ownerScope(partner.id), { name: "CRM", actor });
  const rnd = () => String(Math.floor(Math.random() * 1e8)).padStart(8, "0");
  const wa = { ana: `55119${rnd()}`, bruno: `55219${rnd()}`, carla: `55319${rnd()}` };
  const w = (name: string) => `wamid.${name}.${channel.id}`;
  const t = {
    m1: NOW - 5 * H,
    m2: NOW - 4 * H,
    m3: NOW - 3 * H,
    m4: NOW - 2 * H,
    m5: NOW - 1 * H,
    bruno: NOW - 30 * H,
    carla: NOW - 50 * H,
  };
  await deliver(
    envelope(ids.wabaId, [
      customerText(ids, {
        wamid: w("c1"),
        from: wa.carla,
        ts: t.carla,
        body: "hi",
        name: "Carla Dias",
      }),
      customerText(ids, {
        wamid: w("b1"),
        from: wa.bruno,
        ts: t.bruno,
        body: "hello",
        name: "Bruno Reis",
      }),
      echoText(ids, { wamid: w("b2"), to: wa.bruno, ts: t.bruno + H, body: "hi Bruno" }),
      customerText(ids, {
        wamid: w("m1"),
        from: wa.ana,
        ts: t.m1,
        body: "Do you deliver to Leeds?",
        name: "Ana Lima",
      }),
      echoText(ids, { wamid: w("m2"), to: wa.ana, ts: t.m2, body: "Yes, on Tuesdays" }),
      customerMessage(
        ids,
        wa.ana,
        {
          id: w("m3"),
          timestamp: String(t.m3),
          type: "image",
          image: { id: "media-1", mime_type: "image/jpeg", sha256: "x", caption: "this one" },
        },
        "Ana Lima",
      ),
    ]),
  );
  // An API send as the Messaging API stores it, then Meta's statuses with pricing.
  const [ana] = await getDb()
    .select()
    .from(contacts)
    .where(sql`${contacts.channelId} = ${channel.id} and ${contacts.waId} = ${wa.ana}`);
  await getDb()
    .insert(messages)
    .values({
      partnerId: partner.id,
      channelId: channel.id,
      contactId: ana!.id,
      wamid: w("m4"),
      origin: "api",
      direction: "outbound",
      type: "template",
      text: "Your order is on its way",
      templateName: "order_update",
      templateCategory: "marketing",
      sentAt: new Date(t.m4 * 1000),
      status: "pending",
      customerWaId: wa.ana,
    });
  await deliver(
    envelope(ids.wabaId, [
      statuses(ids, [
        { wamid: w("m4"), status: "sent", ts: t.m4, to: wa.ana, pricing: true },
        { wamid: w("m4"), status: "delivered", ts: t.m4 + 5, to: wa.ana, pricing: true },
      ]),
      customerMessage(
        ids,
        wa.ana,
        {
          id: w("m5"),
          timestamp: String(t.m5),
          type: "text",
          text: { body: "Thanks!" },
          context: { from: ids.displayPhoneNumber, id: w("m4") },
        },
        "Ana Lima",
      ),
    ]),
  );
  await repriceChannel({ partnerId: partner.id, channelId: channel.id });
  const ids2 = await getDb()
    .select({ id: messages.id, wamid: messages.wamid })
    .from(messages)
    .where(eq(messages.channelId, channel.id));
  const idOf = (name: string) => ids2.find((m) => m.wamid === w(name))!.id;
  const contactRows = await getDb()
    .select()
    .from(contacts)
    .where(eq(contacts.channelId, channel.id));
  const contactOf = (waId: string) => contactRows.find((c) => c.waId === waId)!.id;
  return { partner, client, channel, ids, actor, key: key.secret, wa, w, t, idOf, contactOf };
}

type Tenant = Awaited<ReturnType<typeof createTenant>>;
let a: Tenant;
let b: Tenant;
let revokedKey: string;

beforeAll(async () => {
  a = await createTenant();
  b = await createTenant();
  const revoked = await createPartnerApiKey(ownerScope(a.partner.id), {
    name: "old",
    actor: a.actor,
  });
  await revokeApiKey(ownerScope(a.partner.id), { keyId: revoked.key.id, actor: a.actor });
  revokedKey = revoked.secret;
}, 60_000);

async function cursorOf(messageId: string) {
  const [row] = rowsOf<{ epoch: string; arrival: string; seq: string }>(
    await getDb().execute(
      sql`select extract(epoch from sent_at)::text as epoch,
        extract(epoch from arrived_at)::text as arrival, seq from messages where id = ${messageId}`,
    ),
  );
  return encodeCursor(row!.epoch, row!.arrival, row!.seq);
}

const filters = (value: unknown) => `filters=${encodeURIComponent(JSON.stringify(value))}`;
const err = (code: string, message: string) => ({ error: { code, message } });
const unprocessable = (details: { path: string; message: string }[]) => ({
  error: { code: "unprocessable", message: "The request is not valid.", details },
});

// ---- expected bodies -------------------------------------------------------------------------

function conversation(t: Tenant, who: "ana" | "bruno" | "carla") {
  const base = {
    contact_id: t.contactOf(t.wa[who]),
    channel_id: t.channel.id,
    wa_id: t.wa[who],
    user_id: null,
    username: null,
  };
  if (who === "ana") {
    return {
      ...base,
      name: "Ana Lima",
      last_live_message_at: iso(t.t.m5),
      last_message: {
        id: t.idOf("m5"),
        origin: "customer",
        type: "text",
        text: "Thanks!",
        timestamp: iso(t.t.m5),
        status: null,
        revoked: false,
      },
      window: { open: true, closes_at: iso(t.t.m5 + 24 * H), closed_at: null },
      unread: true,
    };
  }
  if (who === "bruno") {
    return {
      ...base,
      name: "Bruno Reis",
      last_live_message_at: iso(t.t.bruno + H),
      last_message: {
        id: t.idOf("b2"),
        origin: "app",
        type: "text",
        text: "hi Bruno",
        timestamp: iso(t.t.bruno + H),
        status: null,
        revoked: false,
      },
      window: { open: false, closes_at: null, closed_at: iso(t.t.bruno + 24 * H) },
      unread: false,
    };
  }
  return {
    ...base,
    name: "Carla Dias",
    last_live_message_at: iso(t.t.carla),
    last_message: {
      id: t.idOf("c1"),
      origin: "customer",
      type: "text",
      text: "hi",
      timestamp: iso(t.t.carla),
      status: null,
      revoked: false,
    },
    window: { open: false, closes_at: null, closed_at: iso(t.t.carla + 24 * H) },
    unread: true,
  };
}

const noContext = { reply_to_wamid: null, referral: null, template: null };

async function message(t: Tenant, name: "m1" | "m2" | "m3" | "m4" | "m5") {
  const id = t.idOf(name);
  const [row] = await getDb().select().from(messages).where(eq(messages.id, id));
  const common = {
    id,
    wamid: t.w(name),
    cursor: await cursorOf(id),
    failure_reason: null,
    edited: false,
    edited_at: null,
    revoked: false,
    revoked_at: null,
    timestamp: iso(t.t[name]),
    received_at: row!.arrivedAt.toISOString(),
    // Every seeded customer has a number and no BSUID yet.
    wa_id: row!.customerWaId,
    user_id: null,
    username: null,
  };
  const inbound = {
    origin: "customer",
    direction: "inbound",
    status: null,
    status_at: null,
    cost: null,
  };
  switch (name) {
    case "m1":
      return {
        ...common,
        ...inbound,
        type: "text",
        text: "Do you deliver to Leeds?",
        media: null,
        context: noContext,
      };
    case "m2":
      // An echo: typed in the app, free whatever the window.
      return {
        ...common,
        origin: "app",
        direction: "outbound",
        type: "text",
        status: null,
        status_at: null,
        text: "Yes, on Tuesdays",
        media: null,
        context: noContext,
        cost: {
          charged: false,
          category: "service",
          amount: null,
          amount_micros: null,
          currency: null,
          reason: "free: sent from the app",
          free_because: "app",
        },
      };
    case "m3":
      return {
        ...common,
        ...inbound,
        type: "image",
        text: "this one",
        media: { kind: "image", caption: "this one", mime_type: "image/jpeg", filename: null },
        context: noContext,
      };
    case "m4": {
      const [cost] = await getDb()
        .select()
        .from(messageCosts)
        .where(eq(messageCosts.messageId, id));
      return {
        ...common,
        origin: "api",
        direction: "outbound",
        type: "template",
        status: "delivered",
        status_at: iso(t.t.m4 + 5),
        text: "Your order is on its way",
        media: null,
        context: {
          reply_to_wamid: null,
          referral: null,
          template: { name: "order_update", category: "marketing" },
        },
        cost: {
          charged: true,
          category: "marketing",
          amount: expect.stringMatching(/^0\.\d+$/),
          amount_micros: cost!.amountMicros,
          currency: "USD",
          reason: cost!.reason,
          free_because: null,
        },
      };
    }
    case "m5":
      return {
        ...common,
        ...inbound,
        type: "text",
        text: "Thanks!",
        media: null,
        context: { reply_to_wamid: t.w("m4"), referral: null, template: null },
      };
  }
}

// ---- the cases ------------------------------------------------------------------------------

type Case = {
  name: string;
  route: () => Route;
  request: () => CallOptions & { key?: string | null };
  status: number;
  body: () => unknown | Promise<unknown>;
};

const conversations =
  (query = "", t = () => a, channel = () => a.channel.id) =>
  () => ({
    path: `/api/v2/partners/${t().partner.id}/channels/${channel()}/conversations?${query}`,
    params: { partner_id: t().partner.id, channel_id: channel() },
    key: t().key,
  });

const messagesOf =
  (query: () => string, waId = () => a.wa.ana, channel = () => a.channel.id) =>
  () => ({
    path: `/api/v2/partners/${a.partner.id}/channels/${channel()}/conversations/${waId()}/messages?${query()}`,
    params: { partner_id: a.partner.id, channel_id: channel(), conversation: waId() },
  });

const list = (items: string, body: Record<string, unknown>) => ({
  limit: 20,
  offset: 0,
  filters: {},
  ...body,
  [items]: body[items],
});

const page = async (
  names: ("m1" | "m2" | "m3" | "m4" | "m5")[],
  extra: {
    limit?: number;
    sort?: string;
    filters?: object;
    before?: string | null;
    after?: string | null;
    next?: string | null;
  },
) => ({
  count: names.length,
  limit: extra.limit ?? 20,
  sort: extra.sort ?? "-timestamp",
  filters: extra.filters ?? {},
  before: extra.before ?? null,
  after: extra.after ?? null,
  next_cursor: extra.next ?? null,
  messages: await Promise.all(names.map((n) => message(a, n))),
});

const conversationCases: Case[] = [
  {
    name: "conversations, latest live message first",
    route: () => asRoute(conversationsRoute.GET),
    request: conversations(),
    status: 200,
    body: () =>
      list("conversations", {
        count: 3,
        total: 3,
        sort: "-last_live_message_at",
        conversations: [conversation(a, "ana"), conversation(a, "bruno"), conversation(a, "carla")],
      }),
  },
  {
    name: "conversations by name, second page",
    route: () => asRoute(conversationsRoute.GET),
    request: conversations("sort=name&limit=2&offset=2"),
    status: 200,
    body: () =>
      list("conversations", {
        count: 1,
        total: 3,
        limit: 2,
        offset: 2,
        sort: "name",
        conversations: [conversation(a, "carla")],
      }),
  },
  {
    name: "conversations with an open window",
    route: () => asRoute(conversationsRoute.GET),
    request: conversations(filters({ window_open: true })),
    status: 200,
    body: () =>
      list("conversations", {
        count: 1,
        total: 1,
        filters: { window_open: true },
        sort: "-last_live_message_at",
        conversations: [conversation(a, "ana")],
      }),
  },
  {
    name: "unread conversations with a closed window, oldest first",
    route: () => asRoute(conversationsRoute.GET),
    request: conversations(
      `sort=last_live_message_at&${filters({ window_open: false, unread: true })}`,
    ),
    status: 200,
    body: () =>
      list("conversations", {
        count: 1,
        total: 1,
        filters: { window_open: false, unread: true },
        sort: "last_live_message_at",
        conversations: [conversation(a, "carla")],
      }),
  },
  {
    name: "conversations whose last message came from the app",
    route: () => asRoute(conversationsRoute.GET),
    request: conversations(filters({ origin: "app" })),
    status: 200,
    body: () =>
      list("conversations", {
        count: 1,
        total: 1,
        filters: { origin: "app" },
        sort: "-last_live_message_at",
        conversations: [conversation(a, "bruno")],
      }),
  },
  {
    name: "conversations searched by a word of a message",
    route: () => asRoute(conversationsRoute.GET),
    request: conversations(filters({ search: "leeds" })),
    status: 200,
    body: () =>
      list("conversations", {
        count: 1,
        total: 1,
        filters: { search: "leeds" },
        sort: "-last_live_message_at",
        conversations: [conversation(a, "ana")],
      }),
  },
  {
    name: "an unknown conversation filter is a 422",
    route: () => asRoute(conversationsRoute.GET),
    request: conversations(filters({ q: "ana" })),
    status: 422,
    body: () => unprocessable([{ path: "filters", message: 'Unrecognized key: "q"' }]),
  },
  {
    name: "a conversation filter of the wrong type is a 422",
    route: () => asRoute(conversationsRoute.GET),
    request: conversations(filters({ unread: "yes" })),
    status: 422,
    body: () =>
      unprocessable([
        { path: "filters.unread", message: "Invalid input: expected boolean, received string" },
      ]),
  },
  {
    name: "another partner's channel's conversations: 404",
    route: () => asRoute(conversationsRoute.GET),
    request: conversations(
      "",
      () => a,
      () => b.channel.id,
    ),
    status: 404,
    body: () => err("not_found", "Channel not found."),
  },
  {
    name: "another partner's key on this partner's conversations: 404",
    route: () => asRoute(conversationsRoute.GET),
    request: () => ({ ...conversations()(), key: b.key }),
    status: 404,
    body: () => err("not_found", "Partner not found."),
  },
  {
    name: "a revoked key on conversations: 401",
    route: () => asRoute(conversationsRoute.GET),
    request: () => ({ ...conversations()(), key: revokedKey }),
    status: 401,
    body: () => err("unauthorized", "A valid partner key is required in the X-API-Key header."),
  },
];

const messageCases: Case[] = [
  {
    name: "messages, newest first",
    route: () => asRoute(messagesRoute.GET),
    request: messagesOf(() => ""),
    status: 200,
    body: () => page(["m5", "m4", "m3", "m2", "m1"], {}),
  },
  {
    name: "messages, the first page of two gives the next cursor",
    route: () => asRoute(messagesRoute.GET),
    request: messagesOf(() => "limit=2"),
    status: 200,
    body: async () => page(["m5", "m4"], { limit: 2, next: await cursorOf(a.idOf("m4")) }),
  },
  {
    name: "messages before a cursor: the next older page",
    route: () => asRoute(messagesRoute.GET),
    request: messagesOf(() => `limit=2&before=${cursors.m4}`),
    status: 200,
    body: async () =>
      page(["m3", "m2"], { limit: 2, before: cursors.m4, next: await cursorOf(a.idOf("m2")) }),
  },
  {
    name: "messages before the second oldest: the last page, no next cursor",
    route: () => asRoute(messagesRoute.GET),
    request: messagesOf(() => `limit=2&before=${cursors.m2}`),
    status: 200,
    body: () => page(["m1"], { limit: 2, before: cursors.m2 }),
  },
  {
    name: "messages oldest first, after a cursor",
    route: () => asRoute(messagesRoute.GET),
    request: messagesOf(() => `sort=timestamp&limit=2&after=${cursors.m2}`),
    status: 200,
    body: async () =>
      page(["m3", "m4"], {
        limit: 2,
        sort: "timestamp",
        after: cursors.m2,
        next: await cursorOf(a.idOf("m4")),
      }),
  },
  {
    name: "messages between two cursors",
    route: () => asRoute(messagesRoute.GET),
    request: messagesOf(() => `after=${cursors.m2}&before=${cursors.m5}`),
    status: 200,
    body: () => page(["m4", "m3"], { after: cursors.m2, before: cursors.m5 }),
  },
  {
    name: "messages filtered by origin",
    route: () => asRoute(messagesRoute.GET),
    request: messagesOf(() => filters({ origin: "customer" })),
    status: 200,
    body: () => page(["m5", "m3", "m1"], { filters: { origin: "customer" } }),
  },
  {
    name: "messages filtered by direction and status",
    route: () => asRoute(messagesRoute.GET),
    request: messagesOf(() => filters({ direction: "outbound", status: "delivered" })),
    status: 200,
    body: () => page(["m4"], { filters: { direction: "outbound", status: "delivered" } }),
  },
  {
    name: "an unknown message filter is a 422",
    route: () => asRoute(messagesRoute.GET),
    request: messagesOf(() => filters({ text: "hi" })),
    status: 422,
    body: () => unprocessable([{ path: "filters", message: 'Unrecognized key: "text"' }]),
  },
  {
    name: "a cursor this API did not make is a 422",
    route: () => asRoute(messagesRoute.GET),
    request: messagesOf(() => "before=abc"),
    status: 422,
    body: () => unprocessable([{ path: "before", message: "Not a cursor from this API" }]),
  },
  {
    name: "an unknown query parameter (a typo of before) is a 422",
    route: () => asRoute(messagesRoute.GET),
    request: messagesOf(() => `befor=${cursors.m4}`),
    status: 422,
    body: () => unprocessable([{ path: "", message: 'Unrecognized key: "befor"' }]),
  },
  {
    name: "a limit of 0 and an unknown sort are a 422",
    route: () => asRoute(messagesRoute.GET),
    request: messagesOf(() => "limit=0&sort=-id"),
    status: 422,
    body: () =>
      unprocessable([
        { path: "limit", message: "Too small: expected number to be >=1" },
        { path: "sort", message: 'Invalid option: expected one of "-timestamp"|"timestamp"' },
      ]),
  },
  {
    name: "a number with no conversation on the channel: 404",
    route: () => asRoute(messagesRoute.GET),
    request: messagesOf(
      () => "",
      () => "5511000000000",
    ),
    status: 404,
    body: () => err("not_found", "Conversation not found."),
  },
  {
    name: "another partner's customer through this partner's channel: 404",
    route: () => asRoute(messagesRoute.GET),
    request: messagesOf(
      () => "",
      () => b.wa.ana,
    ),
    status: 404,
    body: () => err("not_found", "Conversation not found."),
  },
  {
    name: "another partner's channel's messages: 404",
    route: () => asRoute(messagesRoute.GET),
    request: messagesOf(
      () => "",
      () => b.wa.ana,
      () => b.channel.id,
    ),
    status: 404,
    body: () => err("not_found", "Channel not found."),
  },
  {
    name: "messages without a key: 401",
    route: () => asRoute(messagesRoute.GET),
    request: () => ({ ...messagesOf(() => "")(), key: null }),
    status: 401,
    body: () => err("unauthorized", "A valid partner key is required in the X-API-Key header."),
  },
];

const costCases: Case[] = [
  {
    name: "channel costs by day match the partner report for that channel",
    route: () => asRoute(channelCostsRoute.GET),
    request: () => ({
      path: `/api/v2/partners/${a.partner.id}/channels/${a.channel.id}/costs?group_by=day`,
      params: { partner_id: a.partner.id, channel_id: a.channel.id },
    }),
    status: 200,
    body: async () => {
      const report = await call(costsRoute.GET, {
        path: `/api/v2/partners/${a.partner.id}/costs?group_by=day&channel_id=${a.channel.id}`,
        params: { partner_id: a.partner.id },
      });
      // The day of the template send: its marketing charge (the echoes' days are free).
      expect((report.body as { periods: unknown[] }).periods).toContainEqual(
        expect.objectContaining({
          period: iso(a.t.m4).slice(0, 10),
          charged: 1,
          by_category: expect.objectContaining({
            marketing: expect.objectContaining({ charged: 1 }),
          }),
        }),
      );
      return report.body;
    },
  },
  {
    name: "client costs by month over a period match the partner report for that client",
    route: () => asRoute(clientCostsRoute.GET),
    request: () => ({
      path: `/api/v2/partners/${a.partner.id}/clients/${a.client.id}/costs?from=2026-01-01&to=2027-01-01`,
      params: { partner_id: a.partner.id, client_id: a.client.id },
    }),
    status: 200,
    body: async () =>
      (
        await call(costsRoute.GET, {
          path: `/api/v2/partners/${a.partner.id}/costs?from=2026-01-01&to=2027-01-01&client_id=${a.client.id}`,
          params: { partner_id: a.partner.id },
        })
      ).body,
  },
  {
    name: "channel costs naming another channel in the query: 422",
    route: () => asRoute(channelCostsRoute.GET),
    request: () => ({
      path: `/api/v2/partners/${a.partner.id}/channels/${a.channel.id}/costs?channel_id=${b.channel.id}&group_by=week`,
      params: { partner_id: a.partner.id, channel_id: a.channel.id },
    }),
    status: 422,
    body: () =>
      unprocessable([
        { path: "group_by", message: 'Invalid option: expected one of "day"|"month"' },
        { path: "", message: 'Unrecognized key: "channel_id"' },
      ]),
  },
  {
    name: "another partner's channel's costs: 404",
    route: () => asRoute(channelCostsRoute.GET),
    request: () => ({
      path: `/api/v2/partners/${a.partner.id}/channels/${b.channel.id}/costs`,
      params: { partner_id: a.partner.id, channel_id: b.channel.id },
    }),
    status: 404,
    body: () => err("not_found", "Channel not found."),
  },
  {
    name: "another partner's client's costs: 404",
    route: () => asRoute(clientCostsRoute.GET),
    request: () => ({
      path: `/api/v2/partners/${a.partner.id}/clients/${b.client.id}/costs`,
      params: { partner_id: a.partner.id, client_id: b.client.id },
    }),
    status: 404,
    body: () => err("not_found", "Client not found."),
  },
  {
    name: "client costs with a revoked key: 401",
    route: () => asRoute(clientCostsRoute.GET),
    request: () => ({
      path: `/api/v2/partners/${a.partner.id}/clients/${a.client.id}/costs`,
      params: { partner_id: a.partner.id, client_id: a.client.id },
      key: revokedKey,
    }),
    status: 401,
    body: () => err("unauthorized", "A valid partner key is required in the X-API-Key header."),
  },
];

let cursors: Record<"m2" | "m4" | "m5", string>;

async function call(handler: unknown, options: CallOptions & { key?: string | null }) {
  const { key, headers, ...rest } = options;
  const sent = key === undefined ? a.key : key;
  return callRoute(asRoute(handler), {
    ...rest,
    headers: { ...headers, ...(sent ? { "x-api-key": sent } : {}) },
  });
}

describe("Partner API contract: conversations, messages and costs", () => {
  beforeAll(async () => {
    cursors = {
      m2: await cursorOf(a.idOf("m2")),
      m4: await cursorOf(a.idOf("m4")),
      m5: await cursorOf(a.idOf("m5")),
    };
  });

  it.each([...conversationCases, ...messageCases, ...costCases])(
    "$name",
    async ({ route, request, status, body }) => {
      const response = await call(route(), request());
      expect({ status: response.status, body: response.body }).toEqual({
        status,
        body: await body(),
      });
    },
  );

  it("a page is stable: a message arriving meanwhile never shifts the older pages", async () => {
    const first = await call(messagesRoute.GET, messagesOf(() => "limit=2")());
    const next = (first.body as { next_cursor: string }).next_cursor;
    await deliver(
      envelope(a.ids.wabaId, [
        customerText(a.ids, { wamid: a.w("late"), from: a.wa.ana, ts: NOW - 60, body: "one more" }),
      ]),
    );
    const second = await call(messagesRoute.GET, messagesOf(() => `limit=2&before=${next}`)());
    expect((second.body as { messages: { id: string }[] }).messages.map((m) => m.id)).toEqual([
      a.idOf("m3"),
      a.idOf("m2"),
    ]);
    const newest = await call(
      messagesRoute.GET,
      messagesOf(() => `sort=timestamp&after=${cursors.m5}`)(),
    );
    expect(newest.body).toMatchObject({
      count: 1,
      next_cursor: null,
      messages: [{ text: "one more" }],
    });
    await getDb()
      .delete(messages)
      .where(eq(messages.wamid, a.w("late")));
  });

  it("received_at is when the hub received the message, not when its row was stored", async () => {
    const t = await createTenant();
    const dora = `55419${String(Math.floor(Math.random() * 1e8)).padStart(8, "0")}`;
    // A live message whose webhook event waited an hour for a worker (a backlog) to write its row.
    const receivedAt = (NOW - H) * 1000 + 250;
    const id = await storeReceivedAt(
      envelope(t.ids.wabaId, [
        customerText(t.ids, {
          wamid: t.w("d2"),
          from: dora,
          ts: NOW - H - 1,
          body: "still there?",
        }),
      ]),
      receivedAt,
    );
    const processed = await processBatch({ ids: [id], limit: 1, outcomes: ["pending"] });
    expect(processed.events.map((e) => e.outcome)).toEqual(["processed"]);
    // Imported history, months older than the import that stores it.
    const sentAt = NOW - 90 * 24 * H;
    await deliver(
      envelope(t.ids.wabaId, [
        historyChunk(t.ids, {
          phase: 0,
          chunkOrder: 1,
          progress: 100,
          messages: [{ wamid: t.w("d1"), customer: dora, outbound: false, ts: sentAt, body: "hi" }],
        }),
      ]),
    );
    const stored = await getDb()
      .select({ wamid: messages.wamid, createdAt: messages.createdAt })
      .from(messages)
      .where(eq(messages.channelId, t.channel.id));
    // Both rows were written within the last minute: a received_at from created_at would show it.
    for (const name of ["d1", "d2"]) {
      const row = stored.find((m) => m.wamid === t.w(name));
      expect(row!.createdAt.getTime()).toBeGreaterThan(Date.now() - 60_000);
    }
    const response = await call(messagesRoute.GET, {
      path: `/api/v2/partners/${t.partner.id}/channels/${t.channel.id}/conversations/${dora}/messages?sort=timestamp`,
      params: { partner_id: t.partner.id, channel_id: t.channel.id, conversation: dora },
      key: t.key,
    });
    expect(response.status).toBe(200);
    expect(
      (response.body as { messages: { wamid: string; received_at: string }[] }).messages.map(
        (m) => ({ wamid: m.wamid, received_at: m.received_at }),
      ),
    ).toEqual([
      { wamid: t.w("d1"), received_at: iso(sentAt) },
      { wamid: t.w("d2"), received_at: new Date(receivedAt).toISOString() },
    ]);
  });
});

// ---- onboarding sessions and links ----------------------------------------------------------

const D = (day: number) => new Date(Date.UTC(2026, 1, day, 9));
const done = (day: number) => ({ status: "done" as const, at: D(day).toISOString() });

async function seedSessions(partnerId: string, clientId: string, channelId: string) {
  return getDb()
    .insert(onboardingSessions)
    .values([
      {
        partnerId,
        status: "completed",
        number: "5511987654321",
        country: "BR",
        email: "ana@example.test",
        name: "Ana",
        partnerPayload: "crm-1",
        state: "s1",
        clientId,
        channelId,
        steps: {
          exchange_token: done(1),
          subscribe_app: done(1),
          resolve_number: done(1),
          create_channel: done(1),
          request_contacts_sync: done(1),
          request_history_sync: done(1),
        },
        createdAt: D(1),
        popupOpenedAt: D(1),
        finishedAt: D(1),
        completedAt: D(1),
      },
      {
        partnerId,
        status: "cancelled",
        cancelStep: "WA_BUSINESS_INFO",
        createdAt: D(5),
        popupOpenedAt: D(5),
      },
      { partnerId, status: "ineligible", number: "2348012345678", country: "NG", createdAt: D(10) },
      {
        partnerId,
        status: "errored",
        errorMessage: "Something went wrong",
        errorId: "524126",
        createdAt: D(20),
        popupOpenedAt: D(20),
      },
    ])
    .returning();
}

type SessionRow = typeof onboardingSessions.$inferSelect;
let sessions: SessionRow[];
let slugOfA: string;

function sessionBody(s: SessionRow, reached: string, outcome: string) {
  const i = (d: Date | null) => (d ? d.toISOString() : null);
  return {
    id: s.id,
    status: s.status,
    outcome,
    current_step: s.cancelStep,
    reached_step: reached,
    number: s.number,
    country: s.country,
    email: s.email,
    name: s.name,
    partner_payload: s.partnerPayload,
    state: s.state,
    error_message: s.errorMessage,
    error_id: s.errorId,
    client_id: s.clientId,
    channel_id: s.channelId,
    created_at: i(s.createdAt),
    popup_opened_at: i(s.popupOpenedAt),
    finished_at: i(s.finishedAt),
    completed_at: i(s.completedAt),
  };
}
const completed = () => sessionBody(sessions[0]!, "request_history_sync", "completed");
const cancelled = () => sessionBody(sessions[1]!, "popup_opened", "cancelled");
const ineligible = () => sessionBody(sessions[2]!, "checklist", "ineligible");
const errored = () => sessionBody(sessions[3]!, "popup_opened", "failed");

const sessionsList =
  (query = "", key?: string | null) =>
  () => ({
    path: `/api/v2/partners/${a.partner.id}/onboarding_sessions?${query}`,
    params: { partner_id: a.partner.id },
    key,
  });
const envelopeOf = (body: Record<string, unknown>) => ({
  limit: 20,
  offset: 0,
  filters: {},
  sort: "-created_at",
  ...body,
});

const sessionCases: Case[] = [
  {
    name: "onboarding sessions, newest first; another partner's are not listed",
    route: () => asRoute(sessionsRoute.GET),
    request: sessionsList(),
    status: 200,
    body: () =>
      envelopeOf({
        count: 4,
        total: 4,
        onboarding_sessions: [errored(), ineligible(), cancelled(), completed()],
      }),
  },
  {
    name: "onboarding sessions sorted by creation, paginated",
    route: () => asRoute(sessionsRoute.GET),
    request: sessionsList("sort=created_at&limit=2&offset=1"),
    status: 200,
    body: () =>
      envelopeOf({
        count: 2,
        total: 4,
        limit: 2,
        offset: 1,
        sort: "created_at",
        onboarding_sessions: [cancelled(), ineligible()],
      }),
  },
  {
    name: "onboarding sessions that failed",
    route: () => asRoute(sessionsRoute.GET),
    request: sessionsList(filters({ outcome: "failed" })),
    status: 200,
    body: () =>
      envelopeOf({
        count: 1,
        total: 1,
        filters: { outcome: "failed" },
        onboarding_sessions: [errored()],
      }),
  },
  {
    name: "onboarding sessions cancelled at a step of Meta's popup",
    route: () => asRoute(sessionsRoute.GET),
    request: sessionsList(filters({ status: "cancelled", current_step: "WA_BUSINESS_INFO" })),
    status: 200,
    body: () =>
      envelopeOf({
        count: 1,
        total: 1,
        filters: { status: "cancelled", current_step: "WA_BUSINESS_INFO" },
        onboarding_sessions: [cancelled()],
      }),
  },
  {
    name: "onboarding sessions of a period (to exclusive)",
    route: () => asRoute(sessionsRoute.GET),
    request: sessionsList(filters({ from: "2026-02-05", to: "2026-02-10T09:00:00Z" })),
    status: 200,
    body: () =>
      envelopeOf({
        count: 1,
        total: 1,
        filters: { from: "2026-02-05", to: "2026-02-10T09:00:00Z" },
        onboarding_sessions: [cancelled()],
      }),
  },
  {
    name: "an unknown outcome is a 422",
    route: () => asRoute(sessionsRoute.GET),
    request: sessionsList(filters({ outcome: "lost" })),
    status: 422,
    body: () =>
      unprocessable([
        {
          path: "filters.outcome",
          message:
            'Invalid option: expected one of "completed"|"in_progress"|"cancelled"|"ineligible"|"failed"',
        },
      ]),
  },
  {
    name: "an unknown session filter and a bad date are a 422",
    route: () => asRoute(sessionsRoute.GET),
    request: sessionsList(filters({ step: "x", from: "last week" })),
    status: 422,
    body: () =>
      unprocessable([
        { path: "filters.from", message: "Invalid input" },
        { path: "filters", message: 'Unrecognized key: "step"' },
      ]),
  },
  {
    name: "another partner's key on this partner's sessions: 404",
    route: () => asRoute(sessionsRoute.GET),
    request: () => ({ ...sessionsList()(), key: b.key }),
    status: 404,
    body: () => err("not_found", "Partner not found."),
  },
  {
    name: "sessions with a revoked key: 401",
    route: () => asRoute(sessionsRoute.GET),
    request: () => sessionsList("", revokedKey)(),
    status: 401,
    body: () => err("unauthorized", "A valid partner key is required in the X-API-Key header."),
  },
];

const link =
  (body?: unknown, key?: string | null, t = () => a) =>
  () => ({
    method: "POST",
    path: `/api/v2/partners/${t().partner.id}/onboarding_links`,
    params: { partner_id: t().partner.id },
    body,
    key: key === undefined ? t().key : key,
  });

const linkCases: Case[] = [
  {
    name: "an unsigned link, when asked and not required",
    route: () => asRoute(linksRoute.POST),
    request: link({
      partner_payload: "crm-9",
      number: "+55 11 98765-4321",
      state: "x y",
      sign: false,
    }),
    status: 200,
    body: () => ({
      url: `${getEnv().appUrl}/onboard/${slugOfA}?partner=crm-9&number=%2B55+11+98765-4321&state=x+y`,
      signed: false,
      expires_at: null,
    }),
  },
  {
    name: "a redirect URL that is not registered is a 422",
    route: () => asRoute(linksRoute.POST),
    request: link({ redirect_url: "https://evil.example.test/back" }),
    status: 422,
    body: () => ({
      error: {
        code: "unprocessable",
        message: "This redirect URL is not registered. Add it under Settings first.",
        details: { redirect_url: ["Not one of the partner's registered redirect URLs"] },
      },
    }),
  },
  {
    name: "an unknown field and a bad email are a 422",
    route: () => asRoute(linksRoute.POST),
    request: link({ partner: "crm-9", email: "nope" }),
    status: 422,
    body: () =>
      unprocessable([
        { path: "email", message: "Invalid email address" },
        { path: "", message: 'Unrecognized key: "partner"' },
      ]),
  },
  {
    name: "a body that is not JSON is a 400",
    route: () => asRoute(linksRoute.POST),
    request: link("{sign"),
    status: 400,
    body: () => err("bad_request", "The body must be valid JSON."),
  },
  {
    name: "signing without a partner secret is a 409",
    route: () => asRoute(linksRoute.POST),
    request: link(undefined, undefined, () => b),
    status: 409,
    body: () => err("conflict", "Signing needs a partner secret: create one under Settings first."),
  },
  {
    name: "another partner's key on this partner's link builder: 404",
    route: () => asRoute(linksRoute.POST),
    request: () => link({}, b.key)(),
    status: 404,
    body: () => err("not_found", "Partner not found."),
  },
  {
    name: "the link builder with a revoked key: 401",
    route: () => asRoute(linksRoute.POST),
    request: () => link({}, revokedKey)(),
    status: 401,
    body: () => err("unauthorized", "A valid partner key is required in the X-API-Key header."),
  },
];

let secretOfA: string;

describe("Partner API contract: onboarding sessions and links", () => {
  beforeAll(async () => {
    sessions = await seedSessions(a.partner.id, a.client.id, a.channel.id);
    await seedSessions(b.partner.id, b.client.id, b.channel.id);
    secretOfA = (await rotatePartnerSecret(ownerScope(a.partner.id), { actor: a.actor })).secret;
    await getDb()
      .update(partners)
      .set({ allowedRedirectUrls: ["https://crm.example.test/onboarded"] })
      .where(eq(partners.id, a.partner.id));
    slugOfA = a.partner.slug;
  });

  it.each([...sessionCases, ...linkCases])("$name", async ({ route, request, status, body }) => {
    const { key, ...rest } = request();
    const response = await call(route(), { ...rest, key: key === undefined ? a.key : key });
    expect({ status: response.status, body: response.body }).toEqual({
      status,
      body: await body(),
    });
  });

  it("a signed link: the signature verifies with the partner secret and expires in 7 days", async () => {
    const before = Math.floor(Date.now() / 1000);
    const response = await call(linksRoute.POST, {
      ...link({
        partner_payload: "crm-9",
        redirect_url: "https://crm.example.test/onboarded/ok",
      })(),
    });
    expect(response.status).toBe(200);
    const body = response.body as { url: string; signed: boolean; expires_at: string };
    const url = new URL(body.url);
    const timestamp = Number(url.searchParams.get("timestamp"));
    expect(timestamp).toBeGreaterThanOrEqual(before);
    expect(body).toEqual({
      url: `${getEnv().appUrl}/onboard/${slugOfA}?partner=crm-9&redirect_url=${encodeURIComponent(
        "https://crm.example.test/onboarded/ok",
      )}&timestamp=${timestamp}&signature=${signLink(a.partner.id, timestamp, secretOfA)}`,
      signed: true,
      expires_at: new Date((timestamp + 7 * 24 * H) * 1000).toISOString(),
    });
    expect(
      checkLinkSignature({
        partnerId: a.partner.id,
        secret: secretOfA,
        timestamp: String(timestamp),
        signature: url.searchParams.get("signature")!,
        now: new Date(),
      }),
    ).toEqual({ ok: true });
  });

  it("a partner that requires signed links gets one even when asking for none", async () => {
    await getDb()
      .update(partners)
      .set({ requireSignedLinks: true })
      .where(eq(partners.id, a.partner.id));
    const response = await call(linksRoute.POST, link({ sign: false })());
    expect(response.body).toMatchObject({ signed: true, expires_at: expect.any(String) });
    expect((response.body as { url: string }).url).toContain("signature=");
    await getDb()
      .update(partners)
      .set({ requireSignedLinks: false })
      .where(eq(partners.id, a.partner.id));
  });

  it("a foreign client filter lists nothing", async () => {
    const response = await call(
      sessionsRoute.GET,
      sessionsList(filters({ client_id: b.client.id }))(),
    );
    expect(response.body).toMatchObject({ count: 0, total: 0, onboarding_sessions: [] });
    const [bClient] = await getDb().select().from(clients).where(eq(clients.id, b.client.id));
    expect(bClient).toBeTruthy();
  });
});
