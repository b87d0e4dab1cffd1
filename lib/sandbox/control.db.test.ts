import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { sandboxNumbers, sandboxWebhookDeliveries } from "@/db/schema";
import { resetEnvForTests } from "@/lib/env";
import { parseChange, webhookEnvelopeSchema } from "@/lib/meta/webhooks";
import { handleControlRequest } from "./control/router";
import { deliveryPolicy, emitWebhooks, waitForDeliveries } from "./deliveries";
import { handleGraphRequest } from "./graph";
import { historyDeclinedChange } from "./payloads";
import { startWebhookReceiver } from "./testing/receiver";
import { sandboxRouter, serveHandler } from "./testing/serve";

/** The control API over real HTTP; its webhooks received and signature-checked by a real server. */
let sandbox: Awaited<ReturnType<typeof serveHandler>>;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;

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
});

afterAll(async () => {
  await sandbox.close();
  await receiver.close();
  delete process.env.SANDBOX_WEBHOOK_URL;
  delete process.env.SANDBOX;
  resetEnvForTests();
});

// biome-ignore lint/suspicious/noExplicitAny: loosely read JSON answers in assertions
type Json = Record<string, any>;

async function call(method: string, path: string, body?: unknown) {
  const response = await fetch(`${sandbox.url}/sandbox/api/${path}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  return {
    status: response.status,
    body: (await response.json().catch(() => null)) as Json,
  };
}

async function newNumber(body: Record<string, unknown> = {}) {
  const { status, body: number } = await call("POST", "numbers", { contacts: 3, ...body });
  expect(status).toBe(201);
  return number as {
    phone_number_id: string;
    waba_id: string;
    business_id: string;
    display_phone_number: string;
  };
}

async function bodiesFor(phoneNumberId: string, count: number, field?: string) {
  const rows = await waitForDeliveries({ phoneNumberId, count, field });
  return rows.map((row) => row.body);
}

function parsedChanges(body: unknown) {
  const envelope = webhookEnvelopeSchema.parse(body);
  return envelope.entry.flatMap((entry) =>
    entry.changes.map((change) => {
      const result = parseChange(change.field, change.value);
      if (!result.ok) throw new Error(JSON.stringify(result));
      return result.change;
    }),
  );
}

describe("the sandbox control API", () => {
  it("creates a number with its ids, in the requested country", async () => {
    const number = await newNumber({ country: "DE", display_name: "Bäckerei" });
    expect(number).toMatchObject({ country: "DE", verified_name: "Bäckerei", status: "new" });
    expect(number.display_phone_number.startsWith("49")).toBe(true);
    expect(number.waba_id).toMatch(/^\d{15}$/);
    const { body } = await call("GET", `numbers/${number.phone_number_id}`);
    expect(body.contacts).toHaveLength(3);
  });

  it("a PATCH that names nothing changes nothing and answers the number; an unknown one is 404", async () => {
    const number = await newNumber();
    const empty = await call("PATCH", `numbers/${number.phone_number_id}`, {});
    expect(empty.status).toBe(200);
    expect(empty.body).toMatchObject({ phone_number_id: number.phone_number_id });
    const unknownField = await call("PATCH", `numbers/${number.phone_number_id}`, {
      colour: "red",
    });
    expect(unknownField.status).toBe(200);
    const missing = await call("PATCH", "numbers/000000000000000", {});
    expect(missing.status).toBe(404);
  });

  it("plays a customer's messages as `messages` webhooks", async () => {
    const number = await newNumber();
    const text = await call("POST", `numbers/${number.phone_number_id}/inbound`, {
      type: "text",
      text: "Hi there",
    });
    expect(text.status).toBe(201);
    await call("POST", `numbers/${number.phone_number_id}/inbound`, {
      type: "reply",
      text: "and this",
      reply_to: text.body.wamid,
    });
    await call("POST", `numbers/${number.phone_number_id}/inbound`, { type: "referral" });
    await call("POST", `numbers/${number.phone_number_id}/inbound`, { type: "location" });
    const bodies = await bodiesFor(number.phone_number_id, 4);
    const messages = bodies
      .flatMap(parsedChanges)
      .flatMap((c) => (c.field === "messages" ? (c.value.messages ?? []) : []));
    expect(messages.map((m) => m.type)).toEqual(["text", "text", "text", "location"]);
    expect(messages[0]!.text?.body).toBe("Hi there");
    expect(messages[1]!.context?.id).toBe(text.body.wamid);
    expect(messages[2]!.referral?.source_type).toBe("ad");
    expect(receiver.received.every((r) => r.signatureValid)).toBe(true);
  });

  it("plays the business's app as echoes, and its address book as state sync", async () => {
    const number = await newNumber();
    const echo = await call("POST", `numbers/${number.phone_number_id}/echo`, {
      type: "text",
      text: "From the app",
    });
    await call("POST", `numbers/${number.phone_number_id}/echo`, {
      type: "revoke",
      original_message_id: echo.body.wamid,
    });
    await call("POST", `numbers/${number.phone_number_id}/contacts`, {
      action: "add",
      phone_number: "5511912345678",
      full_name: "Rita Lee",
    });
    const bodies = await bodiesFor(number.phone_number_id, 3);
    const changes = bodies.flatMap(parsedChanges);
    expect(changes.map((c) => c.field)).toEqual([
      "smb_message_echoes",
      "smb_message_echoes",
      "smb_app_state_sync",
    ]);
  });

  it("reports disconnection, offboarding and reconnection as account updates", async () => {
    const number = await newNumber();
    await call("POST", `numbers/${number.phone_number_id}/disconnect`, {
      reason: "PRIMARY_INACTIVITY",
      initiated_by: "SYSTEM",
    });
    await call("POST", `numbers/${number.phone_number_id}/offboard`);
    await call("POST", `numbers/${number.phone_number_id}/reconnect`);
    const bodies = await bodiesFor(number.phone_number_id, 3);
    const events = bodies
      .flatMap(parsedChanges)
      .map((c) => (c.field === "account_update" ? c.value : null));
    expect(events.map((e) => e?.event)).toEqual([
      "PARTNER_REMOVED",
      "ACCOUNT_OFFBOARDED",
      "ACCOUNT_RECONNECTED",
    ]);
    expect(events[0]!.disconnection_info).toEqual({
      reason: "PRIMARY_INACTIVITY",
      initiated_by: "SYSTEM",
    });
    expect((bodies[0] as { entry: { id: string }[] }).entry[0]!.id).toBe(number.waba_id);
  });

  it("retries a delivery the receiver refuses, and records every attempt", async () => {
    const number = await newNumber();
    receiver.failNext(2);
    await call("POST", `numbers/${number.phone_number_id}/inbound`, { text: "retry me" });
    const [delivery] = await waitForDeliveries({ phoneNumberId: number.phone_number_id, count: 1 });
    expect(delivery!.status).toBe("delivered");
    expect(delivery!.attempts.map((a) => a.status)).toEqual([503, 503, 200]);
  });

  it("gives up after a bounded number of attempts", async () => {
    const number = await newNumber({ webhook_url: "http://127.0.0.1:9/nothing-listens-here" });
    await call("POST", `numbers/${number.phone_number_id}/inbound`, { text: "lost" });
    const [delivery] = await waitForDeliveries({
      phoneNumberId: number.phone_number_id,
      count: 1,
      timeoutMs: 15_000,
    });
    expect(delivery!.status).toBe("failed");
    expect(delivery!.attempts).toHaveLength(deliveryPolicy.maxAttempts);
    expect(delivery!.attempts[0]!.error).toBeTruthy();
  });

  it("delivers twice, batches, and shuffles on request", async () => {
    const number = await newNumber();
    await call("POST", `numbers/${number.phone_number_id}/inbound`, {
      text: "twice",
      faults: { duplicate: true },
    });
    const twice = await bodiesFor(number.phone_number_id, 2);
    expect(twice[0]).toEqual(twice[1]);

    const batched = await newNumber({ faults: { batch: true } });
    await call("PATCH", `numbers/${batched.phone_number_id}`, { faults: { batch: true } });
    const { body: signup } = await call("POST", "signup", {
      phone_number_id: batched.phone_number_id,
    });
    const token = await fetch(
      `${sandbox.url}/sandbox/graph/v25.0/oauth/access_token?client_id=sandbox-app&client_secret=sandbox-app-secret&code=${signup.code}`,
    ).then((r) => r.json() as Promise<{ access_token: string }>);
    await call("POST", `numbers/${batched.phone_number_id}/inbound`, { text: "open the window" });
    await fetch(`${sandbox.url}/sandbox/graph/v25.0/${batched.phone_number_id}/messages`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${token.access_token}`,
        "content-type": "application/json",
      },
      body: JSON.stringify({
        messaging_product: "whatsapp",
        to: (await call("GET", `numbers/${batched.phone_number_id}`)).body.contacts[0].wa_id,
        type: "text",
        text: { body: "x" },
      }),
    });
    const rows = await waitForDeliveries({ phoneNumberId: batched.phone_number_id, count: 2 });
    const statusPost = rows[1]!.body as { entry: { changes: unknown[] }[] };
    // sent, delivered and read in one POST: two entries (2 + 1 changes).
    expect(statusPost.entry.map((e) => e.changes.length)).toEqual([2, 1]);
    expect(parsedChanges(statusPost)).toHaveLength(3);

    const shuffled = await newNumber();
    await call("POST", `numbers/${shuffled.phone_number_id}/contacts`, {
      action: "add",
      phone_number: "5511911111111",
      faults: { shuffle: true },
    });
    expect(await bodiesFor(shuffled.phone_number_id, 1)).toHaveLength(1);
  });

  it("spaces one emission's POSTs out on request (spacing_ms, a slow Meta)", async () => {
    const number = await newNumber({ faults: { spacing_ms: 700 } });
    const { body: view } = await call("GET", `numbers/${number.phone_number_id}`);
    expect(view.faults).toEqual({ spacing_ms: 700 });
    const ref = {
      wabaId: number.waba_id,
      phoneNumberId: number.phone_number_id,
      displayPhoneNumber: number.display_phone_number,
    };
    const ids = await emitWebhooks(
      { ...ref, faults: view.faults },
      [historyDeclinedChange(ref), historyDeclinedChange(ref), historyDeclinedChange(ref)],
      { at: new Date() },
    );
    const rows = await getDb()
      .select({ next: sandboxWebhookDeliveries.nextAttemptAt })
      .from(sandboxWebhookDeliveries)
      .where(inArray(sandboxWebhookDeliveries.id, ids))
      .orderBy(sandboxWebhookDeliveries.id);
    const times = rows.map((row) => row.next.getTime());
    expect([times[1]! - times[0]!, times[2]! - times[1]!]).toEqual([700, 700]);
    expect((await call("POST", "numbers", { faults: { spacing_ms: -1 } })).status).toBe(422);
  });

  it("moves the clock and reads it back", async () => {
    // One second only: on Postgres the test files share the sandbox clock.
    const moved = await call("POST", "clock", { advance_seconds: 1 });
    expect(moved.status).toBe(200);
    const back = await call("POST", "clock", { advance_seconds: -1 });
    expect(moved.body.offset_seconds - back.body.offset_seconds).toBe(1);
    const read = await call("GET", "clock");
    expect(
      Math.abs(Date.parse(read.body.now) - Date.now() - read.body.offset_seconds * 1000),
    ).toBeLessThan(5_000);
    expect((await call("POST", "clock", {})).status).toBe(422);
  });

  it("disconnects a number 14 days after the app was last used, when the clock moves", async () => {
    const idle = await newNumber();
    const active = await newNumber();
    for (const n of [idle, active])
      await call("POST", "signup", { phone_number_id: n.phone_number_id });
    // Age the idle number by hand: moving the shared clock 14 days would touch other files' numbers.
    const fifteenDaysAgo = new Date(Date.now() - 15 * 86_400_000);
    await getDb()
      .update(sandboxNumbers)
      .set({ onboardedAt: fifteenDaysAgo, lastAppActivityAt: fifteenDaysAgo })
      .where(eq(sandboxNumbers.phoneNumberId, idle.phone_number_id));
    const opened = await call("POST", `numbers/${active.phone_number_id}/app-open`);
    expect(opened.status).toBe(200);
    const moved = await call("POST", "clock", { advance_seconds: 0 });
    expect(moved.body.disconnected).toContain(idle.phone_number_id);
    expect(moved.body.disconnected).not.toContain(active.phone_number_id);
    const [delivery] = await waitForDeliveries({
      phoneNumberId: idle.phone_number_id,
      field: "account_update",
      count: 1,
    });
    expect(delivery!.body).toMatchObject({
      entry: [
        {
          changes: [
            {
              value: {
                event: "PARTNER_REMOVED",
                disconnection_info: { reason: "PRIMARY_INACTIVITY", initiated_by: "SYSTEM" },
              },
            },
          ],
        },
      ],
    });
    expect((await call("GET", `numbers/${idle.phone_number_id}`)).body.status).toBe("disconnected");
  });

  it("answers bad input with a clear error and writes nothing", async () => {
    const listed = (await call("GET", "numbers")).body.data.length;
    const wrong = await call("POST", "numbers", { country: "Brazil" });
    expect(wrong.status).toBe(422);
    expect(wrong.body.error.code).toBe("unprocessable");
    const broken = await call("POST", "numbers", "{not json");
    expect(broken.status).toBe(400);
    expect((await call("GET", "numbers")).body.data.length).toBe(listed);
    const missing = await call("POST", "numbers/404404/inbound", { text: "hi" });
    expect(missing.status).toBe(404);
    const noReply = await call("POST", `numbers/${(await newNumber()).phone_number_id}/inbound`, {
      type: "reply",
      text: "x",
    });
    expect(noReply.status).toBe(422);
  });

  it("refuses to sign up a number that is not eligible", async () => {
    const number = await newNumber({ eligible: false });
    const result = await call("POST", "signup", { phone_number_id: number.phone_number_id });
    expect(result.status).toBe(409);
  });

  it("does not exist when SANDBOX is off", async () => {
    process.env.SANDBOX = "false";
    resetEnvForTests();
    try {
      expect((await call("GET", "numbers")).status).toBe(404);
      expect((await fetch(`${sandbox.url}/sandbox/graph/v25.0/oauth/access_token`)).status).toBe(
        404,
      );
    } finally {
      delete process.env.SANDBOX;
      resetEnvForTests();
    }
  });
});
