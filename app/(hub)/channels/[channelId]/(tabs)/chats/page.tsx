import { ChannelChatsTab } from "@/components/chats/channel-chats-tab";
import { requireCaller } from "@/lib/auth/session";
import { type ChannelParams, channelOr404 } from "../channel";

export default async function ChannelChatsPage({ params }: ChannelParams) {
  const { scope } = await requireCaller("portal");
  const channel = await channelOr404((await params).channelId);
  return <ChannelChatsTab scope={scope} channelId={channel.id} />;
}
