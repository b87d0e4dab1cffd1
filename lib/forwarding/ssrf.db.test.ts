import { createServer } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { channelWebhooks } from "@/db/schema";
import { createChannel, createClient, createPartner, createUser } from "@/db/testing/factories";
import { ownerScope } from "@/lib/auth/testing";
import { resetEnvForTests } from "@/lib/env";
import { userActor } from "@/lib/partners/actor";
import { rotatePartnerSecret, setPartnerWebhookUrl } from "@/lib/partners/settings";
import { NoAnswerError, postForwarding } from "./http";
import { setChannelWebhook } from "./settings";
import { REFUSED_TARGET_MESSAGE } from "./target-policy";
import { sendTestEvent } from "./test-event";
import { startReceiver } from "./testing";

const TIMEOUT_MS = 1500;
process.env.FORWARDING_TIMEOUT_MS = String(TIMEOUT_MS);
resetEnvForTests();

/** Production's rule (private targets refused) for the length of a test. */
function privateTargets(allowed: boolean) {
  process.env.FORWARDING_ALLOW_PRIVATE_TARGETS = String(allowed);
  resetEnvForTests();
}
afterEach(() => {
  delete process.env.FORWARDING_ALLOW_PRIVATE_TARGETS;
  resetEnvForTests();
});

let receiver: Awaited<ReturnType<typeof startReceiver>>;
beforeAll(async () => {
  // Answers 200 at once, except /slow which answers after the timeout.
  receiver = await startReceiver((r) =>
    r.path === "/slow" ? { status: 200, delayMs: TIMEOUT_MS + 1_000 } : { status: 200 },
  );
});
afterAll(async () => {
  await receiver.close();
});

async function setup() {
  const partner = await createPartner();
  const owner = await createUser(partner.id, "owner");
  const actor = userActor({ userId: owner.id, email: owner.email });
  const client = await createClient(partner.id);
  const channel = await createChannel(partner.id, client.id);
  await rotatePartnerSecret(ownerScope(partner.id), { actor });
  return { partner, channel, actor };
}

/** A URL stored as it was before the rule (or before its DNS changed): no check on the way in. */
async function storeUrl(t: Awaited<ReturnType<typeof setup>>, url: string) {
  await getDb()
    .insert(channelWebhooks)
    .values({ channelId: t.channel.id, partnerId: t.partner.id, url })
    .onConflictDoUpdate({ target: channelWebhooks.channelId, set: { url } });
}

/** A port with nothing listening: bound, then closed. */
async function closedPort() {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe("SSRF rule for forwarding", () => {
  it("checks the address at connect time: a host resolving to a private address is refused", async () => {
    const before = receiver.received.length;
    const send = (allowPrivate: boolean) =>
      postForwarding({
        // The name resolves (through the injected lookup) to the receiver's loopback address.
        url: `http://rebound.example:${receiver.port}/hook`,
        headers: {},
        body: "{}",
        timeoutMs: TIMEOUT_MS,
        policy: {
          allowPrivate,
          lookup: async () => [{ address: "127.0.0.1", family: 4 }],
        },
      });
    // https is required too, so also try the https form against the same lookup.
    await expect(
      postForwarding({
        url: `https://rebound.example:${receiver.port}/hook`,
        headers: {},
        body: "{}",
        timeoutMs: TIMEOUT_MS,
        policy: { allowPrivate: false, lookup: async () => [{ address: "127.0.0.1", family: 4 }] },
      }),
    ).rejects.toMatchObject({ name: "NoAnswerError", reason: "refused_target" });
    await expect(send(false)).rejects.toBeInstanceOf(NoAnswerError);
    expect(receiver.received.length).toBe(before);
    // With private targets allowed the same request goes through.
    expect(await send(true)).toBe(200);
    expect(receiver.received.length).toBe(before + 1);
  });

  it("saving a private or http URL is refused in production mode, with the reason", async () => {
    const t = await setup();
    privateTargets(false);
    for (const url of [
      `http://127.0.0.1:${receiver.port}/hook`,
      "https://0x7f000001/hook",
      "https://169.254.169.254/latest",
      "https://localhost/hook",
    ]) {
      await expect(
        setChannelWebhook(ownerScope(t.partner.id), {
          channelId: t.channel.id,
          url,
          headers: {},
          actor: t.actor,
        }),
      ).rejects.toMatchObject({ code: "unprocessable", message: REFUSED_TARGET_MESSAGE });
      await expect(
        setPartnerWebhookUrl(ownerScope(t.partner.id), { webhookUrl: url, actor: t.actor }),
      ).rejects.toMatchObject({ code: "unprocessable", message: REFUSED_TARGET_MESSAGE });
    }
    // Nothing was saved.
    expect(await getDb().select().from(channelWebhooks)).not.toContainEqual(
      expect.objectContaining({ channelId: t.channel.id }),
    );
    // The setting allows them (demo, development, tests).
    privateTargets(true);
    await setChannelWebhook(ownerScope(t.partner.id), {
      channelId: t.channel.id,
      url: `http://127.0.0.1:${receiver.port}/hook`,
      headers: {},
      actor: t.actor,
    });
  });

  it("the test button reads the same, after the same time, for a refused address, a refused connection and a timeout", async () => {
    const t = await setup();
    const tryUrl = async (url: string, allowPrivate: boolean) => {
      privateTargets(allowPrivate);
      await storeUrl(t, url);
      const started = Date.now();
      const outcome = await sendTestEvent(ownerScope(t.partner.id), {
        channelId: t.channel.id,
        actor: t.actor,
      });
      return { ...outcome, tookMs: Date.now() - started };
    };
    const refusedAddress = await tryUrl(`https://127.0.0.1:${receiver.port}/hook`, false);
    const refusedConnection = await tryUrl(`http://127.0.0.1:${await closedPort()}/hook`, true);
    const timedOut = await tryUrl(`http://127.0.0.1:${receiver.port}/slow`, true);
    for (const outcome of [refusedAddress, refusedConnection, timedOut]) {
      expect(outcome).toMatchObject({
        ok: false,
        statusCode: null,
        latencyMs: TIMEOUT_MS,
        error: `No HTTP answer from the destination (refused, unreachable or no answer within ${TIMEOUT_MS} ms)`,
      });
      expect(outcome.tookMs).toBeGreaterThanOrEqual(TIMEOUT_MS - 5);
      expect(outcome.tookMs).toBeLessThan(TIMEOUT_MS + 1_000);
    }
  });
});
