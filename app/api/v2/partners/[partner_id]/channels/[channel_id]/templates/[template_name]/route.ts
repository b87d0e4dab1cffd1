import { pathId, withPartnerApiKey } from "@/lib/api/api-key-auth";
import { deleteChannelTemplate } from "@/lib/templates/store";

type Params = { partner_id: string; channel_id: string; template_name: string };

export const dynamic = "force-dynamic";

/** Deletes every language of the template at Meta, then from the hub. */
export const DELETE = withPartnerApiKey<Params>(
  "v2.templates.delete",
  async (_request, { partnerId, params }) => {
    const channelId = pathId(params.channel_id, "Channel");
    await deleteChannelTemplate({ partnerId, channelId, name: params.template_name });
    return new Response(null, { status: 204 });
  },
);
