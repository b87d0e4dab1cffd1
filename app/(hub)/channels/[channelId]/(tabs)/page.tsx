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
import type { SearchParams } from "@/lib/partners/console-list";
import { channelOr404 } from "./channel";
import { oldTabLinkTarget } from "./tabs";

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
  const target = oldTabLinkTarget(channel.id, search, scope.role === "client");
  if (target) redirect(target);
  // No loading.tsx here: it would start streaming before that redirect could answer 307.
  return (
    <Suspense fallback={<TabSkeleton rows={0} />}>
      <Overview scope={scope} channel={channel} />
    </Suspense>
  );
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
