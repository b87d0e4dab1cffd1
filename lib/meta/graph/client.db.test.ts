import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { sandboxMessages } from "@/db/schema";
import { getEnv, resetEnvForTests } from "@/lib/env";
import { parseChange, webhookEnvelopeSchema } from "@/lib/meta/webhooks";
import { createOnboardingGraph } from "@/lib/onboarding/graph";
import { moveClock } from "@/lib/sandbox/clock";
import { handleControlRequest } from "@/lib/sandbox/control/router";
import { waitForDeliveries } from "@/lib/sandbox/deliveries";
import { handleGraphRequest } from "@/lib/sandbox/graph";
import { completeSandboxSignup } from "@/lib/sandbox/numbers/signup-codes";
import { createSandboxNumber } from "@/lib/sandbox/numbers/store";
import { simulateInbound } from "@/lib/sandbox/simulate/inbound";
import { simulateRead } from "@/lib/sandbox/simulate/read";
import { type Received, startWebhookReceiver } from "@/lib/sandbox/testing/receiver";
import { sandboxRouter, serveHandler } from "@/lib/sandbox/testing/serve";
import {
  exchangeCode,
  getPhoneNumber,
  listPhoneNumbers,
  listTemplates,
  MetaApiError,
  requestSmbAppDataSync,
  sendMessage,
  subscribeApp,
} from "./index";

/**
 * The Graph client against the sandbox, over real HTTP: the sandbox's Graph look-alike served by
 * node:http, its webhooks received by a node:http server that checks the signature.
 */
let sandbox: Awaited<ReturnType<typeof serveHandler>>;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
let graph: { baseUrl: string; backoffMs: number };

beforeAll(async () => {
  receiver = await startWebhookReceiver("sandbox-app-secret");
  process.env.SANDBOX_WEBHOOK_URL = receiver.url;
  // Failed calls are expected here and logged as warnings; keep the test output readable.
  process.env.LOG_LEVEL ??= "error";
  resetEnvForTests();
  sandbox = await serveHandler(
    sandboxRouter([
      { prefix: "/sandbox/graph/", handler: handleGraphRequest },
      { prefix: "/sandbox/api/", handler: handleControlRequest },
    ]),
  );
  graph = { baseUrl: `${sandbox.url}/sandbox/graph`, backoffMs: 10 };
});

afterAll(async () => {
  await moveClock({ reset: true });
  await sandbox.close();
  await receiver.close();
  delete process.env.SANDBOX_WEBHOOK_URL;
  resetEnvForTests();
});

async function onboard(options: Parameters<typeof createSandboxNumber>[0] = {}) {
  const number = await createSandboxNumber({ contacts: 5, historyDays: 30, ...options });
  const { code } = await completeSandboxSignup({ phoneNumberId: number.phoneNumberId });
  const { accessToken } = await exchangeCode({ code, graph });
  return { number, token: accessToken };
}

async function expectMetaError(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(MetaApiError);
  return error as MetaApiError;
}

function changesOf(received: Received[], phoneNumberId: string) {
  return received
    .flatMap((r) =>
      webhookEnvelopeSchema.parse(r.body).entry.flatMap((entry) =>
        entry.changes.map((change) => {
          const parsed = parseChange(change.field, change.value);
          if (!parsed.ok)
            throw new Error(
              `sandbox emitted an invalid ${change.field}: ${JSON.stringify(parsed)}`,
            );
          return parsed.change;
        }),
      ),
    )
    .filter(
      (change) =>
        (change.value as { metadata?: { phone_number_id?: string } }).metadata?.phone_number_id ===
        phoneNumberId,
    );
}

describe("exchangeCode", () => {
  it("turns a fresh code into a business token, once", async () => {
    const number = await createSandboxNumber({});
    const { code } = await completeSandboxSignup({ phoneNumberId: number.phoneNumberId });
    const token = await exchangeCode({ code, graph });
    expect(token.accessToken).toMatch(/^SBXEAA/);
    const error = await expectMetaError(exchangeCode({ code, graph }));
    expect(error).toMatchObject({
      kind: "meta",
      code: 100,
      errorSubcode: 36009,
      type: "OAuthException",
      attempts: 1,
    });
    expect(error.fbtraceId).toBeTruthy();
    expect(error.hint).toMatch(/30 seconds/);
    expect(error.message).not.toContain(code);
    expect(error.message).not.toContain("sandbox-app-secret");
  });

  it("refuses a code older than 30 seconds of sandbox time, without retrying", async () => {
    const number = await createSandboxNumber({});
    const { code } = await completeSandboxSignup({ phoneNumberId: number.phoneNumberId });
    await moveClock({ advanceSeconds: 31 });
    try {
      const error = await expectMetaError(exchangeCode({ code, graph: { ...graph, retries: 3 } }));
      expect(error).toMatchObject({ code: 100, errorSubcode: 36007, attempts: 1 });
    } finally {
      await moveClock({ advanceSeconds: -31 });
    }
  });

  it("refuses a wrong app secret", async () => {
    const error = await expectMetaError(
      exchangeCode({ code: "whatever", graph: { ...graph, appSecret: "nope" } }),
    );
    expect(error).toMatchObject({ code: 1 });
  });
});

describe("numbers and subscriptions", () => {
  it("subscribes, lists and reads a coexistence number", async () => {
    const { number, token } = await onboard({ country: "IN", displayName: "Chai Corner" });
    await expect(subscribeApp({ token, wabaId: number.wabaId, graph })).resolves.toEqual({
      success: true,
    });
    const numbers = await listPhoneNumbers({ token, wabaId: number.wabaId, graph });
    expect(numbers).toHaveLength(1);
    expect(numbers[0]).toMatchObject({
      id: number.phoneNumberId,
      verifiedName: "Chai Corner",
      isOnBizApp: true,
      platformType: "CLOUD_API",
    });
    const one = await getPhoneNumber({ token, phoneNumberId: number.phoneNumberId, graph });
    expect(one).toMatchObject({
      displayPhoneNumber: `+${number.displayPhoneNumber}`,
      qualityRating: "GREEN",
      throughputLevel: "STANDARD",
    });
    expect(number.displayPhoneNumber.startsWith("91")).toBe(true);
  });

  it("sends the WABA's webhooks to override_callback_uri once subscribed with one", async () => {
    const other = await startWebhookReceiver("sandbox-app-secret");
    try {
      const { number, token } = await onboard();
      await subscribeApp({
        token,
        wabaId: number.wabaId,
        overrideCallbackUri: other.url,
        verifyToken: "v",
        graph,
      });
      await simulateInbound(number.phoneNumberId, { type: "text", text: "hi" });
      await waitForDeliveries({ phoneNumberId: number.phoneNumberId, count: 1 });
      expect(other.received).toHaveLength(1);
      expect(other.received[0]!.signatureValid).toBe(true);
    } finally {
      await other.close();
    }
  });

  it("answers Meta's not-found error for unknown ids and for another business's ids", async () => {
    const { token } = await onboard();
    const stranger = await onboard();
    for (const phoneNumberId of ["999999999999999", stranger.number.phoneNumberId]) {
      const error = await expectMetaError(getPhoneNumber({ token, phoneNumberId, graph }));
      expect(error).toMatchObject({
        kind: "meta",
        status: 400,
        code: 100,
        errorSubcode: 33,
        type: "GraphMethodException",
      });
      expect(error.hint).toMatch(/does not know this id/);
    }
    const error = await expectMetaError(
      listPhoneNumbers({ token, wabaId: stranger.number.wabaId, graph }),
    );
    expect(error).toMatchObject({ code: 100, errorSubcode: 33 });
  });

  it("rejects an unknown token with 190 and keeps the token out of the error", async () => {
    const { number } = await onboard();
    const token = "SBXEAAnot-a-real-token";
    const error = await expectMetaError(
      getPhoneNumber({ token, phoneNumberId: number.phoneNumberId, graph }),
    );
    expect(error).toMatchObject({ code: 190, status: 401 });
    expect(JSON.stringify(error.toJSON())).not.toContain(token);
    expect(error.message).not.toContain(token);
  });

  it("lists the WABA's templates", async () => {
    const { number, token } = await onboard();
    const templates = await listTemplates({ token, wabaId: number.wabaId, graph });
    expect(templates.map((t) => t.name)).toContain("hello_world");
    expect(templates.every((t) => t.status === "APPROVED")).toBe(true);
  });
});

describe("requestSmbAppDataSync", () => {
  it("sends the contacts, then the history in chunks with progress to 100, each once", async () => {
    const { number, token } = await onboard({ contacts: 6, historyDays: 120 });
    const contacts = await requestSmbAppDataSync({
      token,
      phoneNumberId: number.phoneNumberId,
      syncType: "smb_app_state_sync",
      graph,
    });
    expect(contacts.requestId).toBeTruthy();
    await requestSmbAppDataSync({
      token,
      phoneNumberId: number.phoneNumberId,
      syncType: "history",
      graph,
    });
    const again = await expectMetaError(
      requestSmbAppDataSync({
        token,
        phoneNumberId: number.phoneNumberId,
        syncType: "history",
        graph,
      }),
    );
    expect(again).toMatchObject({ code: 100 });

    const deliveries = await waitForDeliveries({
      phoneNumberId: number.phoneNumberId,
      count: 3,
      timeoutMs: 15_000,
    });
    expect(deliveries.every((d) => d.status === "delivered")).toBe(true);
    const changes = changesOf(receiver.received, number.phoneNumberId);
    const stateSync = changes.filter((c) => c.field === "smb_app_state_sync");
    expect(
      stateSync.flatMap((c) => (c.field === "smb_app_state_sync" ? c.value.state_sync : [])),
    ).toHaveLength(6);
    // Wait for the whole history: the last chunk says progress 100.
    await expect
      .poll(
        () =>
          changesOf(receiver.received, number.phoneNumberId).some(
            (c) =>
              c.field === "history" && c.value.history?.some((h) => h.metadata?.progress === 100),
          ),
        { timeout: 15_000 },
      )
      .toBe(true);
    const history = changesOf(receiver.received, number.phoneNumberId).filter(
      (c) => c.field === "history",
    );
    const progress = history.flatMap((c) =>
      c.field === "history" ? (c.value.history ?? []).map((h) => h.metadata!.progress) : [],
    );
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(receiver.received.every((r) => r.signatureValid)).toBe(true);
  });

  it("refuses a sync more than 24 hours after onboarding", async () => {
    const { number, token } = await onboard();
    await moveClock({ advanceSeconds: 25 * 3600 });
    try {
      const error = await expectMetaError(
        requestSmbAppDataSync({
          token,
          phoneNumberId: number.phoneNumberId,
          syncType: "smb_app_state_sync",
          graph,
        }),
      );
      expect(error.metaMessage).toMatch(/24 hours/);
    } finally {
      await moveClock({ advanceSeconds: -25 * 3600 });
    }
  });

  it("sends the 2593109 error when the business declined to share history", async () => {
    const { number, token } = await onboard({ shareHistory: false });
    await requestSmbAppDataSync({
      token,
      phoneNumberId: number.phoneNumberId,
      syncType: "history",
      graph,
    });
    await waitForDeliveries({ phoneNumberId: number.phoneNumberId, field: "history", count: 1 });
    const [change] = changesOf(receiver.received, number.phoneNumberId);
    expect(change?.field === "history" && change.value.history?.[0]?.errors?.[0]?.code).toBe(
      2593109,
    );
  });
});

describe("sendMessage", () => {
  it("refuses free-form outside the service window with 131047", async () => {
    const { number, token } = await onboard();
    const error = await expectMetaError(
      sendMessage({
        token,
        phoneNumberId: number.phoneNumberId,
        to: "5511999990000",
        message: { type: "text", text: { body: "hi" } },
        graph,
      }),
    );
    expect(error).toMatchObject({ code: 131047 });
    expect(error.hint).toMatch(/template/);
  });

  it("sends free-form in the window, then statuses sent, delivered, read with service pricing", async () => {
    const { number, token } = await onboard();
    const inbound = await simulateInbound(number.phoneNumberId, {
      type: "text",
      text: "Do you deliver?",
    });
    const sent = await sendMessage({
      token,
      phoneNumberId: number.phoneNumberId,
      to: inbound.from,
      message: { type: "text", text: { body: "Yes!" } },
      graph,
    });
    expect(sent.wamid).toMatch(/^wamid\./);
    expect(sent.waId).toBe(inbound.from);
    await waitForDeliveries({ phoneNumberId: number.phoneNumberId, count: 4 });
    const statuses = changesOf(receiver.received, number.phoneNumberId).flatMap((c) =>
      c.field === "messages" ? (c.value.statuses ?? []) : [],
    );
    expect(statuses.map((s) => s.status)).toEqual(["sent", "delivered", "read"]);
    expect(statuses[0]!.pricing).toMatchObject({
      pricing_model: "PMP",
      category: "service",
      type: "free_customer_service",
    });

    // The window closes 24 hours after the customer's message.
    await moveClock({ advanceSeconds: 24 * 3600 + 5 });
    try {
      const error = await expectMetaError(
        sendMessage({
          token,
          phoneNumberId: number.phoneNumberId,
          to: inbound.from,
          message: { type: "text", text: { body: "late" } },
          graph,
        }),
      );
      expect(error.code).toBe(131047);
    } finally {
      await moveClock({ advanceSeconds: -(24 * 3600 + 5) });
    }
  });

  it("waits for the customer to read when the number's auto_read is off", async () => {
    const { number, token } = await onboard({ autoRead: false });
    const inbound = await simulateInbound(number.phoneNumberId, { type: "text", text: "Hi" });
    const sent = await sendMessage({
      token,
      phoneNumberId: number.phoneNumberId,
      to: inbound.from,
      message: { type: "text", text: { body: "Hello" } },
      graph,
    });
    await waitForDeliveries({ phoneNumberId: number.phoneNumberId, count: 3 });
    const statusesOf = () =>
      changesOf(receiver.received, number.phoneNumberId).flatMap((c) =>
        c.field === "messages" ? (c.value.statuses ?? []) : [],
      );
    expect(statusesOf().map((s) => s.status)).toEqual(["sent", "delivered"]);
    const read = await simulateRead(number.phoneNumberId, { waId: inbound.from });
    expect(read.read).toEqual([sent.wamid]);
    await waitForDeliveries({ phoneNumberId: number.phoneNumberId, count: 4 });
    expect(statusesOf().map((s) => [s.id, s.status])).toContainEqual([sent.wamid, "read"]);
    await expect(simulateRead(number.phoneNumberId, { wamid: "wamid.nope" })).rejects.toThrow(
      /nothing to read/,
    );
  });

  it("sends a template anytime, priced at its category", async () => {
    const { number, token } = await onboard();
    await sendMessage({
      token,
      phoneNumberId: number.phoneNumberId,
      to: "5511988887777",
      message: { type: "template", template: { name: "spring_sale", language: { code: "en_US" } } },
      graph,
    });
    await waitForDeliveries({ phoneNumberId: number.phoneNumberId, count: 3 });
    const statuses = changesOf(receiver.received, number.phoneNumberId).flatMap((c) =>
      c.field === "messages" ? (c.value.statuses ?? []) : [],
    );
    expect(statuses[0]!.pricing).toMatchObject({
      pricing_model: "PMP",
      category: "marketing",
      type: "regular",
    });
    const missing = await expectMetaError(
      sendMessage({
        token,
        phoneNumberId: number.phoneNumberId,
        to: "5511988887777",
        message: { type: "template", template: { name: "nope", language: { code: "en_US" } } },
        graph,
      }),
    );
    expect(missing).toMatchObject({ code: 132001, status: 404 });
  });

  it("allows 20 messages per second on a number and refuses the 21st with 130429", async () => {
    const { number, token } = await onboard();
    const send = () =>
      sendMessage({
        token,
        phoneNumberId: number.phoneNumberId,
        to: "5511977776666",
        message: {
          type: "template",
          template: { name: "hello_world", language: { code: "en_US" } },
        },
        graph: { ...graph, retries: 0 },
      }).then(
        () => "ok",
        (e: MetaApiError) => e.code,
      );
    // Twenty sends in the last second (written directly: a loaded machine may not send 21 in one).
    await getDb()
      .insert(sandboxMessages)
      .values(
        Array.from({ length: 20 }, (_, i) => ({
          wamid: `wamid.burst-${number.phoneNumberId}-${i}`,
          phoneNumberId: number.phoneNumberId,
          waId: "5511977776666",
          direction: "api" as const,
          type: "template",
          content: {},
          at: new Date(),
          createdAt: new Date(),
        })),
      );
    await expect(send()).resolves.toBe(130429);
    // A second later the number may send again.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await expect(send()).resolves.toBe("ok");

    // Concurrent sends: whatever the timing, no one-second window holds more than 20.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const burst = await Promise.all(Array.from({ length: 26 }, send));
    expect(burst.every((r) => r === "ok" || r === 130429)).toBe(true);
    const times = (
      await getDb()
        .select({ createdAt: sandboxMessages.createdAt })
        .from(sandboxMessages)
        .where(eq(sandboxMessages.phoneNumberId, number.phoneNumberId))
    ).map((row) => row.createdAt.getTime());
    for (const t of times) {
      expect(times.filter((u) => u <= t && u > t - 1000).length).toBeLessThanOrEqual(20);
    }
    expect(getEnv().sandbox).toBe(true);
  });
});

describe("the onboarding adapter", () => {
  it("runs onboarding's calls against the sandbox and passes Meta's errors through", async () => {
    const number = await createSandboxNumber({ contacts: 2 });
    const { code } = await completeSandboxSignup({ phoneNumberId: number.phoneNumberId });
    const adapter = createOnboardingGraph(graph);
    const { accessToken: token } = await adapter.exchangeCode(code);
    await adapter.subscribeApp({ wabaId: number.wabaId, token });
    const [listed] = await adapter.listPhoneNumbers({ wabaId: number.wabaId, token });
    expect(listed).toEqual({
      id: number.phoneNumberId,
      displayPhoneNumber: `+${number.displayPhoneNumber}`,
    });
    await expect(
      adapter.getPhoneNumber({ phoneNumberId: number.phoneNumberId, token }),
    ).resolves.toMatchObject({
      isOnBizApp: true,
      platformType: "CLOUD_API",
      verifiedName: number.verifiedName,
    });
    await expect(
      adapter.requestSync({
        phoneNumberId: number.phoneNumberId,
        token,
        syncType: "smb_app_state_sync",
      }),
    ).resolves.toMatchObject({ requestId: expect.any(String) });
    const error = await expectMetaError(adapter.exchangeCode(code));
    expect({ code: error.code, subcode: error.subcode, retryable: error.retryable }).toEqual({
      code: 100,
      subcode: 36009,
      retryable: false,
    });
  });
});
