import Link from "next/link";
import { redirect } from "next/navigation";
import { Suspense } from "react";
import { DateTime, When } from "@/components/format/when";
import {
  ChannelContactsSummary,
  ChannelHistorySummary,
} from "@/components/onboarding/channel-history-summary";
import { TabSkeleton } from "@/components/shell/skeletons";
import { Card, CardContent } from "@/components/ui/card";
import type { Scope } from "@/lib/auth/scope";
import { requireCaller } from "@/lib/auth/session";
import { formatEnum } from "@/lib/format";
import { describeLimit } from "@/lib/health/account-rules";
import type { ChannelRow } from "@/lib/partners/channels";
import { firstParam, type SearchParams } from "@/lib/partners/console-list";
import { channelOr404 } from "./channel";
import { tabHref, visibleTabs } from "./tabs";

export default async function ChannelOverviewPage({
  params,
  searchParams,
}: {
  params: Promise<{ channelId: string }>;
  searchParams: Promise<SearchParams>;
}) {
  const { scope } = await requireCaller("portal");
  const channel = await channelOr404((await params).channelId);
  const search = await searchParams;
  redirectOldTabLink(channel.id, search, scope.role === "client");
  // No loading.tsx here: it would start streaming before that redirect could answer 307.
  return (
    <Suspense fallback={<TabSkeleton rows={0} />}>
      <Overview scope={scope} channel={channel} />
    </Suspense>
  );
}

/**
 * The tabs were `?tab=x` before they were segments: `/channels/{id}?tab=x` goes to
 * `/channels/{id}/x` with its other parameters. A tab the caller may not see (or none) stays on
 * the overview, as it did.
 */
function redirectOldTabLink(channelId: string, search: SearchParams, isClientUser: boolean) {
  const requested = firstParam(search, "tab");
  const tab = visibleTabs(isClientUser).find((t) => t.segment && t.segment === requested);
  if (!tab) return;
  const rest = new URLSearchParams();
  for (const [name, value] of Object.entries(search)) {
    if (name !== "tab") for (const v of [value ?? []].flat()) rest.append(name, v);
  }
  const query = rest.toString();
  redirect(`${tabHref(channelId, tab.segment)}${query ? `?${query}` : ""}`);
}

function Overview({ scope, channel }: { scope: Scope; channel: ChannelRow }) {
  const isClientUser = scope.role === "client";
  return (
    <Card>
      <CardContent>
        <dl className="grid grid-cols-[12rem_1fr] gap-y-2 text-sm">
          <dt className="text-muted-foreground">Client</dt>
          <dd>
            {isClientUser ? (
              channel.clientName
            ) : (
              <Link href={`/clients/${channel.clientId}`} className="hover:underline">
                {channel.clientName}
              </Link>
            )}
          </dd>
          <dt className="text-muted-foreground">Channel id</dt>
          <dd className="font-mono text-xs">{channel.id}</dd>
          <dt className="text-muted-foreground">WABA id</dt>
          <dd className="font-mono text-xs">{channel.wabaId}</dd>
          <dt className="text-muted-foreground">Phone number id</dt>
          <dd className="font-mono text-xs">{channel.phoneNumberId}</dd>
          <dt className="text-muted-foreground">Coexistence</dt>
          <dd>{channel.coexistence ? "yes: the number also stays on the app" : "no"}</dd>
          <dt className="text-muted-foreground">Quality</dt>
          <dd>{formatEnum(channel.qualityRating)}</dd>
          <dt className="text-muted-foreground">Messaging limit</dt>
          <dd data-testid="messaging-limit">
            {channel.messagingLimit
              ? `${describeLimit(channel.messagingLimit)} (${channel.messagingLimit}, Meta)`
              : "not reported by Meta yet"}
          </dd>
          <dt className="text-muted-foreground">Throughput</dt>
          <dd>{channel.throughputCap} messages per second</dd>
          <dt className="text-muted-foreground">Onboarded</dt>
          <dd>
            <DateTime at={channel.onboardedAt} />
          </dd>
          <dt className="text-muted-foreground">Last app activity</dt>
          <dd>
            <When at={channel.lastAppActivityAt} />
          </dd>
          <dt className="text-muted-foreground">Contacts sync</dt>
          <dd>
            <ChannelContactsSummary sync={channel.syncState} />
          </dd>
          <dt className="text-muted-foreground">Chat history</dt>
          <dd>
            <ChannelHistorySummary scope={scope} channelId={channel.id} sync={channel.syncState} />
          </dd>
          {channel.disconnectReason ? (
            <>
              <dt className="text-muted-foreground">Disconnected because</dt>
              <dd>{formatEnum(channel.disconnectReason)}</dd>
            </>
          ) : null}
        </dl>
      </CardContent>
    </Card>
  );
}
