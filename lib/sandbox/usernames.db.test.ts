import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetEnvForTests } from "@/lib/env";
import { isBsuid } from "@/lib/meta/bsuid";
import { parseChange, webhookEnvelopeSchema } from "@/lib/meta/webhooks";
import { handleControlRequest } from "./control/router";
import { listDeliveries } from "./deliveries";
import { handleGraphRequest } from "./graph";
import { startWebhookReceiver } from "./testing/receiver";
import { sandboxRouter, serveHandler } from "./testing/serve";

/**
 * BSUIDs and usernames over real HTTP: every payload names the customer by BSUID, a customer
 * with a username can hide the number from all of them, the Graph look-alike sends to a BSUID
 * (`recipient`), and a number change is told in Meta's two shapes. Every body sent is checked
 * against the hub's own schemas (lib/meta/webhooks.ts).
 */
let sandbox: Awaited<ReturnType<typeof serveHandler>>;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;

beforeAll(async () => {
  receiver = await startWebhookReceiver("sandbox-app-secret");
  process.env.SANDBOX_WEBHOOK_URL = receiver.url;
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
  resetEnvForTests();
});

// biome-ignore lint/suspicious/noExplicitAny: loosely read JSON answers in assertions
type Json = Record<string, any>;

async function call(method: string, path: string, body?: unknown) {
  const response = await fetch(`${sandbox.url}/sandbox/api/${path}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json().catch(() => null)) as Json };
}

type Customer = {
  wa_id: string;
  user_id: string;
  parent_user_id: string | null;
  username: string | null;
  hide_number: boolean;
  label: string;
};

async function newNumber(body: Record<string, unknown> = {}) {
  const { status, body: number } = await call("POST", "numbers", {
    contacts: 3,
    history_days: 3,
    ...body,
  });
  expect(status).toBe(201);
  return number as { phone_number_id: string; waba_id: string };
}

async function customersOf(phoneNumberId: string): Promise<Customer[]> {
  return (await call("GET", `numbers/${phoneNumberId}`)).body.customers;
}

async function saveCustomer(phoneNumberId: string, body: Record<string, unknown>) {
  const saved = await call("POST", `numbers/${phoneNumberId}/customers`, body);
  expect(saved.status, JSON.stringify(saved.body)).toBe(201);
  return saved.body as Customer;
}

/** Onboards the number and returns a business token for the Graph look-alike. */
async function onboard(phoneNumberId: string) {
  const { body: signup } = await call("POST", "signup", { phone_number_id: phoneNumberId });
  const exchanged = await fetch(
    `${sandbox.url}/sandbox/graph/v25.0/oauth/access_token?client_id=sandbox-app&client_secret=sandbox-app-secret&code=${signup.code}`,
  ).then((r) => r.json() as Promise<{ access_token: string }>);
  return exchanged.access_token;
}

async function graph(token: string, method: string, path: string, body?: unknown) {
  const response = await fetch(`${sandbox.url}/sandbox/graph/v25.0/${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Json };
}

/** The changes the sandbox queued for the number (bodies are stored as they are queued). */
async function changesOf(phoneNumberId: string, field?: string, afterId = 0) {
  const rows = await listDeliveries({ phoneNumberId, field, afterId, limit: 1000 });
  return rows.flatMap((row) => {
    const envelope = webhookEnvelopeSchema.parse(row.body);
    return envelope.entry.flatMap((entry) =>
      entry.changes.map((change) => {
        const parsed = parseChange(change.field, change.value);
        if (!parsed.ok) throw new Error(JSON.stringify(parsed));
        return { id: row.id, field: change.field, value: change.value as Json };
      }),
    );
  });
}

const lastDeliveryId = async (phoneNumberId: string) =>
  (await listDeliveries({ phoneNumberId, limit: 1000 })).at(-1)?.id ?? 0;

describe("BSUIDs in every payload", () => {
  it("names each customer by a stable BSUID beside the number, live and in the syncs", async () => {
    const number = await newNumber();
    const [first] = await customersOf(number.phone_number_id);
    expect(isBsuid(first!.user_id)).toBe(true);
    expect(first!.parent_user_id).toBeNull();
    const token = await onboard(number.phone_number_id);

    await call("POST", `numbers/${number.phone_number_id}/inbound`, { text: "Hi" });
    await call("POST", `numbers/${number.phone_number_id}/echo`, { text: "Hello" });
    for (const sync_type of ["smb_app_state_sync", "history"]) {
      const synced = await graph(token, "POST", `${number.phone_number_id}/smb_app_data`, {
        messaging_product: "whatsapp",
        sync_type,
      });
      expect(synced.status).toBe(200);
    }

    const [inbound] = await changesOf(number.phone_number_id, "messages");
    expect(inbound!.value.contacts[0]).toMatchObject({
      wa_id: first!.wa_id,
      user_id: first!.user_id,
    });
    expect(inbound!.value.messages[0]).toMatchObject({
      from: first!.wa_id,
      from_user_id: first!.user_id,
    });
    const [echo] = await changesOf(number.phone_number_id, "smb_message_echoes");
    expect(echo!.value.message_echoes[0]).toMatchObject({
      to: first!.wa_id,
      to_user_id: first!.user_id,
    });
    const customers = await customersOf(number.phone_number_id);
    const [sync] = await changesOf(number.phone_number_id, "smb_app_state_sync");
    expect(sync!.value.state_sync.map((item: Json) => item.contact)).toEqual(
      customers.map((c) => expect.objectContaining({ phone_number: c.wa_id, user_id: c.user_id })),
    );
    const threads = (await changesOf(number.phone_number_id, "history")).flatMap(
      (change) => change.value.history?.[0]?.threads ?? [],
    );
    expect(threads.length).toBeGreaterThan(0);
    for (const thread of threads) {
      const owner = customers.find((c) => c.wa_id === thread.id);
      expect(thread.context).toEqual({ user_id: owner!.user_id });
    }
    // The same customer, the same BSUID: the ids never move between calls.
    expect((await customersOf(number.phone_number_id))[0]).toEqual(customers[0]);
  });

  it("adds parent BSUIDs when the number has them on", async () => {
    const number = await newNumber({ parent_bsuids: true });
    const [first] = await customersOf(number.phone_number_id);
    expect(first!.parent_user_id).toMatch(/^[A-Z]{2}\.ENT\.\d+$/);
    await call("POST", `numbers/${number.phone_number_id}/inbound`, { text: "Hi" });
    const [inbound] = await changesOf(number.phone_number_id, "messages");
    expect(inbound!.value.contacts[0].parent_user_id).toBe(first!.parent_user_id);
    expect(inbound!.value.messages[0].from_parent_user_id).toBe(first!.parent_user_id);
  });
});

describe("a customer with a username who hides the number", () => {
  it("is created with a number nobody sees, and writes by BSUID and username only", async () => {
    const number = await newNumber();
    const bob = await saveCustomer(number.phone_number_id, {
      name: "Bob Builder",
      username: "@Bob.Builds",
      hide_number: true,
    });
    expect(bob).toMatchObject({ username: "bob.builds", hide_number: true, label: "@bob.builds" });
    expect(bob.wa_id).toMatch(/^\d+$/);
    expect(
      bob.user_id.startsWith(
        `${(await call("GET", `numbers/${number.phone_number_id}`)).body.country}.`,
      ),
    ).toBe(true);

    const sent = await call("POST", `numbers/${number.phone_number_id}/inbound`, {
      from: "@bob.builds",
      text: "Is the shop open?",
    });
    expect(sent.status).toBe(201);
    await call("POST", `numbers/${number.phone_number_id}/echo`, {
      to: bob.user_id,
      text: "Until 6",
    });
    const changes = await changesOf(number.phone_number_id);
    expect(changes).toHaveLength(2);
    for (const change of changes) expect(JSON.stringify(change.value)).not.toContain(bob.wa_id);
    expect(changes[0]!.value.contacts).toEqual([
      { profile: { name: "Bob Builder", username: "bob.builds" }, user_id: bob.user_id },
    ]);
    expect(changes[0]!.value.messages[0]).toMatchObject({
      from_user_id: bob.user_id,
      text: { body: "Is the shop open?" },
    });
    expect(changes[1]!.value.message_echoes[0].to_user_id).toBe(bob.user_id);

    // The phone simulator lists them by username, and their messages too.
    const { body: detail } = await call("GET", `numbers/${number.phone_number_id}`);
    expect(detail.customers.at(-1)).toMatchObject({ label: "@bob.builds" });
    expect(detail.messages.map((m: Json) => m.customer)).toEqual(["@bob.builds", "@bob.builds"]);
  });

  it("hides a saved contact's number from the contacts sync and the history", async () => {
    const number = await newNumber();
    const [first] = await customersOf(number.phone_number_id);
    await saveCustomer(number.phone_number_id, {
      wa_id: first!.wa_id,
      username: "ana",
      hide_number: true,
    });
    const token = await onboard(number.phone_number_id);
    for (const sync_type of ["smb_app_state_sync", "history"]) {
      await graph(token, "POST", `${number.phone_number_id}/smb_app_data`, {
        messaging_product: "whatsapp",
        sync_type,
      });
    }
    const changes = await changesOf(number.phone_number_id);
    for (const change of changes) expect(JSON.stringify(change.value)).not.toContain(first!.wa_id);
    const contacts = changes
      .filter((c) => c.field === "smb_app_state_sync")
      .flatMap((c) => c.value.state_sync.map((item: Json) => item.contact));
    expect(contacts).toContainEqual(expect.objectContaining({ user_id: first!.user_id }));
    const threads = changes
      .filter((c) => c.field === "history")
      .flatMap((c) => c.value.history?.[0]?.threads ?? []);
    const anas = threads.filter((t: Json) => t.context.user_id === first!.user_id);
    expect(anas.length).toBeGreaterThan(0);
    expect(anas[0]).not.toHaveProperty("id");
    expect(anas[0].context.username).toBe("ana");
  });

  it("refuses a hidden number without a username, a taken username and an unknown one", async () => {
    const number = await newNumber();
    const hiddenAlone = await call("POST", `numbers/${number.phone_number_id}/customers`, {
      hide_number: true,
    });
    expect(hiddenAlone.status).toBe(422);
    await saveCustomer(number.phone_number_id, { username: "rita" });
    const taken = await call("POST", `numbers/${number.phone_number_id}/customers`, {
      username: "Rita",
    });
    expect(taken.status).toBe(409);
    const unknown = await call("POST", `numbers/${number.phone_number_id}/inbound`, {
      from: "@nobody",
    });
    expect(unknown.status).toBe(404);
    const bad = await call("POST", `numbers/${number.phone_number_id}/customers`, {
      username: "no spaces",
    });
    expect(bad.status).toBe(422);
  });
});

describe("sending to a BSUID (Graph `recipient`)", () => {
  it("reaches the customer by BSUID, answers with user_id, and names them by BSUID only", async () => {
    const number = await newNumber({ parent_bsuids: true });
    const token = await onboard(number.phone_number_id);
    const bob = await saveCustomer(number.phone_number_id, { username: "bob", hide_number: true });
    await call("POST", `numbers/${number.phone_number_id}/inbound`, { from: "@bob", text: "Hi" });
    const after = await lastDeliveryId(number.phone_number_id);

    const send = (body: Json) =>
      graph(token, "POST", `${number.phone_number_id}/messages`, {
        messaging_product: "whatsapp",
        recipient_type: "individual",
        type: "text",
        text: { body: "Hello Bob" },
        ...body,
      });
    const byBsuid = await send({ recipient: bob.user_id });
    expect(byBsuid.status, JSON.stringify(byBsuid.body)).toBe(200);
    expect(byBsuid.body.contacts).toEqual([{ input: bob.user_id, user_id: bob.user_id }]);
    const statuses = (await changesOf(number.phone_number_id, "messages", after)).map(
      (c) => c.value,
    );
    expect(statuses.map((v) => v.statuses[0].status)).toEqual(["sent", "delivered", "read"]);
    for (const value of statuses) {
      expect(JSON.stringify(value)).not.toContain(bob.wa_id);
      expect(value.statuses[0]).toMatchObject({
        id: byBsuid.body.messages[0].id,
        recipient_user_id: bob.user_id,
        recipient_parent_user_id: bob.parent_user_id,
      });
    }
    expect(statuses[1]!.contacts[0].profile).toEqual({ username: "bob" });

    // A parent BSUID reaches the same customer.
    const byParent = await send({ recipient: bob.parent_user_id });
    expect(byParent.status).toBe(200);
    expect(byParent.body.contacts).toEqual([{ input: bob.parent_user_id, user_id: bob.user_id }]);
    const { body: detail } = await call("GET", `numbers/${number.phone_number_id}`);
    const api = detail.messages.filter((m: Json) => m.direction === "api");
    expect(api.map((m: Json) => m.wa_id)).toEqual([bob.wa_id, bob.wa_id]);
    expect(api[0].content).not.toHaveProperty("recipient");
  });

  it("lets `to` win over `recipient`, and keeps the number path as it was", async () => {
    const number = await newNumber();
    const token = await onboard(number.phone_number_id);
    const [ana, carl] = await customersOf(number.phone_number_id);
    for (const who of [ana!, carl!]) {
      await call("POST", `numbers/${number.phone_number_id}/inbound`, { from: who.wa_id });
    }
    const after = await lastDeliveryId(number.phone_number_id);
    const sent = await graph(token, "POST", `${number.phone_number_id}/messages`, {
      messaging_product: "whatsapp",
      to: `+${ana!.wa_id}`,
      recipient: carl!.user_id,
      type: "text",
      text: { body: "For Ana" },
    });
    expect(sent.status).toBe(200);
    expect(sent.body.contacts).toEqual([{ input: `+${ana!.wa_id}`, wa_id: ana!.wa_id }]);
    const [status] = await changesOf(number.phone_number_id, "messages", after);
    expect(status!.value.statuses[0]).toMatchObject({
      recipient_id: ana!.wa_id,
      recipient_user_id: ana!.user_id,
    });
    expect(status!.value.contacts).toEqual([
      { profile: {}, wa_id: ana!.wa_id, user_id: ana!.user_id },
    ]);
  });

  it("refuses an unknown BSUID, a parent BSUID when off, no recipient, an authentication template", async () => {
    const number = await newNumber();
    const token = await onboard(number.phone_number_id);
    const [ana] = await customersOf(number.phone_number_id);
    await call("POST", `numbers/${number.phone_number_id}/inbound`, { from: ana!.wa_id });
    const send = (body: Json) =>
      graph(token, "POST", `${number.phone_number_id}/messages`, {
        messaging_product: "whatsapp",
        type: "text",
        text: { body: "x" },
        ...body,
      });
    const unknown = await send({ recipient: "BR.1502576394655843" });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toMatchObject({ code: 100, type: "OAuthException" });
    expect(unknown.body.error.error_data.details).toContain("BR.1502576394655843");
    const parentOff = await send({ recipient: ana!.user_id.replace(".", ".ENT.") });
    expect(parentOff.status).toBe(400);
    expect((await send({ recipient: "bob" })).status).toBe(400);
    expect((await send({})).status).toBe(400);
    // Authentication templates still need a number (131062); other templates go to a BSUID.
    const template = (name: string) => ({
      recipient: ana!.user_id,
      type: "template",
      template: { name, language: { code: "en_US" } },
    });
    const login = await send(template("login_code"));
    expect(login.status).toBe(400);
    expect(login.body.error.code).toBe(131062);
    expect((await send(template("order_update"))).status).toBe(200);
    const { body: detail } = await call("GET", `numbers/${number.phone_number_id}`);
    const api = detail.messages.filter((m: Json) => m.direction === "api");
    expect(api.map((m: Json) => m.type)).toEqual(["template"]);
  });
});

describe("a customer changes number", () => {
  it("gets a new number and BSUID, told as Meta's system message, and is named by them after", async () => {
    const number = await newNumber();
    const token = await onboard(number.phone_number_id);
    const [ana] = await customersOf(number.phone_number_id);
    await call("POST", `numbers/${number.phone_number_id}/inbound`, { from: ana!.wa_id });
    const after = await lastDeliveryId(number.phone_number_id);

    const changed = await call("POST", `numbers/${number.phone_number_id}/change-number`, {
      customer: ana!.wa_id,
    });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    const { previous, current } = changed.body;
    expect(previous).toMatchObject({ wa_id: ana!.wa_id, user_id: ana!.user_id });
    expect(current.wa_id).not.toBe(ana!.wa_id);
    expect(current.user_id).not.toBe(ana!.user_id);
    expect(isBsuid(current.user_id)).toBe(true);

    const [system] = await changesOf(number.phone_number_id, "messages", after);
    expect(system!.value.contacts).toBeUndefined();
    expect(system!.value.messages[0]).toMatchObject({
      from: ana!.wa_id,
      from_user_id: ana!.user_id,
      type: "system",
      system: {
        type: "user_changed_number",
        wa_id: current.wa_id,
        user_id: current.user_id,
        previous_user_id: ana!.user_id,
      },
    });

    // Later payloads use the new ids; the conversation (and its window) moved with the person.
    const later = await lastDeliveryId(number.phone_number_id);
    await call("POST", `numbers/${number.phone_number_id}/inbound`, { from: current.user_id });
    const [inbound] = await changesOf(number.phone_number_id, "messages", later);
    expect(inbound!.value.messages[0]).toMatchObject({
      from: current.wa_id,
      from_user_id: current.user_id,
    });
    const customers = await customersOf(number.phone_number_id);
    expect(customers.find((c) => c.user_id === current.user_id)?.wa_id).toBe(current.wa_id);
    expect(customers.map((c) => c.wa_id)).not.toContain(ana!.wa_id);
    const send = (recipient: string) =>
      graph(token, "POST", `${number.phone_number_id}/messages`, {
        messaging_product: "whatsapp",
        recipient,
        type: "text",
        text: { body: "Got your new number" },
      });
    expect((await send(current.user_id)).status).toBe(200);
    expect((await send(ana!.user_id)).status).toBe(400);
  });

  it("is told as user_id_update on request, and without a number for a hidden customer", async () => {
    const number = await newNumber();
    const [ana] = await customersOf(number.phone_number_id);
    const legacy = await call("POST", `numbers/${number.phone_number_id}/change-number`, {
      wa_id: ana!.wa_id,
      new_wa_id: "5511998877665",
      shape: "user_id_update",
    });
    expect(legacy.status).toBe(200);
    const [update] = await changesOf(number.phone_number_id, "user_id_update");
    expect(update!.value.user_id_update).toEqual([
      {
        wa_id: "5511998877665",
        detail: {
          previous: { user_id: ana!.user_id },
          current: { user_id: legacy.body.current.user_id },
        },
        timestamp: expect.stringMatching(/^\d+$/),
      },
    ]);

    const bob = await saveCustomer(number.phone_number_id, { username: "bob", hide_number: true });
    const after = await lastDeliveryId(number.phone_number_id);
    const hidden = await call("POST", `numbers/${number.phone_number_id}/change-number`, {
      customer: "@bob",
    });
    expect(hidden.status).toBe(200);
    const [system] = await changesOf(number.phone_number_id, "messages", after);
    const text = JSON.stringify(system!.value);
    expect(text).not.toContain(bob.wa_id);
    expect(text).not.toContain(hidden.body.current.wa_id);
    expect(system!.value.messages[0]).toMatchObject({
      from_user_id: bob.user_id,
      system: {
        type: "user_changed_user_id",
        user_id: hidden.body.current.user_id,
        previous_user_id: bob.user_id,
      },
    });
    // Still @bob, still hidden, under the new ids.
    const customers = await customersOf(number.phone_number_id);
    expect(customers.find((c) => c.username === "bob")).toMatchObject({
      user_id: hidden.body.current.user_id,
      hide_number: true,
    });

    const clash = await call("POST", `numbers/${number.phone_number_id}/change-number`, {
      customer: "@bob",
      new_wa_id: "5511998877665",
    });
    expect(clash.status).toBe(409);
  });
});
