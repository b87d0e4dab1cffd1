import { ChannelCostsTab } from "@/components/costs/channel-costs-tab";
import { requireCaller } from "@/lib/auth/session";
import { type ChannelParams, channelOr404 } from "../channel";

export default async function ChannelCostsPage({ params }: ChannelParams) {
  const caller = await requireCaller("portal");
  const channel = await channelOr404((await params).channelId);
  return (
    <ChannelCostsTab
      scope={caller.scope}
      channelId={channel.id}
      isAdmin={caller.role === "owner"}
    />
  );
}
