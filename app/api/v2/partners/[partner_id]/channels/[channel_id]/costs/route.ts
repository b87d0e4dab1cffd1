import { NextResponse } from "next/server";
import { pathId, withPartnerApiKey } from "@/lib/api/api-key-auth";
import { getCostReport } from "@/lib/costs/reports";

type Params = { partner_id: string; channel_id: string };

/** The channel's costs per UTC day or month: `/costs?channel_id=` with the channel in the path. */
export const GET = withPartnerApiKey<Params>(
  "v2.channels.costs",
  async (request, { scope, params }) => {
    const channelId = pathId(params.channel_id, "Channel");
    const query = Object.fromEntries(new URL(request.url).searchParams);
    return NextResponse.json(await getCostReport(scope, { query, path: { channelId } }));
  },
);
