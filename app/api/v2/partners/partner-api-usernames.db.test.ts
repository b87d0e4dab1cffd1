import { beforeAll, describe, expect, it } from "vitest";
import { createUser } from "@/db/testing/factories";
import { callRoute } from "@/lib/api/testing";
import { ownerScope } from "@/lib/auth/testing";
import { channelWithPartner, deliver } from "@/lib/ingest/testing/harness";
import { customerTextFrom, envelope, userIdUpdate } from "@/lib/ingest/testing/meta-payloads";
import { userActor } from "@/lib/partners/actor";
import { createPartnerApiKey } from "@/lib/partners/api-keys";
import * as messagesRoute from "./[partner_id]/channels/[channel_id]/conversations/[conversation]/messages/route";
import * as conversationsRoute from "./[partner_id]/channels/[channel_id]/conversations/route";

/**
 * The Partner API with customers Meta names by business-scoped user id: a username-only customer
 * (no number anywhere) and one whose BSUID changed. Their conversations are listed with user_id
 * and username, and addressable by contact id, current or retired BSUID, or number.
 */
type Route = Parameters<typeof callRoute>[0];
const T = Math.floor(Date.now() / 1000) - 3600;
const BOB = "US.13491208655302741918";
const ANA_OLD = "BR.1502576394655843";
const ANA_NEW = "BR.8802576394655001";
const ANA_PHONE = "5511912345678";

let t: Awaited<ReturnType<typeof setUp>>;

async function setUp() {
  const { partner, channel, ids } = await channelWithPartner(
    `1555${Math.floor(Math.random() * 1e7)}`,
  );
  const owner = await createUser(partner.id, "owner");
  const { secret } = await createPartnerApiKey(ownerScope(partner.id), {
    name: "CRM",
    actor: userActor({ userId: owner.id, email: owner.email }),
  });
  const post = (...changes: Parameters<typeof envelope>[1]) =>
    deliver(envelope(ids.wabaId, changes));
  await post(
    customerTextFrom(
      ids,
      { userId: BOB, username: "bob" },
      { wamid: "b1", ts: T, body: "hi, it's bob" },
    ),
  );
  await post(
    customerTextFrom(
      ids,
      { waId: ANA_PHONE, userId: ANA_OLD, name: "Ana" },
      { wamid: "a1", ts: T + 1, body: "one" },
    ),
  );
  await post(userIdUpdate(ids, { previous: ANA_OLD, current: ANA_NEW, ts: T + 2 }));
  await post(customerTextFrom(ids, { userId: ANA_NEW }, { wamid: "a2", ts: T + 3, body: "two" }));
  return { partner, channel, key: secret };
}

function get(route: unknown, path: string, params: Record<string, string>) {
  return callRoute(route as Route, { path, params, headers: { "x-api-key": t.key } });
}

function messagesOf(conversation: string) {
  return get(
    messagesRoute.GET,
    `/api/v2/partners/${t.partner.id}/channels/${t.channel.id}/conversations/${encodeURIComponent(conversation)}/messages?sort=timestamp`,
    { partner_id: t.partner.id, channel_id: t.channel.id, conversation },
  );
}

describe("Partner API: customers named by BSUID", () => {
  beforeAll(async () => {
    t = await setUp();
  });

  it("lists a username-only customer with no number, and a changed BSUID as one conversation", async () => {
    const res = await get(
      conversationsRoute.GET,
      `/api/v2/partners/${t.partner.id}/channels/${t.channel.id}/conversations?sort=name`,
      { partner_id: t.partner.id, channel_id: t.channel.id },
    );
    expect(res.status).toBe(200);
    const rows = (res.body as { conversations: Record<string, unknown>[] }).conversations;
    expect(rows.map((r) => [r.name, r.wa_id, r.user_id, r.username])).toEqual([
      ["Ana", ANA_PHONE, ANA_NEW, null],
      ["bob", null, BOB, "bob"],
    ]);
  });

  it("finds a conversation by contact id, current BSUID, retired BSUID or number", async () => {
    const list = await get(
      conversationsRoute.GET,
      `/api/v2/partners/${t.partner.id}/channels/${t.channel.id}/conversations?sort=name`,
      { partner_id: t.partner.id, channel_id: t.channel.id },
    );
    const ana = (
      list.body as { conversations: { contact_id: string; name: string }[] }
    ).conversations.find((c) => c.name === "Ana")!;
    for (const conversation of [ana.contact_id, ANA_NEW, ANA_OLD, ANA_PHONE, "+55 11 91234-5678"]) {
      const res = await messagesOf(conversation);
      expect(res.status, conversation).toBe(200);
      const found = (res.body as { messages: Record<string, unknown>[] }).messages;
      expect(found.map((m) => [m.wamid, m.wa_id, m.user_id])).toEqual([
        ["a1", ANA_PHONE, ANA_NEW],
        ["a2", ANA_PHONE, ANA_NEW],
      ]);
    }
    const bob = await messagesOf(BOB);
    expect((bob.body as { messages: Record<string, unknown>[] }).messages).toMatchObject([
      { wamid: "b1", text: "hi, it's bob", wa_id: null, user_id: BOB, username: "bob" },
    ]);
  });

  it("is a 404 for a BSUID nobody on the channel has", async () => {
    const res = await messagesOf("US.999999999");
    expect(res.status).toBe(404);
  });
});
