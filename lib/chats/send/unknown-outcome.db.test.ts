import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { and, eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { POST as postMessage } from "@/app/api/v1/messages/route";
import { getDb } from "@/db";
import { channels, messages } from "@/db/schema";
import { createUser } from "@/db/testing/factories";
import { callRoute } from "@/lib/api/testing";
import { ownerScope } from "@/lib/auth/testing";
import { encryptSecret } from "@/lib/crypto";
import { getEnv, resetEnvForTests } from "@/lib/env";
import { channelWithPartner, deliver } from "@/lib/ingest/testing/harness";
import { customerText, envelope, statuses } from "@/lib/ingest/testing/meta-payloads";
import { userActor } from "@/lib/partners/actor";
import { createChannelApiKey } from "@/lib/partners/api-keys";
import { sendChatMessage } from "./send";

process.env.LOG_LEVEL ??= "error";

/**
 * Never send twice (issue 14): a "Meta" that takes the send and then never answers (or drops the
 * connection) gets exactly one request; the row is "unknown", not "failed"; the status webhook,
 * signed and posted to the real route, gives the row its wamid through the callback data.
 */

type Mode = "stall" | "reset";
const servers: (() => void)[] = [];
afterEach(() => {
  for (const close of servers.splice(0)) close();
});

async function meta(mode: Mode) {
  const sends: Record<string, unknown>[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let raw = "";
    req.on("data", (chunk) => {
      raw += chunk;
    });
    req.on("end", () => {
      if (req.method === "POST" && req.url?.endsWith("/messages")) {
        sends.push(JSON.parse(raw) as Record<string, unknown>);
        // Meta has the message; its answer never comes.
        if (mode === "reset") req.socket.destroy();
        return;
      }
      res.writeHead(404, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { code: 100, message: "not scripted" } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  servers.push(() => {
    server.closeAllConnections();
    server.close();
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, sends };
}

const CUSTOMER = "5511987650077";
const nowSeconds = () => Math.floor(Date.now() / 1000);

/** A connected channel with a business token, the customer's message opening the window. */
async function channelInWindow() {
  const setup = await channelWithPartner(`1555${Math.floor(Math.random() * 1e7)}`);
  await getDb()
    .update(channels)
    .set({
      onboardedAt: new Date(Date.now() - 86_400_000),
      businessTokenEncrypted: encryptSecret("EAAGtoken", getEnv().encryptionKey),
    })
    .where(eq(channels.id, setup.channel.id));
  await deliver(
    envelope(setup.ids.wabaId, [
      customerText(setup.ids, {
        wamid: `wamid.in.${setup.channel.id}`,
        from: CUSTOMER,
        ts: nowSeconds() - 60,
        body: "Are you open?",
      }),
    ]),
  );
  const owner = await createUser(setup.partner.id, "owner");
  return { ...setup, owner };
}

/** A status as Meta sends it, with the callback data Meta echoes from the send. */
function statusWebhook(
  setup: Awaited<ReturnType<typeof channelInWindow>>,
  list: { wamid: string; status: "sent" | "delivered"; callbackData?: string; ts?: number }[],
) {
  const change = statuses(
    setup.ids,
    list.map((s) => ({ wamid: s.wamid, status: s.status, ts: s.ts ?? nowSeconds(), to: CUSTOMER })),
  );
  const value = change.value as { statuses: Record<string, unknown>[] };
  value.statuses = value.statuses.map((s, i) =>
    list[i]!.callbackData ? { ...s, biz_opaque_callback_data: list[i]!.callbackData } : s,
  );
  return envelope(setup.ids.wabaId, [change]);
}

async function rowsOf(channelId: string) {
  return getDb()
    .select()
    .from(messages)
    .where(and(eq(messages.channelId, channelId), eq(messages.direction, "outbound")));
}

function sendText(
  setup: Awaited<ReturnType<typeof channelInWindow>>,
  baseUrl: string,
  text = "Yes, until 6",
) {
  return sendChatMessage(ownerScope(setup.partner.id), {
    channelId: setup.channel.id,
    body: { to: CUSTOMER, type: "text", text: { body: text } },
    sentBy: { kind: "user", userId: setup.owner.id },
    graph: { baseUrl, timeoutMs: 300, retries: 3, backoffMs: 5 },
  });
}

describe("a send whose outcome is unknown", () => {
  it("is sent once, stored unknown, and settled by its status webhook's callback data", async () => {
    const setup = await channelInWindow();
    const server = await meta("stall");
    const result = await sendText(setup, server.url);

    expect(server.sends).toHaveLength(1);
    const [row] = await rowsOf(setup.channel.id);
    expect(result.message).toEqual({ id: row!.id, wamid: null, status: "unknown", error: null });
    expect(row).toMatchObject({ status: "unknown", wamid: null, errors: null });
    expect(server.sends[0]).toMatchObject({ biz_opaque_callback_data: `coex:${row!.id}` });

    // Meta did send it: its statuses come back, signed, through the webhook route.
    const wamid = `wamid.late.${setup.channel.id}`;
    await deliver(
      statusWebhook(setup, [
        { wamid, status: "sent", callbackData: `coex:${row!.id}` },
        { wamid, status: "delivered", callbackData: `coex:${row!.id}`, ts: nowSeconds() + 1 },
      ]),
    );
    const after = await rowsOf(setup.channel.id);
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({ id: row!.id, wamid, status: "delivered", stub: false });
  });

  it("a connection dropped after the request is unknown too, never retried", async () => {
    const setup = await channelInWindow();
    const server = await meta("reset");
    const result = await sendText(setup, server.url);
    expect(server.sends).toHaveLength(1);
    expect(result.message?.status).toBe("unknown");
  });

  it("without callback data, matches the one unknown send to that recipient by time", async () => {
    const setup = await channelInWindow();
    const server = await meta("stall");
    const result = await sendText(setup, server.url);
    const wamid = `wamid.nocb.${setup.channel.id}`;
    await deliver(statusWebhook(setup, [{ wamid, status: "sent" }]));
    const rows = await rowsOf(setup.channel.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: result.message!.id, wamid, status: "sent" });
  });

  it("leaves two unknown sends to one recipient alone without callback data, then folds the stub once the callback data names one", async () => {
    const setup = await channelInWindow();
    const server = await meta("stall");
    const first = await sendText(setup, server.url, "one");
    await sendText(setup, server.url, "two");
    expect(server.sends).toHaveLength(2);
    const wamid = `wamid.amb.${setup.channel.id}`;
    await deliver(statusWebhook(setup, [{ wamid, status: "sent" }]));
    let rows = await rowsOf(setup.channel.id);
    // Ambiguous: both stay unknown, the status makes a stub.
    expect(rows.filter((r) => r.status === "unknown")).toHaveLength(2);
    expect(rows.filter((r) => r.stub)).toHaveLength(1);

    await deliver(
      statusWebhook(setup, [
        {
          wamid,
          status: "delivered",
          callbackData: `coex:${first.message!.id}`,
          ts: nowSeconds() + 1,
        },
      ]),
    );
    rows = await rowsOf(setup.channel.id);
    expect(rows).toHaveLength(2);
    expect(rows.find((r) => r.id === first.message!.id)).toMatchObject({
      wamid,
      status: "delivered",
      stub: false,
    });
    expect(rows.filter((r) => r.status === "unknown")).toHaveLength(1);
  });
});

describe("the Messaging API on an unknown outcome", () => {
  it("answers 202 with the hub's message id and status unknown; the Idempotency-Key replays it without sending", async () => {
    const setup = await channelInWindow();
    const server = await meta("reset");
    const saved = process.env.META_GRAPH_BASE_URL;
    process.env.META_GRAPH_BASE_URL = server.url;
    resetEnvForTests();
    try {
      const { secret } = await createChannelApiKey(ownerScope(setup.partner.id), {
        channelId: setup.channel.id,
        actor: userActor({ userId: setup.owner.id, email: setup.owner.email }),
      });
      const call = () =>
        callRoute(postMessage as unknown as Parameters<typeof callRoute>[0], {
          method: "POST",
          path: "/api/v1/messages",
          headers: { "D360-API-KEY": secret, "Idempotency-Key": "order-4711-reply" },
          body: { messaging_product: "whatsapp", to: CUSTOMER, type: "text", text: { body: "Hi" } },
        });
      const first = await call();
      const [row] = await rowsOf(setup.channel.id);
      expect(first.status).toBe(202);
      expect(first.body).toEqual({
        messaging_product: "whatsapp",
        contacts: [{ input: CUSTOMER, wa_id: CUSTOMER }],
        messages: [{ id: null, message_status: "unknown" }],
        hub_message_id: row!.id,
        status: "unknown",
        detail: expect.stringContaining("Do not send it again"),
      });
      expect(first.headers.get("X-Coex-Message-Id")).toBe(row!.id);

      const again = await call();
      expect(again.status).toBe(202);
      expect(again.body).toEqual(first.body);
      expect(again.headers.get("Idempotent-Replayed")).toBe("true");
      expect(server.sends).toHaveLength(1);
      expect(await rowsOf(setup.channel.id)).toHaveLength(1);
    } finally {
      if (saved === undefined) delete process.env.META_GRAPH_BASE_URL;
      else process.env.META_GRAPH_BASE_URL = saved;
      resetEnvForTests();
    }
  });
});
