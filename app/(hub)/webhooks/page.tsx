import { format } from "date-fns";
import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/shell/page-header";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { ScrollRegion } from "@/components/ui/scroll-region";
import { CopyField } from "@/components/webhooks/copy-field";
import { OutcomeBadge } from "@/components/webhooks/outcome-badge";
import { ReplayButton } from "@/components/webhooks/replay-button";
import { ReplayRangeForm } from "@/components/webhooks/replay-range-form";
import { webhookOutcomes } from "@/db/schema/ingest";
import { requireCaller } from "@/lib/auth/session";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { getWebhookCounters, getWebhookEvent, listWebhookEvents } from "@/lib/ingest/events";
import { listPartnerChannelsForWebhooks } from "@/lib/ingest/partner-channels";
import { knownFields } from "@/lib/meta/webhooks";
import type { SearchParams } from "@/lib/partners/console-list";
import { replayChannelAction, replayEventAction } from "./actions";
import { parseWebhooksSearch } from "./search-params";

export const metadata: Metadata = { title: "Webhooks" };

export default async function WebhooksPage({
  searchParams,
}: {
  searchParams: Promise<SearchParams>;
}) {
  const caller = await requireCaller();
  const { outcome, field, channel, event, before } = parseWebhooksSearch(await searchParams);
  const isOwner = caller.role === "owner";

  const [counters, channels, page] = await Promise.all([
    getWebhookCounters(caller.scope),
    listPartnerChannelsForWebhooks(caller.scope),
    listWebhookEvents(caller.scope, {
      includeUnattributed: isOwner,
      filters: { outcome, field, channelId: channel, before },
    }),
  ]);
  let detail: Awaited<ReturnType<typeof getWebhookEvent>> | null = null;
  if (event) {
    detail = await getWebhookEvent(caller.scope, { id: event }).catch((error) => {
      if (error instanceof AppError) return null;
      throw error;
    });
  }
  const env = getEnv();
  const query = (extra: Record<string, string | undefined>) => {
    const q = new URLSearchParams();
    const merged = { outcome, field, channel, ...extra };
    for (const [k, v] of Object.entries(merged)) if (v) q.set(k, v);
    const s = q.toString();
    return s ? `/webhooks?${s}` : "/webhooks";
  };
  const stats = [
    { id: "received", label: "Received", value: counters.received, hint: "your events, last hour" },
    {
      id: "failed",
      label: "Failed",
      value: counters.failed,
      hint: "your events, retried by the sweep",
    },
    {
      id: "unparseable",
      label: "Unparseable",
      value: counters.unparseable,
      hint: "hub-wide, last hour",
    },
    {
      id: "rejected",
      label: "Rejected signatures",
      value: counters.rejectedSignatures,
      hint: "hub-wide, last hour",
    },
  ];

  return (
    <>
      <PageHeader
        title="Webhooks"
        description="Every event Meta sent, as received: stored before the answer, processed after it."
      />
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        {stats.map((stat) => (
          <Card key={stat.id} data-testid={`counter-${stat.id}`}>
            <CardHeader>
              <CardDescription>{stat.label}</CardDescription>
              <CardTitle className="text-3xl tabular-nums">{stat.value}</CardTitle>
            </CardHeader>
            <CardContent className="text-xs text-muted-foreground">{stat.hint}</CardContent>
          </Card>
        ))}
      </div>

      {isOwner ? (
        <Card className="mt-6">
          <CardHeader>
            <CardTitle className="text-base">Meta's dashboard settings</CardTitle>
            <CardDescription>
              Paste these into your app's WhatsApp webhook configuration, then subscribe the fields
              messages, account_update, history, smb_app_state_sync and smb_message_echoes.
            </CardDescription>
          </CardHeader>
          <CardContent className="grid gap-4 md:grid-cols-2">
            <CopyField
              id="webhook-url"
              label="Callback URL"
              value={`${env.appUrl}/api/webhooks/meta`}
            />
            <CopyField
              id="verify-token"
              label="Verify token"
              value={env.meta.webhookVerifyToken ?? "(not set: META_WEBHOOK_VERIFY_TOKEN)"}
            />
          </CardContent>
        </Card>
      ) : null}

      <Card className="mt-6">
        <CardHeader>
          <CardTitle className="text-base">Events</CardTitle>
          <form className="flex flex-wrap items-end gap-3" action="/webhooks">
            <label className="space-y-1 text-xs font-medium text-muted-foreground">
              Outcome
              <select
                name="outcome"
                defaultValue={outcome ?? ""}
                className="block h-9 rounded-md border bg-background px-2 text-sm"
              >
                <option value="">any</option>
                {webhookOutcomes.map((o) => (
                  <option key={o} value={o}>
                    {o}
                  </option>
                ))}
              </select>
            </label>
            <label className="space-y-1 text-xs font-medium text-muted-foreground">
              Field
              <select
                name="field"
                defaultValue={field ?? ""}
                className="block h-9 rounded-md border bg-background px-2 text-sm"
              >
                <option value="">any</option>
                {knownFields.map((f) => (
                  <option key={f} value={f}>
                    {f}
                  </option>
                ))}
              </select>
            </label>
            <label className="space-y-1 text-xs font-medium text-muted-foreground">
              Channel
              <select
                name="channel"
                defaultValue={channel ?? ""}
                className="block h-9 rounded-md border bg-background px-2 text-sm"
              >
                <option value="">any</option>
                {channels.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.label}
                  </option>
                ))}
              </select>
            </label>
            <button type="submit" className="h-9 rounded-md border px-3 text-sm hover:bg-accent">
              Filter
            </button>
          </form>
        </CardHeader>
        <CardContent>
          <ScrollRegion label="Webhook events" className="overflow-x-auto">
            <table className="w-full text-sm" aria-label="Webhook events">
              <thead className="text-left text-xs text-muted-foreground">
                <tr>
                  <th className="py-2 pr-3 font-medium">Received</th>
                  <th className="py-2 pr-3 font-medium">Field</th>
                  <th className="py-2 pr-3 font-medium">Outcome</th>
                  <th className="py-2 pr-3 font-medium">Channel</th>
                  <th className="py-2 pr-3 font-medium">Processed</th>
                  <th className="py-2 pr-3 font-medium">Deliveries</th>
                </tr>
              </thead>
              <tbody>
                {page.items.length === 0 ? (
                  <tr>
                    <td colSpan={6} className="py-6 text-center text-muted-foreground">
                      No events yet. Once Meta (or the sandbox) posts to the callback URL, they show
                      here.
                    </td>
                  </tr>
                ) : null}
                {page.items.map((e) => (
                  <tr key={e.id} className="border-t" data-testid="webhook-event-row">
                    <td className="py-2 pr-3 tabular-nums">
                      {e.attributed ? (
                        <Link
                          className="underline-offset-4 hover:underline"
                          href={query({ event: e.id })}
                        >
                          {format(e.receivedAt, "yyyy-MM-dd HH:mm:ss")}
                        </Link>
                      ) : (
                        format(e.receivedAt, "yyyy-MM-dd HH:mm:ss")
                      )}
                    </td>
                    <td className="py-2 pr-3 font-mono text-xs">{e.fields.join(", ") || "—"}</td>
                    <td className="py-2 pr-3">
                      <OutcomeBadge outcome={e.outcome} />
                    </td>
                    <td className="py-2 pr-3">
                      {e.attributed ? (e.channelNumber ?? "several") : "unattributed"}
                    </td>
                    <td className="py-2 pr-3 tabular-nums">
                      {e.processedAt ? format(e.processedAt, "HH:mm:ss") : "—"}
                    </td>
                    <td className="py-2 pr-3 tabular-nums">{e.deliveries}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
          {page.next ? (
            <Link
              className="mt-3 inline-block text-sm underline-offset-4 hover:underline"
              href={query({ before: `${page.next.receivedAt.toISOString()}|${page.next.id}` })}
            >
              Older events
            </Link>
          ) : null}
        </CardContent>
      </Card>

      {detail ? (
        <Card className="mt-6" data-testid="webhook-event-detail">
          <CardHeader className="flex flex-row flex-wrap items-start justify-between gap-3">
            <div>
              <CardTitle className="text-base">Event {detail.id}</CardTitle>
              <CardDescription>
                {detail.fields.join(", ") || "no fields"} · {detail.outcome} · {detail.attempts}{" "}
                attempts · {detail.deliveries} deliveries · {detail.bodyBytes} bytes
              </CardDescription>
            </div>
            {isOwner ? <ReplayButton action={replayEventAction} eventId={detail.id} /> : null}
          </CardHeader>
          <CardContent className="space-y-3">
            {detail.lastError ? (
              <pre className="whitespace-pre-wrap text-xs text-muted-foreground">
                {detail.lastError}
              </pre>
            ) : null}
            <ScrollRegion
              as="pre"
              label={`Body of event ${detail.id}`}
              className="max-h-[32rem] overflow-auto rounded-md bg-muted/40 p-3 text-xs"
              data-testid="webhook-event-json"
            >
              {detail.json ? JSON.stringify(detail.json, null, 2) : "(not JSON)"}
            </ScrollRegion>
          </CardContent>
        </Card>
      ) : null}

      {isOwner ? (
        <Card className="mt-6">
          <CardHeader>
            <CardTitle className="text-base">Replay a channel's events</CardTitle>
            <CardDescription>
              Runs processing again for every event of the channel received in the range. Safe to
              repeat: nothing is doubled.
            </CardDescription>
          </CardHeader>
          <CardContent>
            <ReplayRangeForm action={replayChannelAction} channels={channels} />
          </CardContent>
        </Card>
      ) : null}
    </>
  );
}
