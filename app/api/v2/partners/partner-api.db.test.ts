import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { apiKeys, auditLog, clients, partners } from "@/db/schema";
import { createChannel, createClient, createPartner, createUser } from "@/db/testing/factories";
import { type CallOptions, callRoute } from "@/lib/api/testing";
import { ownerScope } from "@/lib/auth/testing";
import { resetEnvForTests } from "@/lib/env";
import { REFUSED_TARGET_MESSAGE } from "@/lib/forwarding/target-policy";
import { userActor } from "@/lib/partners/actor";
import {
  authenticateChannelKey,
  createChannelApiKey,
  createPartnerApiKey,
  revokeApiKey,
} from "@/lib/partners/api-keys";
import * as channelKeyRoute from "./[partner_id]/channels/[channel_id]/api_keys/[api_key_id]/route";
import * as channelKeysRoute from "./[partner_id]/channels/[channel_id]/api_keys/route";
import * as channelRoute from "./[partner_id]/channels/[channel_id]/route";
import * as channelsRoute from "./[partner_id]/channels/route";
import * as clientRoute from "./[partner_id]/clients/[client_id]/route";
import * as clientsRoute from "./[partner_id]/clients/route";
import * as webhookUrlRoute from "./[partner_id]/webhook_url/route";

type Tenant = Awaited<ReturnType<typeof createTenant>>;

async function createTenant() {
  const partner = await createPartner();
  const owner = await createUser(partner.id, "owner");
  const actor = userActor({ userId: owner.id, email: owner.email });
  const t0 = Date.now() - 60_000;
  const clientA = await createClient(partner.id, {
    name: "Alpha Bakery",
    email: "alpha@example.test",
    partnerPayload: "crm-1",
    maxChannels: 2,
    createdAt: new Date(t0),
    updatedAt: new Date(t0),
  });
  const clientB = await createClient(partner.id, {
    name: "Beta Bikes",
    status: "archived",
    createdAt: new Date(t0 + 1000),
    updatedAt: new Date(t0 + 1000),
  });
  // Channel A's onboarding asked both syncs; the contacts came, the history is 40.5% in.
  const channelA = await createChannel(partner.id, clientA.id, {
    countryCode: "BR",
    verifiedName: "Alpha Bakery",
    createdAt: new Date(t0),
    updatedAt: new Date(t0),
    lastAppActivityAt: new Date(t0),
    onboardedAt: new Date(t0),
    contactsSyncRequestedAt: new Date(t0 + 100),
    contactsSyncRequestId: "req-contacts-a",
    contactsSyncedAt: new Date(t0 + 200),
    historySyncRequestedAt: new Date(t0 + 300),
    historySyncRequestId: "req-history-a",
    historyProgress: 40.5,
  });
  const channelB = await createChannel(partner.id, clientB.id, {
    countryCode: "IN",
    status: "pending",
    onboardedAt: null,
    createdAt: new Date(t0 + 1000),
    updatedAt: new Date(t0 + 1000),
  });
  const key = await createPartnerApiKey(ownerScope(partner.id), { name: "CRM", actor });
  return {
    partner,
    owner,
    actor,
    clientA,
    clientB,
    channelA,
    channelB,
    key: key.secret,
    keyId: key.key.id,
  };
}

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
});

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function clientBody(client: typeof clients.$inferSelect, channelCount: number) {
  return {
    id: client.id,
    name: client.name,
    email: client.email,
    partner_payload: client.partnerPayload,
    max_channels: client.maxChannels,
    status: client.status,
    channel_count: channelCount,
    created_at: iso(client.createdAt),
    updated_at: iso(client.updatedAt),
  };
}

function channelBody(t: Tenant, which: "A" | "B") {
  const channel = which === "A" ? t.channelA : t.channelB;
  const client = which === "A" ? t.clientA : t.clientB;
  return {
    id: channel.id,
    client_id: client.id,
    client_name: client.name,
    waba_id: channel.wabaId,
    phone_number_id: channel.phoneNumberId,
    business_id: null,
    display_phone_number: channel.displayPhoneNumber,
    verified_name: channel.verifiedName,
    country_code: channel.countryCode,
    status: channel.status,
    coexistence: true,
    quality_rating: null,
    messaging_limit: null,
    throughput_cap: 20,
    onboarded_at: iso(channel.onboardedAt),
    last_app_activity_at: iso(channel.lastAppActivityAt),
    disconnect_reason: null,
    sync_state:
      which === "A"
        ? {
            contacts: "received",
            history: "importing",
            history_progress: 40,
            deadline_at: new Date(channel.onboardedAt!.getTime() + 24 * 3_600_000).toISOString(),
            contacts_request_id: "req-contacts-a",
            history_request_id: "req-history-a",
          }
        : // Pending: not onboarded, so nothing asked and no deadline yet.
          {
            contacts: "not_requested",
            history: "not_requested",
            history_progress: null,
            deadline_at: null,
            contacts_request_id: null,
            history_request_id: null,
          },
    // lib/health: a coexistence channel onboarded just now; a pending one has none yet.
    warnings:
      which === "A"
        ? ["companions_unlinked", "companions_unsupported", "throughput_cap"].map((code) =>
            expect.objectContaining({
              code,
              severity: expect.any(String),
              message: expect.any(String),
            }),
          )
        : [],
    created_at: iso(channel.createdAt),
    updated_at: iso(channel.updatedAt),
  };
}

const filters = (value: unknown) => `filters=${encodeURIComponent(JSON.stringify(value))}`;
const err = (code: string, message: string) => ({ error: { code, message } });
const unprocessable = (details: { path: string; message: string }[]) => ({
  error: { code: "unprocessable", message: "The request is not valid.", details },
});

type Route = Parameters<typeof callRoute>[0];
type Case = {
  name: string;
  route: Route;
  request: () => CallOptions & { key?: string | null };
  status: number;
  body: () => unknown;
};

const asRoute = (handler: unknown) => handler as Route;

function clientsList(query = "", key?: string | null): () => CallOptions & { key?: string | null } {
  return () => ({
    path: `/api/v2/partners/${a.partner.id}/clients?${query}`,
    params: { partner_id: a.partner.id },
    key,
  });
}

const cases: Case[] = [
  {
    name: "no key is a 401",
    route: asRoute(clientsRoute.GET),
    request: clientsList("", null),
    status: 401,
    body: () => err("unauthorized", "A valid partner key is required in the X-API-Key header."),
  },
  {
    name: "a revoked key is a 401",
    route: asRoute(clientsRoute.GET),
    request: () => ({ ...clientsList()(), key: revokedKey }),
    status: 401,
    body: () => err("unauthorized", "A valid partner key is required in the X-API-Key header."),
  },
  {
    name: "a channel key is not a partner key: 401",
    route: asRoute(clientsRoute.GET),
    request: () => ({ ...clientsList()(), key: "ck_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" }),
    status: 401,
    body: () => err("unauthorized", "A valid partner key is required in the X-API-Key header."),
  },
  {
    name: "another partner's key on this partner's path is a 404",
    route: asRoute(clientsRoute.GET),
    request: () => ({ ...clientsList()(), key: b.key }),
    status: 404,
    body: () => err("not_found", "Partner not found."),
  },
  {
    name: "clients, newest first by default",
    route: asRoute(clientsRoute.GET),
    request: clientsList(),
    status: 200,
    body: () => ({
      count: 2,
      total: 2,
      limit: 20,
      offset: 0,
      filters: {},
      sort: "-created_at",
      clients: [clientBody(a.clientB, 1), clientBody(a.clientA, 1)],
    }),
  },
  {
    name: "clients paginated and sorted by name",
    route: asRoute(clientsRoute.GET),
    request: clientsList("limit=1&offset=1&sort=name"),
    status: 200,
    body: () => ({
      count: 1,
      total: 2,
      limit: 1,
      offset: 1,
      filters: {},
      sort: "name",
      clients: [clientBody(a.clientB, 1)],
    }),
  },
  {
    name: "clients filtered by status and country",
    route: asRoute(clientsRoute.GET),
    request: clientsList(filters({ status: "active", country_code: "BR" })),
    status: 200,
    body: () => ({
      count: 1,
      total: 1,
      limit: 20,
      offset: 0,
      filters: { status: "active", country_code: "BR" },
      sort: "-created_at",
      clients: [clientBody(a.clientA, 1)],
    }),
  },
  {
    name: "an unknown filter field is a 422",
    route: asRoute(clientsRoute.GET),
    request: clientsList(filters({ colour: "red" })),
    status: 422,
    body: () => unprocessable([{ path: "filters", message: 'Unrecognized key: "colour"' }]),
  },
  {
    name: "a limit above 100 is a 422",
    route: asRoute(clientsRoute.GET),
    request: clientsList("limit=101"),
    status: 422,
    body: () => unprocessable([{ path: "limit", message: "Too big: expected number to be <=100" }]),
  },
  {
    name: "an unknown sort field is a 422",
    route: asRoute(clientsRoute.GET),
    request: clientsList("sort=secret"),
    status: 422,
    body: () =>
      unprocessable([
        {
          path: "sort",
          message:
            'Invalid option: expected one of "created_at"|"-created_at"|"updated_at"|"-updated_at"|"name"|"-name"|"status"|"-status"|"max_channels"|"-max_channels"',
        },
      ]),
  },
  {
    name: "one client",
    route: asRoute(clientRoute.GET),
    request: () => ({
      path: `/api/v2/partners/${a.partner.id}/clients/${a.clientA.id}`,
      params: { partner_id: a.partner.id, client_id: a.clientA.id },
    }),
    status: 200,
    body: () => clientBody(a.clientA, 1),
  },
  {
    name: "another partner's client is a 404",
    route: asRoute(clientRoute.GET),
    request: () => ({
      path: `/api/v2/partners/${a.partner.id}/clients/${b.clientA.id}`,
      params: { partner_id: a.partner.id, client_id: b.clientA.id },
    }),
    status: 404,
    body: () => err("not_found", "Client not found."),
  },
  {
    name: "a client id that is not a uuid is a 404",
    route: asRoute(clientRoute.GET),
    request: () => ({
      path: `/api/v2/partners/${a.partner.id}/clients/nope`,
      params: { partner_id: a.partner.id, client_id: "nope" },
    }),
    status: 404,
    body: () => err("not_found", "Client not found."),
  },
  {
    name: "PATCH with an unknown field is a 422",
    route: asRoute(clientRoute.PATCH),
    request: () => ({
      method: "PATCH",
      path: `/api/v2/partners/${a.partner.id}/clients/${a.clientA.id}`,
      params: { partner_id: a.partner.id, client_id: a.clientA.id },
      body: { name: "Renamed" },
    }),
    status: 422,
    body: () =>
      unprocessable([
        { path: "", message: 'Unrecognized key: "name"' },
        { path: "", message: "Send partner_payload or max_channels" },
      ]),
  },
  {
    name: "PATCH with a body that is not JSON is a 400",
    route: asRoute(clientRoute.PATCH),
    request: () => ({
      method: "PATCH",
      path: `/api/v2/partners/${a.partner.id}/clients/${a.clientA.id}`,
      params: { partner_id: a.partner.id, client_id: a.clientA.id },
      body: "{max_channels",
    }),
    status: 400,
    body: () => err("bad_request", "The body must be valid JSON."),
  },
  {
    name: "PATCH to a partner_payload another client has is a 409",
    route: asRoute(clientRoute.PATCH),
    request: () => ({
      method: "PATCH",
      path: `/api/v2/partners/${a.partner.id}/clients/${a.clientB.id}`,
      params: { partner_id: a.partner.id, client_id: a.clientB.id },
      body: { max_channels: 1, partner_payload: "crm-1" },
    }),
    status: 409,
    body: () => ({
      error: {
        code: "conflict",
        message: "Another client already has this partner_payload.",
        details: { partner_payload: ["is already used by another client"] },
      },
    }),
  },
  {
    name: "PATCH another partner's client is a 404",
    route: asRoute(clientRoute.PATCH),
    request: () => ({
      method: "PATCH",
      path: `/api/v2/partners/${a.partner.id}/clients/${b.clientA.id}`,
      params: { partner_id: a.partner.id, client_id: b.clientA.id },
      body: { max_channels: 9 },
    }),
    status: 404,
    body: () => err("not_found", "Client not found."),
  },
  {
    name: "channels filtered by country",
    route: asRoute(channelsRoute.GET),
    request: () => ({
      path: `/api/v2/partners/${a.partner.id}/channels?${filters({ country_code: "IN" })}`,
      params: { partner_id: a.partner.id },
    }),
    status: 200,
    body: () => ({
      count: 1,
      total: 1,
      limit: 20,
      offset: 0,
      filters: { country_code: "IN" },
      sort: "-created_at",
      channels: [channelBody(a, "B")],
    }),
  },
  {
    name: "channels by last app activity put never-active ones last",
    route: asRoute(channelsRoute.GET),
    request: () => ({
      path: `/api/v2/partners/${a.partner.id}/channels?sort=-last_app_activity_at`,
      params: { partner_id: a.partner.id },
    }),
    status: 200,
    body: () => ({
      count: 2,
      total: 2,
      limit: 20,
      offset: 0,
      filters: {},
      sort: "-last_app_activity_at",
      channels: [channelBody(a, "A"), channelBody(a, "B")],
    }),
  },
  {
    name: "channels filtered by history sync state",
    route: asRoute(channelsRoute.GET),
    request: () => ({
      path: `/api/v2/partners/${a.partner.id}/channels?${filters({ history_sync: "importing" })}`,
      params: { partner_id: a.partner.id },
    }),
    status: 200,
    body: () => ({
      count: 1,
      total: 1,
      limit: 20,
      offset: 0,
      filters: { history_sync: "importing" },
      sort: "-created_at",
      channels: [channelBody(a, "A")],
    }),
  },
  {
    name: "channels filtered by contacts sync state",
    route: asRoute(channelsRoute.GET),
    request: () => ({
      path: `/api/v2/partners/${a.partner.id}/channels?${filters({ contacts_sync: "not_requested" })}`,
      params: { partner_id: a.partner.id },
    }),
    status: 200,
    body: () => ({
      count: 1,
      total: 1,
      limit: 20,
      offset: 0,
      filters: { contacts_sync: "not_requested" },
      sort: "-created_at",
      channels: [channelBody(a, "B")],
    }),
  },
  {
    name: "a sync state filter with an unknown state is a 422",
    route: asRoute(channelsRoute.GET),
    request: () => ({
      path: `/api/v2/partners/${a.partner.id}/channels?${filters({ history_sync: "done" })}`,
      params: { partner_id: a.partner.id },
    }),
    status: 422,
    body: () =>
      unprocessable([
        {
          path: "filters.history_sync",
          message:
            'Invalid option: expected one of "not_requested"|"requested"|"importing"|"complete"|"declined"|"expired"',
        },
      ]),
  },
  {
    name: "a channel filter of the wrong type is a 422",
    route: asRoute(channelsRoute.GET),
    request: () => ({
      path: `/api/v2/partners/${a.partner.id}/channels?${filters({ coexistence: "yes" })}`,
      params: { partner_id: a.partner.id },
    }),
    status: 422,
    body: () =>
      unprocessable([
        {
          path: "filters.coexistence",
          message: "Invalid input: expected boolean, received string",
        },
      ]),
  },
  {
    name: "one channel, with sync state and warnings",
    route: asRoute(channelRoute.GET),
    request: () => ({
      path: `/api/v2/partners/${a.partner.id}/channels/${a.channelA.id}`,
      params: { partner_id: a.partner.id, channel_id: a.channelA.id },
    }),
    status: 200,
    body: () => channelBody(a, "A"),
  },
  {
    name: "another partner's channel is a 404",
    route: asRoute(channelRoute.GET),
    request: () => ({
      path: `/api/v2/partners/${a.partner.id}/channels/${b.channelA.id}`,
      params: { partner_id: a.partner.id, channel_id: b.channelA.id },
    }),
    status: 404,
    body: () => err("not_found", "Channel not found."),
  },
  {
    name: "keys of another partner's channel: 404",
    route: asRoute(channelKeysRoute.GET),
    request: () => ({
      path: `/api/v2/partners/${a.partner.id}/channels/${b.channelA.id}/api_keys`,
      params: { partner_id: a.partner.id, channel_id: b.channelA.id },
    }),
    status: 404,
    body: () => err("not_found", "Channel not found."),
  },
  {
    name: "a key for another partner's channel: 404",
    route: asRoute(channelKeysRoute.POST),
    request: () => ({
      method: "POST",
      path: `/api/v2/partners/${a.partner.id}/channels/${b.channelA.id}/api_keys`,
      params: { partner_id: a.partner.id, channel_id: b.channelA.id },
    }),
    status: 404,
    body: () => err("not_found", "Channel not found."),
  },
  {
    name: "the webhook URL, unset",
    route: asRoute(webhookUrlRoute.GET),
    request: () => ({
      path: `/api/v2/partners/${b.partner.id}/webhook_url`,
      params: { partner_id: b.partner.id },
      key: b.key,
    }),
    status: 200,
    body: () => ({ webhook_url: null }),
  },
  {
    name: "a webhook URL that is not a URL is a 422",
    route: asRoute(webhookUrlRoute.POST),
    request: () => ({
      method: "POST",
      path: `/api/v2/partners/${a.partner.id}/webhook_url`,
      params: { partner_id: a.partner.id },
      body: { webhook_url: "ftp://example.test/x" },
    }),
    status: 422,
    body: () => unprocessable([{ path: "webhook_url", message: "Invalid URL" }]),
  },
];

describe("Partner API contract", () => {
  it.each(cases)("$name", async ({ route, request, status, body }) => {
    const { key, headers, ...options } = request();
    const sentKey = key === undefined ? a.key : key;
    const response = await callRoute(route, {
      ...options,
      headers: { ...headers, ...(sentKey ? { "x-api-key": sentKey } : {}) },
    });
    expect({ status: response.status, body: response.body }).toEqual({ status, body: body() });
  });

  it("PATCH changes partner_payload and max_channels, audited under the key", async () => {
    const response = await callRoute(asRoute(clientRoute.PATCH), {
      method: "PATCH",
      path: `/api/v2/partners/${a.partner.id}/clients/${a.clientA.id}`,
      params: { partner_id: a.partner.id, client_id: a.clientA.id },
      headers: { "x-api-key": a.key },
      body: { partner_payload: "crm-1-new", max_channels: 3 },
    });
    expect(response.status).toBe(200);
    const [row] = await getDb().select().from(clients).where(eq(clients.id, a.clientA.id));
    expect(response.body).toEqual(clientBody(row!, 1));
    expect(row).toMatchObject({ partnerPayload: "crm-1-new", maxChannels: 3 });
    const [entry] = await getDb()
      .select()
      .from(auditLog)
      .where(eq(auditLog.targetId, a.clientA.id));
    expect(entry).toMatchObject({
      actorType: "api_key",
      actorId: a.keyId,
      action: "client.updated",
      before: { partnerPayload: "crm-1", maxChannels: 2 },
      after: { partnerPayload: "crm-1-new", maxChannels: 3 },
    });
    // Put it back for the other cases.
    await getDb()
      .update(clients)
      .set({ partnerPayload: "crm-1", maxChannels: 2, updatedAt: a.clientA.updatedAt })
      .where(eq(clients.id, a.clientA.id));
  });

  it("a webhook URL to a private address is a 422 in production mode, and nothing is saved", async () => {
    process.env.FORWARDING_ALLOW_PRIVATE_TARGETS = "false";
    resetEnvForTests();
    try {
      for (const webhookUrl of ["https://[::ffff:127.0.0.1]/hook", "http://partner.example/hook"]) {
        const response = await callRoute(asRoute(webhookUrlRoute.POST), {
          method: "POST",
          path: `/api/v2/partners/${a.partner.id}/webhook_url`,
          params: { partner_id: a.partner.id },
          headers: { "x-api-key": a.key },
          body: { webhook_url: webhookUrl },
        });
        expect({ status: response.status, body: response.body }).toEqual({
          status: 422,
          body: {
            error: {
              code: "unprocessable",
              message: REFUSED_TARGET_MESSAGE,
              details: [{ path: "webhook_url", message: REFUSED_TARGET_MESSAGE }],
            },
          },
        });
      }
      const [row] = await getDb().select().from(partners).where(eq(partners.id, a.partner.id));
      expect(row!.webhookUrl).toBeNull();
    } finally {
      delete process.env.FORWARDING_ALLOW_PRIVATE_TARGETS;
      resetEnvForTests();
    }
  });

  it("a failed PATCH across partners changed nothing", async () => {
    const [row] = await getDb().select().from(clients).where(eq(clients.id, b.clientA.id));
    expect(row!.maxChannels).toBe(b.clientA.maxChannels);
  });

  it("a channel key is shown once: in the POST answer and never in the list", async () => {
    const t = await createTenant();
    const base = `/api/v2/partners/${t.partner.id}/channels/${t.channelA.id}/api_keys`;
    const params = { partner_id: t.partner.id, channel_id: t.channelA.id };
    const headers = { "x-api-key": t.key };
    const created = await callRoute(asRoute(channelKeysRoute.POST), {
      method: "POST",
      path: base,
      params,
      headers,
    });
    expect(created.status).toBe(201);
    const body = created.body as { id: string; api_key: string; address: string; app_id: string };
    expect(body).toEqual({
      id: expect.any(String),
      api_key: expect.stringMatching(/^ck_/),
      address: "http://localhost:3000/api/v1",
      app_id: t.channelA.id,
    });
    expect(created.headers.get("cache-control")).toBe("no-store");
    expect(await authenticateChannelKey(body.api_key)).toMatchObject({ channelId: t.channelA.id });

    const list = await callRoute(asRoute(channelKeysRoute.GET), { path: base, params, headers });
    expect(list.status).toBe(200);
    const [row] = await getDb().select().from(apiKeys).where(eq(apiKeys.id, body.id));
    expect(list.body).toEqual({
      count: 1,
      total: 1,
      limit: 20,
      offset: 0,
      filters: {},
      sort: "-created_at",
      api_keys: [
        {
          id: body.id,
          name: `Channel key +${t.channelA.displayPhoneNumber}`,
          prefix: body.api_key.slice(0, 11),
          created_by: null,
          created_at: iso(row!.createdAt),
          last_used_at: iso(row!.lastUsedAt),
          revoked_at: null,
        },
      ],
    });
    expect(JSON.stringify(list.body)).not.toContain(body.api_key);

    const again = await callRoute(asRoute(channelKeysRoute.POST), {
      method: "POST",
      path: base,
      params,
      headers,
    });
    expect({ status: again.status, body: again.body }).toEqual({
      status: 429,
      body: err(
        "rate_limited",
        "A key was created for this channel less than 30 seconds ago. Wait and try again.",
      ),
    });

    const foreignDelete = await callRoute(asRoute(channelKeyRoute.DELETE), {
      method: "DELETE",
      path: `${base}/${body.id}`,
      params: { ...params, partner_id: b.partner.id, api_key_id: body.id },
      headers: { "x-api-key": b.key },
    });
    expect(foreignDelete.status).toBe(404);
    expect(await authenticateChannelKey(body.api_key)).not.toBeNull();

    const deleted = await callRoute(asRoute(channelKeyRoute.DELETE), {
      method: "DELETE",
      path: `${base}/${body.id}`,
      params: { ...params, api_key_id: body.id },
      headers,
    });
    expect({ status: deleted.status, body: deleted.body }).toEqual({ status: 204, body: null });
    expect(await authenticateChannelKey(body.api_key)).toBeNull();

    const revokedOnly = await callRoute(asRoute(channelKeysRoute.GET), {
      path: `${base}?${filters({ revoked: false })}`,
      params,
      headers,
    });
    expect(revokedOnly.body).toMatchObject({ count: 0, total: 0, api_keys: [] });
  });

  it("a channel key's DELETE under another channel of the partner is a 404", async () => {
    const t = await createTenant();
    const created = await createChannelApiKey(ownerScope(t.partner.id), {
      channelId: t.channelA.id,
      actor: t.actor,
    });
    const response = await callRoute(asRoute(channelKeyRoute.DELETE), {
      method: "DELETE",
      path: "/x",
      params: { partner_id: t.partner.id, channel_id: t.channelB.id, api_key_id: created.key.id },
      headers: { "x-api-key": t.key },
    });
    expect({ status: response.status, body: response.body }).toEqual({
      status: 404,
      body: err("not_found", "API key not found."),
    });
  });

  it("the webhook URL is set, read back and audited", async () => {
    const t = await createTenant();
    const params = { partner_id: t.partner.id };
    const headers = { "x-api-key": t.key };
    const path = `/api/v2/partners/${t.partner.id}/webhook_url`;
    const set = await callRoute(asRoute(webhookUrlRoute.POST), {
      method: "POST",
      path,
      params,
      headers,
      body: { webhook_url: "https://crm.example.test/hooks/coex" },
    });
    expect({ status: set.status, body: set.body }).toEqual({
      status: 200,
      body: { webhook_url: "https://crm.example.test/hooks/coex" },
    });
    const read = await callRoute(asRoute(webhookUrlRoute.GET), { path, params, headers });
    expect(read.body).toEqual({ webhook_url: "https://crm.example.test/hooks/coex" });
    const [row] = await getDb().select().from(partners).where(eq(partners.id, t.partner.id));
    expect(row!.webhookUrl).toBe("https://crm.example.test/hooks/coex");
    const entries = await getDb()
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, "partner.webhook_url_updated"));
    expect(entries.find((e) => e.partnerId === t.partner.id)).toMatchObject({
      actorType: "api_key",
      before: { webhookUrl: null },
      after: { webhookUrl: "https://crm.example.test/hooks/coex" },
    });
  });

  it("answers carry X-RateLimit headers and the limit gives 429 with Retry-After", async () => {
    const t = await createTenant();
    await getDb().update(apiKeys).set({ rateLimitPerMinute: 2 }).where(eq(apiKeys.id, t.keyId));
    const request = {
      path: `/api/v2/partners/${t.partner.id}/clients`,
      params: { partner_id: t.partner.id },
      headers: { "x-api-key": t.key },
    };
    const first = await callRoute(asRoute(clientsRoute.GET), request);
    expect(first.status).toBe(200);
    expect(first.headers.get("x-ratelimit-limit")).toBe("2");
    expect(first.headers.get("x-ratelimit-remaining")).toBe("1");
    expect(Number(first.headers.get("x-ratelimit-reset"))).toBeGreaterThan(Date.now() / 1000);
    await callRoute(asRoute(clientsRoute.GET), request);
    const third = await callRoute(asRoute(clientsRoute.GET), request);
    // A minute boundary between the calls would reset the window; that is the rule, not a flake.
    if (third.status !== 200) {
      expect({ status: third.status, body: third.body }).toEqual({
        status: 429,
        body: err("rate_limited", "Rate limit of 2 requests per minute reached."),
      });
      expect(third.headers.get("x-ratelimit-remaining")).toBe("0");
      expect(Number(third.headers.get("retry-after"))).toBeGreaterThan(0);
    }
  });
});
