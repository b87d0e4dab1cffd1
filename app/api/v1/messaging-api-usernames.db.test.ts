import { and, eq, isNotNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { contacts } from "@/db/schema";
import { callRoute } from "@/lib/api/testing";
import { ownerScope } from "@/lib/auth/testing";
import {
  apiRowsOf,
  customerWrites,
  onboardSendChannel,
  type SendHarness,
  sentToSandbox,
  startSendHarness,
} from "@/lib/chats/send/testing";
import { userActor } from "@/lib/partners/actor";
import { createChannelApiKey } from "@/lib/partners/api-keys";
import { saveCustomer } from "@/lib/sandbox/customers";
import { getSandboxNumber, listSandboxContacts } from "@/lib/sandbox/numbers/store";
import { POST as postMessage } from "./messages/route";

/**
 * Messaging API with a customer who hides their number behind a username: the send goes by
 * `recipient` (their BSUID), as on the Cloud API, through the sandbox over HTTP; window, answer
 * shape, stored row and Idempotency-Key as for a number.
 */
let harness: SendHarness;
beforeAll(async () => {
  harness = await startSendHarness();
});
afterAll(async () => {
  await harness.close();
});

type Route = Parameters<typeof callRoute>[0];

async function usernameOnlyCustomer() {
  const setup = await onboardSendChannel();
  const { secret } = await createChannelApiKey(ownerScope(setup.partner.id), {
    channelId: setup.channel.id,
    actor: userActor({ userId: setup.owner.id, email: setup.owner.email }),
  });
  const number = await getSandboxNumber(setup.number.phoneNumberId);
  const bob = await saveCustomer(number, { name: "Bob", username: "bob", hideNumber: true });
  await customerWrites(number.phoneNumberId, bob.waId, "Is my order ready?");
  const [contact] = await getDb()
    .select()
    .from(contacts)
    .where(and(eq(contacts.channelId, setup.channel.id), isNotNull(contacts.userId)));
  return { ...setup, key: secret, bob, contact: contact! };
}

function send(key: string, body: unknown, headers: Record<string, string> = {}) {
  return callRoute(postMessage as unknown as Route, {
    method: "POST",
    path: "/api/v1/messages",
    headers: { "D360-API-KEY": key, ...headers },
    body,
  });
}

describe("Messaging API: sending to a username-only customer by BSUID", () => {
  it("sends by recipient inside the window: Meta's answer names the BSUID, the row joins the conversation", async () => {
    const t = await usernameOnlyCustomer();
    // The hub learned her only by BSUID: no number anywhere.
    expect(t.contact).toMatchObject({ waId: null, username: "bob" });
    const bsuid = t.contact.userId!;

    const res = await send(t.key, {
      recipient: bsuid,
      type: "text",
      text: { body: "Ready at 5!" },
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      messaging_product: "whatsapp",
      contacts: [{ input: bsuid, user_id: bsuid }],
      messages: [{ id: expect.stringMatching(/^wamid\./) }],
      hub_message_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    const atMeta = await sentToSandbox(t.number.phoneNumberId);
    expect(atMeta).toHaveLength(1);
    const [row] = await apiRowsOf(t.channel.id);
    expect(row).toMatchObject({ contactId: t.contact.id, customerWaId: bsuid, status: "sent" });
  });

  it("replays an Idempotency-Key retry by BSUID once, and lets to win over recipient", async () => {
    const t = await usernameOnlyCustomer();
    const bsuid = t.contact.userId!;
    const body = { recipient: bsuid, type: "text", text: { body: "once" } };
    const first = await send(t.key, body, { "Idempotency-Key": "bsuid-1" });
    const again = await send(t.key, body, { "Idempotency-Key": "bsuid-1" });
    expect(first.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(await sentToSandbox(t.number.phoneNumberId)).toHaveLength(1);

    // Both given: the number is used, as Meta does (a template: no window needed).
    const [someone] = await listSandboxContacts(t.number.phoneNumberId);
    const both = await send(t.key, {
      to: someone!.waId,
      recipient: bsuid,
      type: "template",
      template: {
        name: "order_update",
        language: { code: "en_US" },
        components: [{ type: "body", parameters: [{ type: "text", text: "#4711" }] }],
      },
    });
    expect(both.status).toBe(200);
    expect(both.body).toMatchObject({ contacts: [{ input: someone!.waId, wa_id: someone!.waId }] });
    const rows = await apiRowsOf(t.channel.id);
    expect(rows.map((r) => r.customerWaId)).toEqual([bsuid, someone!.waId]);
  });

  it("refuses free-form to a BSUID with no open window (131047), and a recipient that is not a BSUID", async () => {
    const t = await usernameOnlyCustomer();
    const stranger = `${t.contact.userId!.slice(0, 3)}999999999`;
    const closed = await send(t.key, { recipient: stranger, type: "text", text: { body: "hi" } });
    expect(closed.status).toBe(422);
    expect(closed.body).toMatchObject({
      error: { details: { meta_error: { code: 131047 } } },
    });
    const bad = await send(t.key, {
      recipient: "5511987650001",
      type: "text",
      text: { body: "hi" },
    });
    expect(bad.status).toBe(422);
    expect(bad.body).toMatchObject({
      error: { details: { recipient: [expect.stringContaining("business-scoped user id")] } },
    });
    expect(await sentToSandbox(t.number.phoneNumberId)).toHaveLength(0);
  });
});
