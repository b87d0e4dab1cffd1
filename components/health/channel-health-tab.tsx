import Link from "next/link";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import type { Scope } from "@/lib/auth/scope";
import type { Action } from "@/lib/errors";
import { listAcknowledgements } from "@/lib/health/acknowledgements";
import { evaluateChannel } from "@/lib/health/evaluate";
import { buildLifecycleTimeline } from "@/lib/health/timeline";
import { AcknowledgeButton } from "./acknowledge-button";
import { type HealthBanner, HealthBannerStack } from "./health-banner-stack";
import { LifecycleTimeline } from "./lifecycle-timeline";

/**
 * The channel page's Health tab: current warnings with their actions, then the lifecycle.
 * `acknowledgeAction` is the channel page's acknowledgeHealthAction.
 */
export async function ChannelHealthTab({
  scope,
  channelId,
  acknowledgeAction,
}: {
  scope: Scope;
  channelId: string;
  acknowledgeAction: Action<{ id: string }>;
}) {
  const [health, acknowledgements] = await Promise.all([
    evaluateChannel(scope, { channelId }),
    listAcknowledgements(scope, { channelId }),
  ]);
  const timeline = buildLifecycleTimeline(
    health.input,
    acknowledgements.map((a) => ({ kind: a.kind, at: a.at, by: a.byName ?? a.byEmail ?? null })),
  );
  const renderAction = (w: HealthBanner) => {
    switch (w.action?.kind) {
      case "acknowledge_app_opened":
        return (
          <AcknowledgeButton
            action={acknowledgeAction}
            channelId={channelId}
            kind="app_opened"
            label={w.action.label}
          />
        );
      case "acknowledge_companions_relinked":
        return (
          <AcknowledgeButton
            action={acknowledgeAction}
            channelId={channelId}
            kind="companions_relinked"
            label="Companions re-linked"
          />
        );
      case "reconnect":
        return (
          <Link className="text-sm font-medium underline" href="/onboarding">
            {w.action.label}
          </Link>
        );
      case "open_webhook_settings":
        return (
          <Link className="text-sm font-medium underline" href={`/channels/${channelId}/webhooks`}>
            {w.action.label}
          </Link>
        );
      default:
        return null;
    }
  };
  return (
    <div className="flex flex-col gap-6" data-testid="channel-health">
      {health.warnings.length === 0 ? (
        <p className="text-sm text-muted-foreground">No warnings: this channel looks healthy.</p>
      ) : (
        <HealthBannerStack warnings={health.warnings} renderAction={renderAction} />
      )}
      <Card>
        <CardHeader>
          <CardTitle>Lifecycle</CardTitle>
          <CardDescription>
            Onboarding, syncs, acknowledgements, app activity, disconnections and reconnections.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <LifecycleTimeline entries={timeline} />
        </CardContent>
      </Card>
    </div>
  );
}
