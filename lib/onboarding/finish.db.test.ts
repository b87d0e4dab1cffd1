import { and, count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { channels, clients, sandboxCodes, sandboxSyncRequests } from "@/db/schema";
import { createPartner } from "@/db/testing/factories";
import { decryptSecret, sha256Hex } from "@/lib/crypto";
import { getEnv, resetEnvForTests } from "@/lib/env";
import { HISTORY_DECLINED_CODE } from "@/lib/meta/webhooks";
import { waitForDeliveries } from "@/lib/sandbox/deliveries";
import { handleGraphRequest } from "@/lib/sandbox/graph";
import { completeSandboxSignup } from "@/lib/sandbox/numbers/signup-codes";
import { createSandboxNumber } from "@/lib/sandbox/numbers/store";
import { startWebhookReceiver } from "@/lib/sandbox/testing/receiver";
import { sandboxRouter, serveHandler } from "@/lib/sandbox/testing/serve";
import { finishOnboarding } from "./finish";
import { createOnboardingGraph } from "./graph";
import type { OnboardingGraph } from "./graph-port";
import { getClientProgress } from "./progress";
import { markPopupOpened, recordPopupOutcome, submitEligibility } from "./sessions";

/**
 * The server steps of onboarding against the sandbox's Graph look-alike over real HTTP, with the
 * sandbox's webhooks received by a signature-checking HTTP server.
 */
let sandbox: Awaited<ReturnType<typeof serveHandler>>;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
let graph: OnboardingGraph;

beforeAll(async () => {
  receiver = await startWebhookReceiver("sandbox-app-secret");
  process.env.SANDBOX_WEBHOOK_URL = receiver.url;
  resetEnvForTests();
  sandbox = await serveHandler(
    sandboxRouter([{ prefix: "/sandbox/graph/", handler: handleGraphRequest }]),
  );
  graph = createOnboardingGraph({ baseUrl: `${sandbox.url}/sandbox/graph`, backoffMs: 5 });
});

afterAll(async () => {
  await sandbox.close();
  await receiver.close();
  delete process.env.SANDBOX_WEBHOOK_URL;
  resetEnvForTests();
});

const yes = {
  appVersionOk: true,
  inUseLongEnough: true,
  noPaymentMethod: true,
  notWithOtherProvider: true,
};

/** A sandbox business finished the popup: a session in the state the page leaves it in. */
async function finishedPopup(options: {
  partner?: Awaited<ReturnType<typeof createPartner>>;
  number?: Awaited<ReturnType<typeof createSandboxNumber>>;
  shareHistory?: boolean;
  withPhoneNumberId?: boolean;
  payload?: string;
}) {
  const partner = options.partner ?? (await createPartner());
  const number =
    options.number ??
    (await createSandboxNumber({
      contacts: 3,
      historyDays: 10,
      shareHistory: options.shareHistory,
    }));
  const { sessionId } = await submitEligibility({
    slug: partner.slug,
    params: {
      partner: options.payload ?? `crm-${number.phoneNumberId}`,
      email: "owner@shop.example",
      state: "st-1",
    },
    answers: { number: "+5511987650001", ...yes },
  });
  await markPopupOpened({ sessionId });
  const { code } = await completeSandboxSignup({ phoneNumberId: number.phoneNumberId });
  await recordPopupOutcome({
    sessionId,
    outcome: {
      kind: "finish",
      event: "FINISH_WHATSAPP_BUSINESS_APP_ONBOARDING",
      wabaId: number.wabaId,
      phoneNumberId: options.withPhoneNumberId ? number.phoneNumberId : undefined,
    },
  });
  return { partner, number, sessionId, code };
}

async function channelsOf(phoneNumberId: string) {
  return getDb().select().from(channels).where(eq(channels.phoneNumberId, phoneNumberId));
}

describe("finishing onboarding against the sandbox", () => {
  it("connects a number from a finish event that carries only the WABA id, and asks for both syncs", async () => {
    const { partner, number, sessionId, code } = await finishedPopup({});
    const session = await finishOnboarding({ sessionId, code, graph });

    expect(session.status).toBe("completed");
    expect(Object.values(session.steps).every((step) => step?.status === "done")).toBe(true);
    expect(session.steps.request_history_sync?.data?.requestId).toBeTruthy();

    const [channel] = await channelsOf(number.phoneNumberId);
    expect(channel).toMatchObject({
      partnerId: partner.id,
      wabaId: number.wabaId,
      displayPhoneNumber: number.displayPhoneNumber,
      verifiedName: number.verifiedName,
      status: "connected",
      coexistence: true,
    });
    // On whole seconds, like Meta's webhook timestamps: a customer who writes within the
    // onboarding second (timestamp rounded down) still opens the service window.
    expect(channel!.onboardedAt!.getMilliseconds()).toBe(0);
    // The business token is stored encrypted, and decrypts to a token the sandbox issued.
    expect(channel!.businessTokenEncrypted).not.toContain("SBX");
    expect(decryptSecret(channel!.businessTokenEncrypted!, getEnv().encryptionKey)).toBeTruthy();

    const [client] = await getDb().select().from(clients).where(eq(clients.id, channel!.clientId));
    expect(client).toMatchObject({
      partnerPayload: `crm-${number.phoneNumberId}`,
      email: "owner@shop.example",
    });

    const syncs = await getDb()
      .select({ type: sandboxSyncRequests.syncType })
      .from(sandboxSyncRequests)
      .where(eq(sandboxSyncRequests.phoneNumberId, number.phoneNumberId));
    expect(syncs.map((s) => s.type).sort()).toEqual(["history", "smb_app_state_sync"]);

    const progress = await getClientProgress({ sessionId });
    expect(progress.status).toBe("completed");
    expect(progress.redirectTo).toBeNull(); // no registered redirect URL on this partner
  });

  it("creates nothing twice when the action is called twice at once", async () => {
    const { number, sessionId, code } = await finishedPopup({ withPhoneNumberId: true });
    const [first, second] = await Promise.all([
      finishOnboarding({ sessionId, code, graph }),
      finishOnboarding({ sessionId, code, graph }),
    ]);
    expect(first.status).toBe("completed");
    expect(second.status).toBe("completed");
    expect(await channelsOf(number.phoneNumberId)).toHaveLength(1);
  });

  it("asks for a new popup when the code expired, and creates no channel", async () => {
    const { number, sessionId } = await finishedPopup({});
    const staleCode = "SBXCODE-stale-for-the-test";
    await getDb()
      .insert(sandboxCodes)
      .values({
        codeHash: sha256Hex(staleCode),
        phoneNumberId: number.phoneNumberId,
        issuedAt: new Date(Date.now() - 60_000),
      });
    const session = await finishOnboarding({ sessionId, code: staleCode, graph });
    expect(session.status).toBe("needs_restart");
    expect(session.errorMessage).toContain("expired");
    expect(session.steps.exchange_token?.error?.metaCode).toBe(100);
    expect(await channelsOf(number.phoneNumberId)).toHaveLength(0);
  });

  it("resumes at the failed step without redoing the code exchange", async () => {
    const { number, sessionId, code } = await finishedPopup({ withPhoneNumberId: true });
    let failures = 1;
    const flaky: OnboardingGraph = {
      ...graph,
      subscribeApp: async (input) => {
        if (failures-- > 0) throw Object.assign(new Error("Meta is down"), { status: 503 });
        return graph.subscribeApp(input);
      },
    };
    const failed = await finishOnboarding({ sessionId, code, graph: flaky });
    expect(failed.status).toBe("failed");
    expect(failed.steps.exchange_token?.status).toBe("done");
    expect(failed.steps.subscribe_app?.status).toBe("failed");
    expect(await channelsOf(number.phoneNumberId)).toHaveLength(0);

    // The code is spent: a retry works only because the exchange is not redone.
    const resumed = await finishOnboarding({ sessionId, graph: flaky });
    expect(resumed.status).toBe("completed");
    expect(await channelsOf(number.phoneNumberId)).toHaveLength(1);
  });

  it("refuses a number already connected under another partner, in plain words", async () => {
    const first = await finishedPopup({ withPhoneNumberId: true });
    await finishOnboarding({ sessionId: first.sessionId, code: first.code, graph });
    const second = await finishedPopup({ number: first.number, withPhoneNumberId: true });
    const session = await finishOnboarding({
      sessionId: second.sessionId,
      code: second.code,
      graph,
    });
    expect(session.status).toBe("failed");
    expect(session.errorMessage).toContain("already connected");
    const rows = await channelsOf(first.number.phoneNumberId);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.partnerId).toBe(first.partner.id);
  });

  it("refuses a client's number beyond its max_channels, in plain words, and creates nothing", async () => {
    // The partner created the client beforehand (no number yet): its first number is within 1.
    const partner = await createPartner();
    await getDb()
      .insert(clients)
      .values({ partnerId: partner.id, name: "Bakery", partnerPayload: "crm-bakery" });
    const first = await finishedPopup({ partner, withPhoneNumberId: true, payload: "crm-bakery" });
    const connected = await finishOnboarding({
      sessionId: first.sessionId,
      code: first.code,
      graph,
    });
    expect(connected.status).toBe("completed");
    // The same client (its partner's id for it) connects a second number: over its 1 allowed.
    const second = await finishedPopup({
      partner: first.partner,
      withPhoneNumberId: true,
      payload: "crm-bakery",
    });
    const refused = await finishOnboarding({
      sessionId: second.sessionId,
      code: second.code,
      graph,
    });
    expect(refused.status).toBe("failed");
    expect(refused.errorMessage).toContain("the most its provider allows");
    expect(await channelsOf(second.number.phoneNumberId)).toHaveLength(0);

    // The partner raises the limit: the same client connects it.
    await getDb()
      .update(clients)
      .set({ maxChannels: 2 })
      .where(and(eq(clients.partnerId, partner.id), eq(clients.partnerPayload, "crm-bakery")));
    const third = await finishedPopup({
      partner: first.partner,
      number: second.number,
      withPhoneNumberId: true,
      payload: "crm-bakery",
    });
    const done = await finishOnboarding({ sessionId: third.sessionId, code: third.code, graph });
    expect(done.status).toBe("completed");
    expect(await channelsOf(second.number.phoneNumberId)).toHaveLength(1);
  });

  it("re-attaches the same number for the same partner after it was disconnected", async () => {
    const first = await finishedPopup({ withPhoneNumberId: true });
    await finishOnboarding({ sessionId: first.sessionId, code: first.code, graph });
    await getDb()
      .update(channels)
      .set({ status: "disconnected", disconnectReason: "PRIMARY_INACTIVITY" })
      .where(eq(channels.phoneNumberId, first.number.phoneNumberId));

    const again = await finishedPopup({
      partner: first.partner,
      number: first.number,
      withPhoneNumberId: true,
      payload: `crm-${first.number.phoneNumberId}`,
    });
    const session = await finishOnboarding({ sessionId: again.sessionId, code: again.code, graph });
    expect(session.status).toBe("completed");
    const rows = await channelsOf(first.number.phoneNumberId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: "connected", disconnectReason: null });
    const [clientCount] = await getDb()
      .select({ value: count() })
      .from(clients)
      .where(and(eq(clients.partnerId, first.partner.id)));
    expect(clientCount?.value).toBe(1);
  });

  it("completes when the business declined history, and Meta's 2593109 follows as a webhook", async () => {
    const { number, sessionId, code } = await finishedPopup({
      shareHistory: false,
      withPhoneNumberId: true,
    });
    const session = await finishOnboarding({ sessionId, code, graph });
    expect(session.status).toBe("completed");
    await waitForDeliveries({ phoneNumberId: number.phoneNumberId, field: "history", count: 1 });
    const declined = receiver.received.some(
      (r) =>
        JSON.stringify(r.body).includes(`"code":${HISTORY_DECLINED_CODE}`) &&
        JSON.stringify(r.body).includes(number.phoneNumberId),
    );
    expect(declined).toBe(true);
  });
});
