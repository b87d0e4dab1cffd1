import { and, eq } from "drizzle-orm";
import { POST as webhookPost } from "@/app/api/webhooks/meta/route";
import { getDb } from "@/db";
import { channels, messages, sandboxMessages, sandboxNumbers } from "@/db/schema";
import { createChannel, createClient, createPartner, createUser } from "@/db/testing/factories";
import { encryptSecret } from "@/lib/crypto";
import { getEnv, resetEnvForTests } from "@/lib/env";
import { drainProcessing } from "@/lib/ingest/queue";
import { exchangeCode } from "@/lib/meta/graph";
import { handleControlRequest } from "@/lib/sandbox/control/router";
import { listDeliveries, waitForDeliveries } from "@/lib/sandbox/deliveries";
import { handleGraphRequest } from "@/lib/sandbox/graph";
import { handleMediaDownload } from "@/lib/sandbox/lookaside";
import { completeSandboxSignup } from "@/lib/sandbox/numbers/signup-codes";
import { createSandboxNumber } from "@/lib/sandbox/numbers/store";
import { simulateInbound } from "@/lib/sandbox/simulate/inbound";
import { sandboxRouter, serveHandler } from "@/lib/sandbox/testing/serve";

/**
 * Tests of the send path against the sandbox over real HTTP: one node:http server plays Meta (the
 * sandbox's Graph look-alike and control API) and the hub's webhook route, so the sandbox's
 * signed status webhooks go through ingestion exactly as Meta's would.
 */
export type SendHarness = { url: string; close: () => Promise<void> };

export async function startSendHarness(): Promise<SendHarness> {
  process.env.LOG_LEVEL ??= "error";
  const server = await serveHandler(
    sandboxRouter([
      { prefix: "/sandbox/graph/", handler: handleGraphRequest },
      { prefix: "/sandbox/api/", handler: handleControlRequest },
      { prefix: "/sandbox/lookaside/", handler: handleMediaDownload },
      { prefix: "/api/webhooks/meta", handler: (request) => webhookPost(request) },
    ]),
  );
  const saved = {
    graph: process.env.META_GRAPH_BASE_URL,
    webhook: process.env.SANDBOX_WEBHOOK_URL,
  };
  process.env.META_GRAPH_BASE_URL = `${server.url}/sandbox/graph`;
  process.env.SANDBOX_WEBHOOK_URL = `${server.url}/api/webhooks/meta`;
  resetEnvForTests();
  return {
    url: server.url,
    close: async () => {
      await server.close();
      restore("META_GRAPH_BASE_URL", saved.graph);
      restore("SANDBOX_WEBHOOK_URL", saved.webhook);
      resetEnvForTests();
    },
  };
}

function restore(name: string, value: string | undefined) {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}

/**
 * A sandbox business onboarded as a hub channel: the number, its business token (stored
 * encrypted as onboarding does), a partner with an owner, and the customer the tests write as.
 */
export async function onboardSendChannel(under?: {
  partner: Awaited<ReturnType<typeof createPartner>>;
  owner: Awaited<ReturnType<typeof createUser>>;
}) {
  const number = await createSandboxNumber({ contacts: 2, historyDays: 0 });
  const { code } = await completeSandboxSignup({ phoneNumberId: number.phoneNumberId });
  const { accessToken } = await exchangeCode({ code });
  const partner = under?.partner ?? (await createPartner());
  const owner = under?.owner ?? (await createUser(partner.id, "owner"));
  const client = await createClient(partner.id);
  const [sandboxRow] = await getDb()
    .select()
    .from(sandboxNumbers)
    .where(eq(sandboxNumbers.phoneNumberId, number.phoneNumberId));
  const channel = await createChannel(partner.id, client.id, {
    wabaId: number.wabaId,
    phoneNumberId: number.phoneNumberId,
    displayPhoneNumber: number.displayPhoneNumber,
    // Meta's webhook times are whole seconds: a customer writing in the onboarding second must
    // count as after it, as it does for the sandbox.
    onboardedAt: new Date(Math.floor(sandboxRow!.onboardedAt!.getTime() / 1000) * 1000),
    businessTokenEncrypted: encryptSecret(accessToken, getEnv().encryptionKey),
  });
  return { number, partner, owner, client, channel, token: accessToken };
}

/** Waits for the sandbox's webhooks for this number and for ingestion to process them. */
export async function settle(phoneNumberId: string, count: number) {
  await waitForDeliveries({ phoneNumberId, count, timeoutMs: 20_000 });
  await new Promise((resolve) => setImmediate(resolve));
  await drainProcessing();
}

/** A customer of the sandbox number writes; the webhook reaches the hub (window opens). */
export async function customerWrites(phoneNumberId: string, from: string, text = "Hello?") {
  const before = (await listDeliveries({ phoneNumberId })).length;
  const sent = await simulateInbound(phoneNumberId, { type: "text", text, from });
  await settle(phoneNumberId, before + 1);
  return sent;
}

/** What the sandbox (Meta) received from the hub for this number. */
export async function sentToSandbox(phoneNumberId: string) {
  return getDb()
    .select()
    .from(sandboxMessages)
    .where(
      and(eq(sandboxMessages.phoneNumberId, phoneNumberId), eq(sandboxMessages.direction, "api")),
    );
}

/** The hub's API rows of a channel. */
export async function apiRowsOf(channelId: string) {
  return getDb()
    .select()
    .from(messages)
    .where(and(eq(messages.channelId, channelId), eq(messages.origin, "api")))
    .orderBy(messages.createdAt);
}

export async function setThroughputCap(channelId: string, cap: number) {
  await getDb().update(channels).set({ throughputCap: cap }).where(eq(channels.id, channelId));
}
