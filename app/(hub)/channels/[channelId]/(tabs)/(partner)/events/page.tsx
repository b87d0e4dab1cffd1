import { ChannelEventsTab } from "@/components/partners/channel-events-tab";
import { requireCaller } from "@/lib/auth/session";
import type { SearchParams } from "@/lib/partners/console-list";
import { type ChannelParams, channelOr404 } from "../../channel";
import { parseChannelEventsSearch } from "./search-params";

export default async function ChannelEventsPage({
  params,
  searchParams,
}: ChannelParams & { searchParams: Promise<SearchParams> }) {
  const { scope } = await requireCaller();
  const channel = await channelOr404((await params).channelId);
  return (
    <ChannelEventsTab
      scope={scope}
      channelId={channel.id}
      search={parseChannelEventsSearch(await searchParams)}
    />
  );
}
