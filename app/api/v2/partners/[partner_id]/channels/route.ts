import { NextResponse } from "next/server";
import { withPartnerApiKey } from "@/lib/api/api-key-auth";
import { channelListSpec } from "@/lib/partners/api-schemas";
import { toChannelResource } from "@/lib/partners/api-shapes";
import { listChannels } from "@/lib/partners/channels";
import { listEnvelope, parseListQuery } from "@/lib/partners/list-query";

export const GET = withPartnerApiKey("v2.channels.list", async (request, { partnerId }) => {
  const query = parseListQuery(channelListSpec, new URL(request.url).searchParams);
  const { channels, total } = await listChannels({ partnerId, query });
  return NextResponse.json(listEnvelope("channels", query, channels.map(toChannelResource), total));
});
