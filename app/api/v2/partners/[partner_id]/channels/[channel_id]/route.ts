import { NextResponse } from "next/server";
import { pathId, withPartnerApiKey } from "@/lib/api/api-key-auth";
import { AppError } from "@/lib/errors";
import { listApiChannelWarnings } from "@/lib/health/summary";
import { toChannelResource } from "@/lib/partners/api-shapes";
import { getChannelById } from "@/lib/partners/channels";

type Params = { partner_id: string; channel_id: string };

export const GET = withPartnerApiKey<Params>(
  "v2.channels.get",
  async (_request, { scope, params }) => {
    const channelId = pathId(params.channel_id, "Channel");
    const channel = await getChannelById(scope, { channelId });
    if (!channel) throw new AppError("not_found", "Channel not found.");
    const warnings = await listApiChannelWarnings(scope, { channelIds: [channel.id] });
    return NextResponse.json(toChannelResource(channel, warnings.get(channel.id)));
  },
);
