import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { messageStatusEvents, messages, sendIdempotencyKeys } from "@/db/schema";
import { ownerScope } from "@/lib/auth/testing";
import { AppError } from "@/lib/errors";
import { deliver } from "@/lib/ingest/testing/harness";
import { envelope, statuses } from "@/lib/ingest/testing/meta-payloads";
import { takeSendToken } from "./bucket";
import { getComposerState } from "./composer";
import { ABANDONED_CLAIM_MS, requestHash } from "./idempotency";
import { sendChatMessage } from "./send";
import { insertPendingMessage, markSent } from "./store";
import {
  apiRowsOf,
  customerWrites,
  onboardSendChannel,
  type SendHarness,
  sentToSandbox,
  settle,
  startSendHarness,
} from "./testing";

/** The send path against the sandbox over real HTTP, statuses back through the webhook route. */
let harness: SendHarness;
beforeAll(async () => {
  harness = await startSendHarness();
});
afterAll(async () => {
  await harness.close();
});

const CUSTOMER = "5511987650001";
const graph = { backoffMs: 10 };

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

function sender(setup: Awaited<ReturnType<typeof onboardSendChannel>>) {
  return (body: unknown, extra: { idempotencyKey?: string; dryRun?: boolean } = {}) =>
    sendChatMessage(ownerScope(setup.partner.id), {
      channelId: setup.channel.id,
      body,
      sentBy: { kind: "user", userId: setup.owner.id },
      graph,
      ...extra,
    });
}

describe("sendChatMessage", () => {
  it("sends a text in the window: stored pending, then sent with the wamid; statuses update that row only", async () => {
    const setup = await onboardSendChannel();
    const send = sender(setup);
    await customerWrites(setup.number.phoneNumberId, CUSTOMER);
    const result = await send({
      messaging_product: "whatsapp",
      to: "+55 11 98765-0001",
      type: "text",
      text: { body: "Yes, we are open until 6" },
    });
    expect(result).toMatchObject({
      dryRun: false,
      replayed: false,
      recipient: { input: "+55 11 98765-0001", waId: CUSTOMER },
      type: "text",
      message: { status: "sent", error: null },
      estimate: { charged: false, blocked: null },
    });
    expect(result.estimate.serviceWindowEndsAt).not.toBeNull();
    const wamid = result.message!.wamid!;
    expect(wamid).toMatch(/^wamid\./);
    expect(await sentToSandbox(setup.number.phoneNumberId)).toHaveLength(1);

    // sent, delivered, read come back signed through the webhook route and ingestion.
    await settle(setup.number.phoneNumberId, 4);
    const rows = await apiRowsOf(setup.channel.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      id: result.message!.id,
      wamid,
      origin: "api",
      direction: "outbound",
      type: "text",
      text: "Yes, we are open until 6",
      status: "read",
      stub: false,
      customerWaId: CUSTOMER,
      sentByUserId: setup.owner.id,
    });
    expect(rows[0]!.pricing).toMatchObject({ category: "service" });
    const events = await getDb()
      .select()
      .from(messageStatusEvents)
      .where(
        and(
          eq(messageStatusEvents.channelId, setup.channel.id),
          eq(messageStatusEvents.wamid, wamid),
        ),
      );
    expect(events.map((e) => e.status).sort()).toEqual(["delivered", "read", "sent"]);
  });

  it("refuses free-form outside the window with 131047 before calling Meta: nothing sent, nothing stored", async () => {
    const setup = await onboardSendChannel();
    const error = await refusal(
      sender(setup)({ to: CUSTOMER, type: "text", text: { body: "Hi" } }),
    );
    expect(error.code).toBe("unprocessable");
    expect(error.message).toContain("131047");
    expect(error.details).toMatchObject({
      meta_error: { code: 131047 },
      window: { open: false },
      estimate: { blocked: { code: 131047 } },
    });
    expect(await sentToSandbox(setup.number.phoneNumberId)).toHaveLength(0);
    expect(await apiRowsOf(setup.channel.id)).toHaveLength(0);
  });

  it("sends a template outside the window, stores its category and its text with the values", async () => {
    const setup = await onboardSendChannel();
    const result = await sender(setup)({
      to: CUSTOMER,
      type: "template",
      template: {
        name: "order_update",
        language: { code: "en_US" },
        components: [{ type: "body", parameters: [{ type: "text", text: "#4711" }] }],
      },
    });
    expect(result.message?.status).toBe("sent");
    expect(result.estimate).toMatchObject({ category: "utility", charged: true });
    const [row] = await apiRowsOf(setup.channel.id);
    expect(row).toMatchObject({
      type: "template",
      templateName: "order_update",
      templateCategory: "utility",
      text: "Your order #4711 is on its way.",
    });
  });

  it("a Meta failure leaves the row failed with Meta's error and answers it", async () => {
    const setup = await onboardSendChannel();
    const error = await refusal(
      sender(setup)({
        to: CUSTOMER,
        type: "template",
        template: { name: "no_such_template", language: { code: "en_US" } },
      }),
    );
    expect(error.code).toBe("unprocessable");
    expect(error.message).toContain("132001");
    const [row] = await apiRowsOf(setup.channel.id);
    expect(error.details).toMatchObject({
      meta_error: { code: 132001 },
      message: { id: row!.id, wamid: null, status: "failed" },
    });
    expect(row).toMatchObject({ status: "failed", wamid: null });
    expect(row!.errors).toMatchObject([{ code: 132001 }]);
  });

  it("validates the body with the field in error", async () => {
    const setup = await onboardSendChannel();
    const error = await refusal(sender(setup)({ to: "12", type: "text", text: { body: "" } }));
    expect(error.code).toBe("unprocessable");
    expect(Object.keys(error.fieldErrors ?? {}).sort()).toEqual(["text.body", "to"]);
    const media = await refusal(sender(setup)({ to: CUSTOMER, type: "image", image: {} }));
    expect(media.fieldErrors).toHaveProperty("image");
  });

  it("a dry run prices and checks, stores and sends nothing", async () => {
    const setup = await onboardSendChannel();
    const result = await sender(setup)(
      {
        to: CUSTOMER,
        type: "template",
        template: { name: "spring_sale", language: { code: "en_US" } },
      },
      { dryRun: true },
    );
    expect(result).toMatchObject({
      dryRun: true,
      message: null,
      estimate: { charged: true, category: "marketing", blocked: null },
    });
    expect(result.estimate.amount?.currency).toBe("USD");
    expect(await sentToSandbox(setup.number.phoneNumberId)).toHaveLength(0);
    expect(await apiRowsOf(setup.channel.id)).toHaveLength(0);
  });

  it("an Idempotency-Key retry sends once and replays the first answer; another body with the key is refused", async () => {
    const setup = await onboardSendChannel();
    const send = sender(setup);
    await customerWrites(setup.number.phoneNumberId, CUSTOMER);
    const body = { to: CUSTOMER, type: "text", text: { body: "Only once" } };
    const [first, second] = await Promise.allSettled([
      send(body, { idempotencyKey: "order-42" }),
      send(body, { idempotencyKey: "order-42" }),
    ]);
    // Concurrent duplicates: one sends, the other is told to retry (409) or replays.
    const sent = [first, second].filter((r) => r.status === "fulfilled");
    expect(sent.length).toBeGreaterThanOrEqual(1);
    for (const r of [first, second]) {
      if (r.status === "rejected") expect((r.reason as AppError).code).toBe("conflict");
    }
    const again = await send(body, { idempotencyKey: "order-42" });
    const original = (sent[0] as PromiseFulfilledResult<Awaited<ReturnType<typeof send>>>).value;
    expect(again).toEqual({ ...original, replayed: true });
    expect(await sentToSandbox(setup.number.phoneNumberId)).toHaveLength(1);
    expect(await apiRowsOf(setup.channel.id)).toHaveLength(1);

    const other = await refusal(
      send({ ...body, text: { body: "Something else" } }, { idempotencyKey: "order-42" }),
    );
    expect(other.code).toBe("unprocessable");
    expect(other.message).toContain("different body");
  });

  it("a key whose first request died before storing anything is taken over once it is abandoned", async () => {
    const setup = await onboardSendChannel();
    const send = sender(setup);
    await customerWrites(setup.number.phoneNumberId, CUSTOMER);
    const body = { to: CUSTOMER, type: "text", text: { body: "After the crash" } };
    // What a process that died right after claiming leaves behind.
    const claimedAt = new Date(Date.now() - ABANDONED_CLAIM_MS / 2);
    await getDb()
      .insert(sendIdempotencyKeys)
      .values({
        channelId: setup.channel.id,
        key: "crashed-1",
        requestHash: requestHash(body),
        createdAt: claimedAt,
      });
    const recent = await refusal(send(body, { idempotencyKey: "crashed-1" }));
    expect(recent.code).toBe("conflict");

    await getDb()
      .update(sendIdempotencyKeys)
      .set({ createdAt: new Date(Date.now() - ABANDONED_CLAIM_MS - 1_000) })
      .where(eq(sendIdempotencyKeys.key, "crashed-1"));
    const result = await send(body, { idempotencyKey: "crashed-1" });
    expect(result).toMatchObject({ replayed: false, message: { status: "sent" } });
    expect(await sentToSandbox(setup.number.phoneNumberId)).toHaveLength(1);
  });

  it("a refusal that sent nothing releases the key: the retry is judged afresh", async () => {
    const setup = await onboardSendChannel();
    const send = sender(setup);
    const body = { to: CUSTOMER, type: "text", text: { body: "After you wrote" } };
    expect((await refusal(send(body, { idempotencyKey: "k1" }))).message).toContain("131047");
    await customerWrites(setup.number.phoneNumberId, CUSTOMER);
    const result = await send(body, { idempotencyKey: "k1" });
    expect(result).toMatchObject({ replayed: false, message: { status: "sent" } });
  });

  it("refuses over the channel's cap with 429 and Retry-After, before storing or sending", async () => {
    const setup = await onboardSendChannel();
    await customerWrites(setup.number.phoneNumberId, CUSTOMER);
    // Take the whole bucket at a moment after this request's: no refill can come in between.
    const later = new Date(Date.now() + 3_000);
    for (let i = 0; i < 20; i++) {
      await takeSendToken({ channelId: setup.channel.id, capacity: 20, now: later });
    }
    const error = await refusal(
      sender(setup)({ to: CUSTOMER, type: "text", text: { body: "too fast" } }),
    );
    expect(error.code).toBe("rate_limited");
    expect(Number(error.headers?.["Retry-After"])).toBeGreaterThanOrEqual(1);
    expect(await sentToSandbox(setup.number.phoneNumberId)).toHaveLength(0);
    expect(await apiRowsOf(setup.channel.id)).toHaveLength(0);
  });
});

describe("statuses and the stored send", () => {
  it("a status that beats Meta's answer is folded into the pending row: one row per wamid", async () => {
    const setup = await onboardSendChannel();
    const ids = {
      wabaId: setup.channel.wabaId,
      phoneNumberId: setup.channel.phoneNumberId,
      displayPhoneNumber: setup.channel.displayPhoneNumber,
    };
    const sentAt = new Date();
    const pending = await insertPendingMessage({
      partnerId: setup.partner.id,
      channelId: setup.channel.id,
      waId: CUSTOMER,
      body: { to: CUSTOMER, type: "text", text: { body: "race" } },
      content: { type: "text", text: { body: "race" } },
      templateCategory: null,
      templateText: null,
      sentAt,
      sentBy: { kind: "user", userId: setup.owner.id },
    });
    const wamid = `wamid.race.${setup.channel.id}`;
    const ts = Math.floor(sentAt.getTime() / 1000) + 2;
    await deliver(
      envelope(ids.wabaId, [
        statuses(ids, [{ wamid, status: "delivered", ts, to: CUSTOMER, pricing: true }]),
      ]),
    );
    expect(
      await markSent({ channelId: setup.channel.id, messageId: pending.id, wamid, at: sentAt }),
    ).toBe("delivered");
    // A later failed status lands on the same row, with Meta's errors.
    await deliver(
      envelope(ids.wabaId, [
        statuses(ids, [{ wamid, status: "failed", ts: ts + 5, to: CUSTOMER }]),
      ]),
    );
    const rows = await getDb()
      .select()
      .from(messages)
      .where(and(eq(messages.channelId, setup.channel.id), eq(messages.wamid, wamid)));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      id: pending.id,
      stub: false,
      type: "text",
      origin: "api",
      status: "failed",
      pricingCategory: "marketing",
    });
    expect(rows[0]!.errors).toMatchObject([{ code: 131049 }]);
  });
});

describe("takeSendToken", () => {
  it("allows the cap at once, refuses the next with the time to wait, refills at the cap per second", async () => {
    const setup = await onboardSendChannel();
    const channelId = setup.channel.id;
    const t = new Date("2030-01-01T00:00:00.000Z");
    const takes = await Promise.all(
      Array.from({ length: 25 }, () => takeSendToken({ channelId, capacity: 20, now: t })),
    );
    expect(takes.filter((r) => r.allowed)).toHaveLength(20);
    expect(takes.find((r) => !r.allowed)).toEqual({ allowed: false, retryAfterMs: 50 });
    const soon = new Date(t.getTime() + 50);
    expect(await takeSendToken({ channelId, capacity: 20, now: soon })).toEqual({ allowed: true });
    expect((await takeSendToken({ channelId, capacity: 20, now: soon })).allowed).toBe(false);
    const second = new Date(t.getTime() + 1_050);
    const refilled = await Promise.all(
      Array.from({ length: 21 }, () => takeSendToken({ channelId, capacity: 20, now: second })),
    );
    expect(refilled.filter((r) => r.allowed)).toHaveLength(20);
  });
});

describe("getComposerState", () => {
  it("offers templates only until the customer writes after onboarding, then free-form too", async () => {
    const setup = await onboardSendChannel();
    const scope = ownerScope(setup.partner.id);
    const on = { channelId: setup.channel.id, waId: CUSTOMER };
    const closed = await getComposerState(scope, on);
    expect(closed.window.open).toBe(false);
    expect(closed.freeForm).toMatchObject({
      allowed: false,
      estimate: { blocked: { code: 131047 } },
    });
    expect(closed.freeForm.reason).toMatch(/not written since/);
    expect(closed.templates.ok).toBe(true);
    const order = closed.templates.items.find((t) => t.name === "order_update");
    expect(order).toMatchObject({
      category: "utility",
      bodyText: "Your order {{1}} is on its way.",
      parameters: [{ component: "body", key: "1" }],
      estimate: { charged: true },
    });

    await customerWrites(setup.number.phoneNumberId, CUSTOMER);
    const open = await getComposerState(scope, on);
    expect(open.window.open).toBe(true);
    expect(open.freeForm).toMatchObject({
      allowed: true,
      reason: null,
      estimate: { charged: false },
    });
  });

  it("is a 404 for another partner's channel", async () => {
    const setup = await onboardSendChannel();
    const stranger = await onboardSendChannel();
    const error = await refusal(
      getComposerState(ownerScope(stranger.partner.id), {
        channelId: setup.channel.id,
        waId: CUSTOMER,
      }),
    );
    expect(error.code).toBe("not_found");
  });
});
