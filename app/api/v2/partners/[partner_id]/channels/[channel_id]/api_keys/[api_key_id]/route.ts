import { pathId, withPartnerApiKey } from "@/lib/api/api-key-auth";
import { keyActor } from "@/lib/partners/actor";
import { revokeApiKey } from "@/lib/partners/api-keys";

type Params = { partner_id: string; channel_id: string; api_key_id: string };

export const DELETE = withPartnerApiKey<Params>(
  "v2.channel_keys.revoke",
  async (_request, { scope, params, key }) => {
    await revokeApiKey(scope, {
      channelId: pathId(params.channel_id, "Channel"),
      keyId: pathId(params.api_key_id, "API key"),
      kind: "channel",
      actor: keyActor(key),
    });
    return new Response(null, { status: 204 });
  },
);
