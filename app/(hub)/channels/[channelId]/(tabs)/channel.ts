import "server-only";
import { notFound } from "next/navigation";
import { cache } from "react";
import { requireCaller } from "@/lib/auth/session";
import { isUuid } from "@/lib/ids";
import { getChannelById } from "@/lib/partners/channels";

/**
 * The channel of the URL, read once per request: the layout (above the tabs' loading
 * boundaries, so the 404 is a 404) and the tab both ask. The scope filters in SQL: another
 * partner's or (for a client user) another client's channel reads as none.
 */
export const channelOr404 = cache(async (channelId: string) => {
  const { scope } = await requireCaller("portal");
  if (!isUuid(channelId)) notFound();
  const channel = await getChannelById(scope, { channelId });
  if (!channel) notFound();
  return channel;
});
export type ChannelParams = { params: Promise<{ channelId: string }> };
