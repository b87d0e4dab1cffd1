import { describe, expect, it } from "vitest";
import { createChannel, createClient, createPartner, createUser } from "@/db/testing/factories";
import { ownerScope } from "@/lib/auth/testing";
import { userActor } from "@/lib/partners/actor";
import { createChannelApiKey, createPartnerApiKey, revokeApiKey } from "@/lib/partners/api-keys";
import { withChannelApiKey } from "./api-key-auth";
import { callRoute } from "./testing";

// A Messaging API route as the chats work will write it: the key names the channel.
const whoAmI = withChannelApiKey("test.whoami", async (_request, { partnerId, channelId }) =>
  Response.json({ partnerId, channelId }),
);

async function setup() {
  const partner = await createPartner();
  const owner = await createUser(partner.id, "owner");
  const actor = userActor({ userId: owner.id, email: owner.email });
  const client = await createClient(partner.id);
  const channel = await createChannel(partner.id, client.id);
  return { partner, channel, actor };
}

const call = (key?: string) =>
  callRoute(whoAmI as never, { path: "/v1/whoami", headers: key ? { "D360-API-KEY": key } : {} });

describe("withChannelApiKey", () => {
  it("gives the handler the key's partner and channel, with rate limit headers", async () => {
    const { partner, channel, actor } = await setup();
    const { secret } = await createChannelApiKey(ownerScope(partner.id), {
      channelId: channel.id,
      actor,
    });
    const response = await call(secret);
    expect({ status: response.status, body: response.body }).toEqual({
      status: 200,
      body: { partnerId: partner.id, channelId: channel.id },
    });
    expect(response.headers.get("x-ratelimit-remaining")).toBe("119");
  });

  it("refuses a missing, partner or revoked key with 401 in the one error shape", async () => {
    const { partner, channel, actor } = await setup();
    const partnerKey = await createPartnerApiKey(ownerScope(partner.id), { name: "p", actor });
    const channelKey = await createChannelApiKey(ownerScope(partner.id), {
      channelId: channel.id,
      actor,
    });
    await revokeApiKey(ownerScope(partner.id), { keyId: channelKey.key.id, actor });
    const refusal = {
      status: 401,
      body: {
        error: {
          code: "unauthorized",
          message: "A valid channel key is required in the D360-API-KEY header.",
        },
      },
    };
    for (const key of [undefined, partnerKey.secret, channelKey.secret]) {
      const response = await call(key);
      expect({ status: response.status, body: response.body }).toEqual(refusal);
    }
  });
});
