import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ChannelChatsTab } from "@/components/chats/channel-chats-tab";
import { ChannelCostsTab } from "@/components/costs/channel-costs-tab";
import { DateTime, When } from "@/components/format/when";
import { ChannelHealthTab } from "@/components/health/channel-health-tab";
import {
  ChannelContactsSummary,
  ChannelHistorySummary,
} from "@/components/onboarding/channel-history-summary";
import { ApiKeysTable } from "@/components/partners/api-keys-table";
import { ChannelEventsTab } from "@/components/partners/channel-events-tab";
import { CreateKeyForm } from "@/components/partners/create-key-form";
import { DeliveryLog } from "@/components/partners/delivery-log";
import { StatusBadge } from "@/components/partners/status-badge";
import { TabsNav } from "@/components/partners/tabs-nav";
import { ChannelWebhookForm, TestEventButton } from "@/components/partners/webhook-forms";
import { PageHeader } from "@/components/shell/page-header";
import { ChannelTemplatesTab } from "@/components/templates/channel-templates-tab";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { type PartnerScope, requirePartnerScope } from "@/lib/auth/scope";
import { requireCaller } from "@/lib/auth/session";
import { formatEnum, formatPhone } from "@/lib/format";
import { listDeliveries } from "@/lib/forwarding/delivery-log";
import { getChannelWebhook } from "@/lib/forwarding/settings";
import { describeLimit } from "@/lib/health/account-rules";
import { isUuid } from "@/lib/ids";
import { listApiKeys } from "@/lib/partners/api-keys";
import { getChannelById } from "@/lib/partners/channels";
import { firstParam, type SearchParams } from "@/lib/partners/console-list";
import {
  createChannelKeyAction,
  redeliverAction,
  revokeChannelKeyAction,
  sendTestEventAction,
  setChannelWebhookAction,
} from "../actions";
import { acknowledgeHealthAction } from "./health-actions";
import { createTemplateAction, deleteTemplateAction, editTemplateAction } from "./template-actions";

export const metadata: Metadata = { title: "Channel" };

const tabs = [
  { id: "overview", label: "Overview" },
  { id: "chats", label: "Chats" },
  { id: "costs", label: "Costs" },
  { id: "health", label: "Health" },
  { id: "templates", label: "Templates" },
  { id: "webhooks", label: "Webhooks" },
  { id: "api-keys", label: "API keys" },
  { id: "events", label: "Events" },
] as const;
type TabId = (typeof tabs)[number]["id"];

// A client user's channel page: its number, chats, costs, health and templates; the partner's
// plumbing (forwarding, keys, raw events) stays with the partner.
const portalTabs: readonly TabId[] = ["overview", "chats", "costs", "health", "templates"];

export default async function ChannelPage({
  params,
  searchParams,
}: {
  params: Promise<{ channelId: string }>;
  searchParams: Promise<SearchParams>;
}) {
  const caller = await requireCaller("portal");
  const { scope } = caller;
  const { channelId } = await params;
  if (!isUuid(channelId)) notFound();
  // The scope filters in SQL: another partner's or (for a client user) another client's channel
  // reads as none.
  const channel = await getChannelById(scope, { channelId });
  if (!channel) notFound();
  const isClientUser = scope.role === "client";
  const visibleTabs = isClientUser ? tabs.filter((t) => portalTabs.includes(t.id)) : tabs;
  const search = await searchParams;
  const requested = firstParam(search, "tab");
  const active: TabId = visibleTabs.some((t) => t.id === requested)
    ? (requested as TabId)
    : "overview";
  return (
    <>
      <PageHeader
        title={formatPhone(channel.displayPhoneNumber)}
        description={`${channel.verifiedName ?? "No display name yet"} · ${channel.clientName}`}
        breadcrumbs={[
          { href: "/channels", label: "Channels" },
          ...(isClientUser
            ? []
            : [{ href: `/clients/${channel.clientId}`, label: channel.clientName }]),
        ]}
      >
        <StatusBadge status={channel.status} />
      </PageHeader>
      <TabsNav
        label="Channel sections"
        active={active}
        tabs={visibleTabs.map((tab) => ({
          ...tab,
          href:
            tab.id === "overview"
              ? `/channels/${channel.id}`
              : `/channels/${channel.id}?tab=${tab.id}`,
        }))}
      />
      {active === "overview" ? (
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
                <ChannelHistorySummary
                  scope={scope}
                  channelId={channel.id}
                  sync={channel.syncState}
                />
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
      ) : null}
      {active === "costs" ? (
        <ChannelCostsTab scope={scope} channelId={channel.id} isAdmin={caller.role === "owner"} />
      ) : null}
      {active === "templates" ? (
        <ChannelTemplatesTab
          scope={scope}
          channelId={channel.id}
          displayPhoneNumber={channel.displayPhoneNumber}
          createAction={createTemplateAction}
          editAction={editTemplateAction}
          deleteAction={deleteTemplateAction}
          editId={firstParam(search, "edit")}
        />
      ) : null}
      {active === "health" ? (
        <ChannelHealthTab
          scope={scope}
          channelId={channel.id}
          acknowledgeAction={acknowledgeHealthAction}
        />
      ) : null}
      {active === "api-keys" ? (
        <ChannelKeys
          channelId={channel.id}
          canManage={caller.role === "owner"}
          scope={requirePartnerScope(scope)}
        />
      ) : null}
      {active === "webhooks" ? (
        <ChannelWebhooks
          scope={requirePartnerScope(scope)}
          channelId={channel.id}
          canManage={caller.role === "owner"}
        />
      ) : null}
      {active === "chats" ? <ChannelChatsTab scope={scope} channelId={channel.id} /> : null}
      {active === "events" ? (
        <ChannelEventsTab
          scope={requirePartnerScope(scope)}
          channelId={channel.id}
          search={search}
        />
      ) : null}
    </>
  );
}

async function ChannelKeys({
  scope,
  channelId,
  canManage,
}: {
  scope: PartnerScope;
  channelId: string;
  canManage: boolean;
}) {
  const { keys } = await listApiKeys(scope, { kind: "channel", channelId });
  return (
    <div className="grid gap-4">
      <Card>
        <CardHeader>
          <CardTitle>Messaging API keys</CardTitle>
          <CardDescription>
            Your software sends and receives for this number with a channel key in the{" "}
            <code>D360-API-KEY</code> header. One new key per 30 seconds per channel.
          </CardDescription>
        </CardHeader>
        {canManage ? (
          <CardContent>
            <CreateKeyForm
              action={createChannelKeyAction}
              fixed={{ channelId }}
              nameRequired={false}
              label="Create channel key"
            />
          </CardContent>
        ) : (
          <CardContent className="text-sm text-muted-foreground">
            Only owners create and revoke keys.
          </CardContent>
        )}
      </Card>
      <ApiKeysTable
        keys={keys}
        revokeAction={revokeChannelKeyAction}
        revokeInput={{ channelId }}
        canManage={canManage}
      />
    </div>
  );
}

async function ChannelWebhooks({
  scope,
  channelId,
  canManage,
}: {
  scope: PartnerScope;
  channelId: string;
  canManage: boolean;
}) {
  const [webhook, { deliveries }] = await Promise.all([
    getChannelWebhook(scope, { channelId }),
    listDeliveries(scope, { channelId, limit: 50 }),
  ]);
  return (
    <div className="grid gap-4">
      <Card>
        <CardHeader>
          <CardTitle>Forwarding</CardTitle>
          <CardDescription>
            Every event of this number (customer messages, statuses, echoes, history, contacts,
            account updates) is posted to this URL in Meta's body shape, signed with your partner
            secret (<code>X-Hub-Signature-256</code>, and <code>X-Coex-Signature</code> with a
            timestamp). In order per conversation (customer); retried with backoff for up to 7 days.
            A delivery failing for over an hour stops holding its conversation back and is marked
            out of order.
          </CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4">
          {canManage ? (
            <>
              <ChannelWebhookForm
                action={setChannelWebhookAction}
                channelId={channelId}
                url={webhook?.url ?? null}
                headerNames={Object.keys(webhook?.headers ?? {})}
              />
              {webhook ? (
                <TestEventButton action={sendTestEventAction} channelId={channelId} />
              ) : null}
            </>
          ) : (
            <p className="text-sm">
              {webhook ? (
                <>
                  Forwarding to <code>{webhook.url}</code>. Only owners change it.
                </>
              ) : (
                "No forwarding URL. Only owners set one."
              )}
            </p>
          )}
        </CardContent>
      </Card>
      <h2 className="text-lg font-semibold">Delivery log</h2>
      <DeliveryLog
        deliveries={deliveries}
        canManage={canManage}
        redeliverAction={redeliverAction}
      />
    </div>
  );
}
