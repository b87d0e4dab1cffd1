import { NextResponse } from "next/server";
import { withPartnerApiKey } from "@/lib/api/api-key-auth";
import { listApiChannelWarnings } from "@/lib/health/summary";
import { channelListSpec } from "@/lib/partners/api-schemas";
import { toChannelResource } from "@/lib/partners/api-shapes";
import { listChannels } from "@/lib/partners/channels";
import { listEnvelope, parseListQuery } from "@/lib/partners/list-query";

export const GET = withPartnerApiKey("v2.channels.list", async (request, { scope }) => {
  const query = parseListQuery(channelListSpec, new URL(request.url).searchParams);
  const { channels, total } = await listChannels(scope, { query });
  const warnings = await listApiChannelWarnings(scope, { channelIds: channels.map((c) => c.id) });
  const items = channels.map((c) => toChannelResource(c, warnings.get(c.id)));
  return NextResponse.json(listEnvelope("channels", query, items, total));
});
