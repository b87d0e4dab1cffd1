import { ChannelHealthTab } from "@/components/health/channel-health-tab";
import { requireCaller } from "@/lib/auth/session";
import { type ChannelParams, channelOr404 } from "../channel";
import { acknowledgeHealthAction } from "./actions";

export default async function ChannelHealthPage({ params }: ChannelParams) {
  const { scope } = await requireCaller("portal");
  const channel = await channelOr404((await params).channelId);
  return (
    <ChannelHealthTab
      scope={scope}
      channelId={channel.id}
      acknowledgeAction={acknowledgeHealthAction}
    />
  );
}
