import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callRoute } from "@/lib/api/testing";
import { ownerScope } from "@/lib/auth/testing";
import { takeSendToken } from "@/lib/chats/send";
import {
  apiRowsOf,
  customerWrites,
  onboardSendChannel,
  type SendHarness,
  sentToSandbox,
  startSendHarness,
} from "@/lib/chats/send/testing";
import { resetEnvForTests } from "@/lib/env";
import { getChannelWebhook } from "@/lib/forwarding/settings";
import { REFUSED_TARGET_MESSAGE } from "@/lib/forwarding/target-policy";
import { userActor } from "@/lib/partners/actor";
import { createChannelApiKey, createPartnerApiKey, revokeApiKey } from "@/lib/partners/api-keys";
import { GET as getWebhook, POST as postWebhook } from "./configs/webhook/route";
import { POST as postMessage } from "./messages/route";

/**
 * Messaging API contract (docs/chats-and-messaging-api.md, "Messaging API"): status and full body of each answer, and what
 * reached Meta (the sandbox, over HTTP) and the hub's messages table.
 */
let harness: SendHarness;
beforeAll(async () => {
  harness = await startSendHarness();
});
afterAll(async () => {
  await harness.close();
});

const CUSTOMER = "5511987650002";
type Route = Parameters<typeof callRoute>[0];

async function tenant() {
  const setup = await onboardSendChannel();
  const actor = userActor({ userId: setup.owner.id, email: setup.owner.email });
  const { secret } = await createChannelApiKey(ownerScope(setup.partner.id), {
    channelId: setup.channel.id,
    actor,
  });
  return { ...setup, actor, key: secret };
}
type Tenant = Awaited<ReturnType<typeof tenant>>;

function send(
  key: string | null,
  body: unknown,
  { query = "", headers = {} }: { query?: string; headers?: Record<string, string> } = {},
) {
  return callRoute(postMessage as unknown as Route, {
    method: "POST",
    path: `/api/v1/messages${query}`,
    headers: { ...(key ? { "D360-API-KEY": key } : {}), ...headers },
    body,
  });
}

const text = (body = "We are open until 6") => ({
  messaging_product: "whatsapp",
  recipient_type: "individual",
  to: CUSTOMER,
  type: "text",
  text: { body },
});
const template = (name = "order_update") => ({
  messaging_product: "whatsapp",
  to: CUSTOMER,
  type: "template",
  template: {
    name,
    language: { code: "en_US" },
    components: [{ type: "body", parameters: [{ type: "text", text: "#4711" }] }],
  },
});

const unauthorized = {
  error: {
    code: "unauthorized",
    message: "A valid channel key is required in the D360-API-KEY header.",
  },
};
const outsideWindow = {
  error: {
    code: "unprocessable",
    message:
      "Outside the customer service window only templates can be sent (131047): the customer has not written in the last 24 hours since onboarding. Nothing was sent.",
    details: {
      meta_error: {
        code: 131047,
        error_subcode: null,
        message: "Re-engagement message",
        type: null,
        fbtrace_id: null,
        hint: expect.stringContaining("only a template"),
      },
      window: { open: false, closed_at: null },
      estimate: expect.objectContaining({
        charged: false,
        blocked: { code: 131047, message: expect.stringContaining("131047") },
      }),
    },
  },
};
const estimateShape = {
  charged: expect.any(Boolean),
  amount: expect.anything(),
  category: expect.any(String),
  reason: expect.any(String),
  free_because: expect.anything(),
  no_rate_known: null,
  service_window_ends_at: expect.anything(),
  entry_point_ends_at: null,
  blocked: null,
};

type Case = {
  name: string;
  /** The customer wrote after onboarding: the service window is open. */
  window?: boolean;
  /** Whatever must happen before the request (another key, a drained bucket, a first send). */
  prepare?: (t: Tenant) => Promise<{ key?: string | null } | undefined>;
  request: (t: Tenant) => {
    body: unknown;
    query?: string;
    headers?: Record<string, string>;
  };
  status: number;
  body: (t: Tenant) => unknown;
  headers?: Record<string, RegExp>;
  /** Messages Meta received, and rows stored, for this tenant's channel. */
  sent: number;
  rows: number;
};

const cases: Case[] = [
  {
    name: "text inside the service window",
    window: true,
    request: () => ({ body: text() }),
    status: 200,
    body: () => ({
      messaging_product: "whatsapp",
      contacts: [{ input: CUSTOMER, wa_id: CUSTOMER }],
      messages: [{ id: expect.stringMatching(/^wamid\./) }],
      hub_message_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
    }),
    headers: { "x-coex-message-id": /^[0-9a-f-]{36}$/, "x-ratelimit-limit": /^120$/ },
    sent: 1,
    rows: 1,
  },
  {
    name: "template outside the window, `to` written with + and spaces",
    request: () => ({ body: { ...template(), to: "+55 11 98765-0002" } }),
    status: 200,
    body: () => ({
      messaging_product: "whatsapp",
      contacts: [{ input: "+55 11 98765-0002", wa_id: CUSTOMER }],
      messages: [{ id: expect.stringMatching(/^wamid\./), message_status: "accepted" }],
      hub_message_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
    }),
    sent: 1,
    rows: 1,
  },
  {
    name: "free-form outside the window: 131047, Meta never called",
    request: () => ({ body: text() }),
    status: 422,
    body: () => outsideWindow,
    sent: 0,
    rows: 0,
  },
  {
    name: "over the 20 messages per second cap: 429 with Retry-After",
    window: true,
    prepare: async (t) => {
      // Drain the bucket at a moment after the request, so no refill comes in between.
      const later = new Date(Date.now() + 3_000);
      for (let i = 0; i < 20; i++)
        await takeSendToken({ channelId: t.channel.id, capacity: 20, now: later });
      return undefined;
    },
    request: () => ({ body: text() }),
    status: 429,
    body: () => ({
      error: {
        code: "rate_limited",
        message: expect.stringMatching(
          /^This channel sends at most 20 messages per second \(the coexistence cap\)\. Nothing was sent: retry after \d+ s\.$/,
        ),
        details: { limit_per_second: 20, retry_after_ms: expect.any(Number) },
      },
    }),
    headers: { "retry-after": /^[1-9]\d*$/ },
    sent: 0,
    rows: 0,
  },
  {
    name: "Idempotency-Key retry: sent once, the first answer replayed",
    window: true,
    prepare: async (t) => {
      const first = await send(t.key, text("once"), { headers: { "Idempotency-Key": "abc-1" } });
      expect(first.status).toBe(200);
      (t as Tenant & { first?: unknown }).first = first.body;
      return undefined;
    },
    request: () => ({ body: text("once"), headers: { "Idempotency-Key": "abc-1" } }),
    status: 200,
    body: (t) => (t as Tenant & { first?: unknown }).first,
    headers: { "idempotent-replayed": /^true$/ },
    sent: 1,
    rows: 1,
  },
  {
    name: "Idempotency-Key reused with another body: 422",
    window: true,
    prepare: async (t) => {
      await send(t.key, text("first"), { headers: { "Idempotency-Key": "abc-2" } });
      return undefined;
    },
    request: () => ({ body: text("second"), headers: { "Idempotency-Key": "abc-2" } }),
    status: 422,
    body: () => ({
      error: {
        code: "unprocessable",
        message:
          "This Idempotency-Key was already used with a different body: use a new key for a new message.",
        details: { "Idempotency-Key": ["already used with a different body"] },
      },
    }),
    sent: 1,
    rows: 1,
  },
  {
    name: "no key: 401",
    window: true,
    prepare: async () => ({ key: null }),
    request: () => ({ body: text() }),
    status: 401,
    body: () => unauthorized,
    sent: 0,
    rows: 0,
  },
  {
    name: "an unknown key: 401",
    window: true,
    prepare: async () => ({ key: "not-a-key" }),
    request: () => ({ body: text() }),
    status: 401,
    body: () => unauthorized,
    sent: 0,
    rows: 0,
  },
  {
    name: "a partner key in D360-API-KEY: 401",
    window: true,
    prepare: async (t) => ({
      key: (await createPartnerApiKey(ownerScope(t.partner.id), { name: "p", actor: t.actor }))
        .secret,
    }),
    request: () => ({ body: text() }),
    status: 401,
    body: () => unauthorized,
    sent: 0,
    rows: 0,
  },
  {
    name: "a revoked key: 401",
    window: true,
    prepare: async (t) => {
      const created = await createChannelApiKey(ownerScope(t.partner.id), {
        channelId: t.channel.id,
        actor: t.actor,
        now: new Date(Date.now() + 60_000),
      });
      await revokeApiKey(ownerScope(t.partner.id), { keyId: created.key.id, actor: t.actor });
      return { key: created.secret };
    },
    request: () => ({ body: text() }),
    status: 401,
    body: () => unauthorized,
    sent: 0,
    rows: 0,
  },
  {
    name: "another channel's key (same partner) sends on that channel only: this window does not apply",
    window: true,
    prepare: async (t) => {
      const other = await onboardSendChannel({ partner: t.partner, owner: t.owner });
      const { secret } = await createChannelApiKey(ownerScope(t.partner.id), {
        channelId: other.channel.id,
        actor: t.actor,
      });
      (t as Tenant & { otherPn?: string }).otherPn = other.number.phoneNumberId;
      return { key: secret };
    },
    request: () => ({ body: text() }),
    status: 422,
    body: () => outsideWindow,
    sent: 0,
    rows: 0,
  },
  {
    name: "another partner's key: its own channel only, this window does not apply",
    window: true,
    prepare: async () => ({ key: (await tenant()).key }),
    request: () => ({ body: text() }),
    status: 422,
    body: () => outsideWindow,
    sent: 0,
    rows: 0,
  },
  {
    name: "invalid body: 422 naming each field",
    window: true,
    request: () => ({ body: { to: "12", type: "text", text: { body: "" } } }),
    status: 422,
    body: () => ({
      error: {
        code: "unprocessable",
        message: "The message is not valid.",
        details: {
          to: ["Not a phone number: use the international format, e.g. +5511912345678."],
          "text.body": ["The text is empty."],
        },
      },
    }),
    sent: 0,
    rows: 0,
  },
  {
    name: "unknown type: 422",
    window: true,
    request: () => ({ body: { to: CUSTOMER, type: "poll", poll: {} } }),
    status: 422,
    body: () => ({
      error: {
        code: "unprocessable",
        message: "The message is not valid.",
        details: {
          type: [
            "type must be one of text, template, image, video, audio, sticker, document, location, interactive, reaction, contacts.",
          ],
        },
      },
    }),
    sent: 0,
    rows: 0,
  },
  {
    name: "broken JSON: 400",
    window: true,
    request: () => ({ body: "{not json" }),
    status: 400,
    body: () => ({ error: { code: "bad_request", message: "The body must be valid JSON." } }),
    sent: 0,
    rows: 0,
  },
  {
    name: "Meta refuses (unknown template 132001): the row stays failed, Meta's error answered",
    request: () => ({ body: template("no_such_template") }),
    status: 422,
    body: () => ({
      error: {
        code: "unprocessable",
        message: expect.stringMatching(
          /^Meta refused the message \(132001\): .* It is stored as failed\.$/,
        ),
        details: {
          meta_error: {
            code: 132001,
            error_subcode: null,
            message: "(#132001) Template name does not exist in the translation",
            type: expect.any(String),
            fbtrace_id: expect.any(String),
            hint: "No approved template with this name and language on this WABA.",
          },
          message: { id: expect.stringMatching(/^[0-9a-f-]{36}$/), wamid: null, status: "failed" },
        },
      },
    }),
    sent: 0,
    rows: 1,
  },
  {
    name: "dry_run=true (query): checked and priced, nothing stored or sent",
    request: () => ({ body: template("spring_sale"), query: "?dry_run=true" }),
    status: 200,
    body: () => ({
      messaging_product: "whatsapp",
      contacts: [{ input: CUSTOMER, wa_id: CUSTOMER }],
      messages: [],
      dry_run: true,
      estimate: {
        ...estimateShape,
        charged: true,
        category: "marketing",
        amount: { currency: "USD", value: 0.0625, formatted: "USD 0.0625" },
        free_because: null,
        service_window_ends_at: null,
      },
    }),
    sent: 0,
    rows: 0,
  },
  {
    name: "dry_run in the body, inside the window: free",
    window: true,
    request: () => ({ body: { ...text(), dry_run: true } }),
    status: 200,
    body: () => ({
      messaging_product: "whatsapp",
      contacts: [{ input: CUSTOMER, wa_id: CUSTOMER }],
      messages: [],
      dry_run: true,
      estimate: {
        ...estimateShape,
        charged: false,
        category: "service",
        amount: null,
        // Free in the window; from 2026-10-01 within the 1,000 free service messages a month.
        free_because: expect.stringMatching(/^(window|free_tier)$/),
        service_window_ends_at: expect.any(String),
      },
    }),
    sent: 0,
    rows: 0,
  },
  {
    name: "dry_run with a wrong value: 422",
    request: () => ({ body: text(), query: "?dry_run=maybe" }),
    status: 422,
    body: () => ({
      error: {
        code: "unprocessable",
        message: "The request is not valid.",
        details: { dry_run: ["Use dry_run=true or dry_run=false."] },
      },
    }),
    sent: 0,
    rows: 0,
  },
];

describe("POST /api/v1/messages", () => {
  it.each(cases)("$name", async (c) => {
    const t = await tenant();
    if (c.window) await customerWrites(t.number.phoneNumberId, CUSTOMER);
    const prepared = await c.prepare?.(t);
    const key = prepared && "key" in prepared ? (prepared.key ?? null) : t.key;
    const req = c.request(t);
    const response = await send(key, req.body, { query: req.query, headers: req.headers });
    expect({ status: response.status, body: response.body }).toEqual({
      status: c.status,
      body: c.body(t),
    });
    for (const [name, pattern] of Object.entries(c.headers ?? {})) {
      expect(response.headers.get(name)).toMatch(pattern);
    }
    expect(await sentToSandbox(t.number.phoneNumberId)).toHaveLength(c.sent);
    const rows = await apiRowsOf(t.channel.id);
    expect(rows).toHaveLength(c.rows);
    const otherPn = (t as Tenant & { otherPn?: string }).otherPn;
    if (otherPn) expect(await sentToSandbox(otherPn)).toHaveLength(0);
    if (c.status === 200 && c.rows === 1) {
      expect(rows[0]).toMatchObject({ origin: "api", status: "sent" });
      expect(rows[0]!.sentByApiKeyId).not.toBeNull();
    }
  });
});

describe("/api/v1/configs/webhook", () => {
  const call = (handler: unknown, key: string, body?: unknown) =>
    callRoute(handler as Route, {
      method: body === undefined ? "GET" : "POST",
      path: "/api/v1/configs/webhook",
      headers: { "D360-API-KEY": key },
      body,
    });

  it("stores the channel's forwarding URL and headers, never echoing header values", async () => {
    const t = await tenant();
    const saved = await call(postWebhook, t.key, {
      url: "https://partner.example/wa",
      headers: { Authorization: "Bearer s3cret" },
    });
    expect({ status: saved.status, body: saved.body }).toEqual({
      status: 200,
      body: { url: "https://partner.example/wa", headers: { Authorization: "***" } },
    });
    expect(await getChannelWebhook(ownerScope(t.partner.id), { channelId: t.channel.id })).toEqual({
      url: "https://partner.example/wa",
      headers: { Authorization: "Bearer s3cret" },
    });
    const read = await call(getWebhook, t.key);
    expect(read.body).toEqual(saved.body);
  });

  it("refuses a URL that is not http(s) with 422 naming the field, and a bad key with 401", async () => {
    const t = await tenant();
    const bad = await call(postWebhook, t.key, { url: "ftp://partner.example" });
    expect({ status: bad.status, body: bad.body }).toEqual({
      status: 422,
      body: {
        error: {
          code: "unprocessable",
          message: "The request is not valid.",
          details: [{ path: "url", message: "An http(s) URL." }],
        },
      },
    });
    expect((await call(postWebhook, "nope", { url: "https://x.example" })).status).toBe(401);
    expect(
      await getChannelWebhook(ownerScope(t.partner.id), { channelId: t.channel.id }),
    ).toBeNull();
  });

  it("refuses a URL reaching a private address in production mode with 422, saving nothing", async () => {
    const t = await tenant();
    process.env.FORWARDING_ALLOW_PRIVATE_TARGETS = "false";
    resetEnvForTests();
    try {
      for (const url of ["https://2130706433/wa", "https://[fe80::1]/wa", "https://10.1.2.3/wa"]) {
        const bad = await call(postWebhook, t.key, { url });
        expect({ status: bad.status, body: bad.body }).toEqual({
          status: 422,
          body: {
            error: {
              code: "unprocessable",
              message: REFUSED_TARGET_MESSAGE,
              details: [{ path: "url", message: REFUSED_TARGET_MESSAGE }],
            },
          },
        });
      }
      expect(
        await getChannelWebhook(ownerScope(t.partner.id), { channelId: t.channel.id }),
      ).toBeNull();
    } finally {
      delete process.env.FORWARDING_ALLOW_PRIVATE_TARGETS;
      resetEnvForTests();
    }
  });
});
