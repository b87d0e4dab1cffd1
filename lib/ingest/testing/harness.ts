import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import { GET, POST } from "@/app/api/webhooks/meta/route";
import { getDb } from "@/db";
import { contacts, messages, webhookEvents } from "@/db/schema";
import { createChannel, createClient, createPartner } from "@/db/testing/factories";
import { getEnv } from "@/lib/env";
import { signBody } from "@/lib/meta/signature";
import { drainProcessing } from "../queue";
import { storeRawEvent } from "../store";
import type { ChannelIds } from "./meta-payloads";

/** A partner with one channel whose display number is the fixtures' business number. */
export async function channelWithPartner(display = "15550783881") {
  const partner = await createPartner();
  const client = await createClient(partner.id);
  const channel = await createChannel(partner.id, client.id, { displayPhoneNumber: display });
  const ids: ChannelIds = {
    wabaId: channel.wabaId,
    phoneNumberId: channel.phoneNumberId,
    displayPhoneNumber: channel.displayPhoneNumber,
  };
  return { partner, client, channel, ids };
}

export const URL_BASE = "http://hub.test/api/webhooks/meta";

/** A POST as Meta sends it: raw bytes, signed with the app secret. */
export function signedRequest(body: string | object, secret = getEnv().meta.appSecret!) {
  const raw = typeof body === "string" ? body : JSON.stringify(body);
  return new Request(URL_BASE, {
    method: "POST",
    headers: { "content-type": "application/json", "x-hub-signature-256": signBody(raw, secret) },
    body: raw,
  });
}

/** Posts through the real route handler and waits for the processing after the answer. */
export async function deliver(body: string | object) {
  const response = await POST(signedRequest(body));
  await new Promise((resolve) => setImmediate(resolve));
  await drainProcessing();
  return response;
}

export { GET, POST };

/** Stores a webhook body as the route does, as if received at `ms`; not processed yet. */
export async function storeReceivedAt(body: object, ms: number): Promise<string> {
  const raw = JSON.stringify(body);
  const { id } = await storeRawEvent({
    body: raw,
    bodyEncoding: "utf8",
    bodyBytes: Buffer.byteLength(raw),
    dedupeKey: createHash("sha256").update(raw).digest("hex"),
    signatureValid: true,
  });
  await getDb()
    .update(webhookEvents)
    .set({ receivedAt: new Date(ms) })
    .where(eq(webhookEvents.id, id));
  return id;
}

export function fixture(name: string) {
  return readFileSync(join(process.cwd(), "lib/meta/fixtures", name), "utf8");
}

export async function messagesOf(channelId: string) {
  return getDb()
    .select()
    .from(messages)
    .where(eq(messages.channelId, channelId))
    .orderBy(messages.wamid);
}

export async function contactsOf(channelId: string) {
  return getDb()
    .select()
    .from(contacts)
    .where(eq(contacts.channelId, channelId))
    .orderBy(contacts.waId);
}

export async function eventByDedupe(dedupeKey: string) {
  const [row] = await getDb()
    .select()
    .from(webhookEvents)
    .where(eq(webhookEvents.dedupeKey, dedupeKey));
  return row;
}
