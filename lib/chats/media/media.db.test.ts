import { createHash } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { channels, memberships, messages, sandboxMedia } from "@/db/schema";
import { createUser } from "@/db/testing/factories";
import { withErrorHandling } from "@/lib/api/respond";
import { type Scope, scopeOfMembership } from "@/lib/auth/scope";
import { ownerScope } from "@/lib/auth/testing";
import { canSeeDeleted } from "@/lib/chats/access";
import { listTimeline } from "@/lib/chats/timeline";
import { getMembership } from "@/lib/partners/users";
import { listDeliveries } from "@/lib/sandbox/deliveries";
import { sandboxMediaFile } from "@/lib/sandbox/media-files";
import { simulateInbound } from "@/lib/sandbox/simulate/inbound";
import {
  customerWrites,
  onboardSendChannel,
  type SendHarness,
  settle,
  startSendHarness,
} from "../send/testing";
import { serveMessageMedia } from "./serve";

/**
 * The media route's logic (everything after the session is read) against the sandbox over real
 * HTTP: the customer's image comes in as Meta's webhook, the hub asks the sandbox's Graph
 * look-alike for the link and downloads the bytes with the channel's token.
 */
let harness: SendHarness;
beforeAll(async () => {
  harness = await startSendHarness();
});
afterAll(async () => {
  await harness.close();
});

const CUSTOMER = "5511987650002";
const graph = { backoffMs: 10 };
// As the route answers: AppErrors in the one error shape.
const serve = withErrorHandling(
  "test.media",
  ({ scope, ...ref }: { scope: Scope } & Parameters<typeof serveMessageMedia>[1]) =>
    serveMessageMedia(scope, ref),
);

type Setup = Awaited<ReturnType<typeof onboardSendChannel>>;

async function callerScope(userId: string, partnerId: string) {
  const membership = await getMembership({ userId, partnerId });
  return { scope: scopeOfMembership(membership!)!, canSeeDeleted: canSeeDeleted(membership!) };
}

/** A customer sends media through the sandbox; the hub's stored message. */
async function customerSends(
  setup: Setup,
  input: { type: "image" | "document" | "sticker" | "audio"; caption?: string; filename?: string },
) {
  const phoneNumberId = setup.number.phoneNumberId;
  const before = (await listDeliveries({ phoneNumberId })).length;
  const sent = await simulateInbound(phoneNumberId, { from: CUSTOMER, ...input });
  await settle(phoneNumberId, before + 1);
  const [row] = await getDb()
    .select()
    .from(messages)
    .where(and(eq(messages.channelId, setup.channel.id), eq(messages.wamid, sent.wamid)));
  return row!;
}

async function ownerGets(setup: Setup, messageId: string, method: "GET" | "HEAD" = "GET") {
  return serve({
    ...(await callerScope(setup.owner.id, setup.partner.id)),
    channelId: setup.channel.id,
    messageId,
    method,
    graph,
  });
}

describe("a message's media through the hub", () => {
  let setup: Setup;
  let image: Awaited<ReturnType<typeof customerSends>>;
  beforeAll(async () => {
    setup = await onboardSendChannel();
    image = await customerSends(setup, { type: "image", caption: "The blue vase" });
  });

  it("streams a customer's image with its type, inline, privately cached", async () => {
    const response = await ownerGets(setup, image.id);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("image/jpeg");
    expect(response.headers.get("cache-control")).toMatch(/^private, max-age=\d+$/);
    expect(response.headers.get("content-disposition")).toMatch(
      /^inline; filename="whatsapp-image-/,
    );
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    const bytes = Buffer.from(await response.arrayBuffer());
    expect([...bytes.subarray(0, 2)]).toEqual([0xff, 0xd8]);
    expect(
      bytes.equals(sandboxMediaFile({ mediaId: image.media!.id!, kind: "image" })!.bytes),
    ).toBe(true);
    // The webhook's sha256 is the hash of what Meta serves.
    expect(createHash("sha256").update(bytes).digest("hex")).toBe(image.media!.sha256);
    expect(response.headers.get("content-length")).toBe(String(bytes.length));
  });

  it("answers HEAD with the type and size, without the bytes", async () => {
    const response = await ownerGets(setup, image.id, "HEAD");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("image/jpeg");
    expect(Number(response.headers.get("content-length"))).toBeGreaterThan(100);
    expect(await response.text()).toBe("");
  });

  it("gives the timeline the route to fetch it, and none to a text message", async () => {
    await customerWrites(setup.number.phoneNumberId, CUSTOMER, "And the price?");
    const page = await listTimeline(ownerScope(setup.partner.id), {
      channelId: setup.channel.id,
      contactId: image.contactId,
    });
    const shown = page!.messages.find((m) => m.id === image.id)!;
    expect(shown.media).toMatchObject({
      kind: "image",
      caption: "The blue vase",
      url: `/api/hub/channels/${setup.channel.id}/messages/${image.id}/media`,
    });
    expect(page!.messages.find((m) => m.text === "And the price?")!.media).toBeNull();
  });

  it("downloads a document as an attachment under its own file name", async () => {
    const document = await customerSends(setup, {
      type: "document",
      caption: "Quote",
      filename: "Orçamento 2026.pdf",
    });
    const response = await ownerGets(setup, document.id);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/pdf");
    expect(response.headers.get("content-disposition")).toBe(
      `attachment; filename="Or_amento 2026.pdf"; filename*=UTF-8''Or%C3%A7amento%202026.pdf`,
    );
    expect(
      Buffer.from(await response.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe("%PDF-");
  });

  it("is a 404 for another partner's user, and for a client user of another client", async () => {
    const other = await onboardSendChannel();
    const response = await serve({
      ...(await callerScope(other.owner.id, other.partner.id)),
      channelId: setup.channel.id,
      messageId: image.id,
      method: "GET",
      graph,
    });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      error: { code: "not_found", message: "No such message." },
    });

    const clientUser = await createUser(setup.partner.id, "client");
    await getDb()
      .update(memberships)
      .set({ clientId: other.client.id })
      .where(eq(memberships.userId, clientUser.id));
    const asClient = await serve({
      ...(await callerScope(clientUser.id, setup.partner.id)),
      channelId: setup.channel.id,
      messageId: image.id,
      method: "GET",
      graph,
    });
    expect(asClient.status).toBe(404);
  });

  it("is a 404 for a message without media", async () => {
    const sent = await customerWrites(setup.number.phoneNumberId, CUSTOMER, "Just text");
    const [text] = await getDb()
      .select()
      .from(messages)
      .where(and(eq(messages.channelId, setup.channel.id), eq(messages.wamid, sent.wamid)));
    const response = await ownerGets(setup, text!.id);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      error: { code: "not_found", message: "This message has no media the hub can fetch." },
    });
  });

  it("is a clear 410 when Meta no longer has the media (past 30 days) or never had it", async () => {
    const expired = await customerSends(setup, { type: "image" });
    await getDb()
      .update(sandboxMedia)
      .set({ sentAt: new Date(Date.now() - 31 * 86_400_000) })
      .where(eq(sandboxMedia.mediaId, expired.media!.id!));
    const response = await ownerGets(setup, expired.id);
    expect(response.status).toBe(410);
    const body = (await response.json()) as { error: Record<string, unknown> };
    expect(body.error).toMatchObject({
      code: "gone",
      message: expect.stringContaining("Meta no longer has this media"),
      details: { meta_error: { code: 100, error_subcode: 33 } },
    });

    const unknown = await customerSends(setup, { type: "image" });
    await getDb()
      .update(messages)
      .set({ media: { ...unknown.media, id: "990000000000001" } })
      .where(eq(messages.id, unknown.id));
    expect((await ownerGets(setup, unknown.id)).status).toBe(410);
  });

  it("is a 409 once the channel is disconnected: Meta no longer serves its token", async () => {
    const own = await onboardSendChannel();
    const sticker = await customerSends(own, { type: "sticker" });
    const ok = await ownerGets(own, sticker.id);
    expect(ok.status).toBe(200);
    expect(ok.headers.get("content-type")).toBe("image/webp");
    await getDb()
      .update(channels)
      .set({ status: "disconnected" })
      .where(eq(channels.id, own.channel.id));
    const response = await ownerGets(own, sticker.id);
    expect(response.status).toBe(409);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("conflict");
  });
});

describe("the sandbox's media link", () => {
  it("answers only the business token of the WABA that owns the media", async () => {
    const setup = await onboardSendChannel();
    const other = await onboardSendChannel();
    const image = await customerSends(setup, { type: "image" });
    const graphBase = `${harness.url}/sandbox/graph/v25.0`;
    const meta = await fetch(`${graphBase}/${image.media!.id}`, {
      headers: { authorization: `Bearer ${setup.token}` },
    });
    const link = (await meta.json()) as { url: string; mime_type: string; file_size: number };
    expect(link).toMatchObject({ mime_type: "image/jpeg", messaging_product: "whatsapp" });
    expect(link.url.startsWith(`${harness.url}/sandbox/lookaside/`)).toBe(true);

    expect((await fetch(link.url)).status).toBe(401);
    expect(
      (await fetch(link.url, { headers: { authorization: `Bearer ${other.token}` } })).status,
    ).toBe(404);
    const bytes = await fetch(link.url, { headers: { authorization: `Bearer ${setup.token}` } });
    expect(bytes.status).toBe(200);
    expect((await bytes.arrayBuffer()).byteLength).toBe(link.file_size);
    // Another WABA's token cannot even learn the link.
    const foreign = await fetch(`${graphBase}/${image.media!.id}`, {
      headers: { authorization: `Bearer ${other.token}` },
    });
    expect(foreign.status).toBe(400);
    expect(await foreign.json()).toMatchObject({ error: { code: 100, error_subcode: 33 } });
  });
});
