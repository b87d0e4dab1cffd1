import Link from "next/link";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { NativeSelect } from "@/components/ui/native-select";
import { ScrollRegion } from "@/components/ui/scroll-region";
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "@/components/ui/table";
import { OutcomeBadge } from "@/components/webhooks/outcome-badge";
import { type WebhookOutcome, webhookOutcomes } from "@/db/schema/ingest";
import type { PartnerScope } from "@/lib/auth/scope";
import { encodePosition, loadChannelEvents, type Position } from "@/lib/ingest/channel-events-view";
import { knownFields } from "@/lib/meta/webhooks";
import { EmptyRow } from "./list-controls";

const seconds = (d: Date) => `${d.toISOString().replace("T", " ").slice(0, 19)} UTC`;

/**
 * The channel page's Events tab: the raw webhook events of this number and its lifecycle, each
 * paged on its own keyset; a row's "Body" link opens the event's JSON below the lists. `search`
 * is the tab's URL, parsed (parseChannelEventsSearch): bad values are already dropped.
 */
export async function ChannelEventsTab({
  scope,
  channelId,
  search,
}: {
  scope: PartnerScope;
  channelId: string;
  search: {
    outcome?: WebhookOutcome;
    field?: string;
    event?: string;
    before?: Position;
    lifecycle_before?: Position;
  };
}) {
  const { outcome, field } = search;
  const view = await loadChannelEvents(scope, {
    channelId,
    outcome,
    field,
    before: search.before,
    lifecycleBefore: search.lifecycle_before,
    eventId: search.event,
  });
  const base = `/channels/${channelId}/events`;
  const href = (extra: Record<string, string | undefined>) => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries({ outcome, field, ...extra })) if (v) q.set(k, v);
    return q.size ? `${base}?${q.toString()}` : base;
  };

  return (
    <div className="grid gap-4">
      <Card>
        <CardHeader>
          <CardTitle>Webhook events</CardTitle>
          <CardDescription>
            Every event Meta sent for this number, as received, with what processing made of it.
          </CardDescription>
          <form className="flex flex-wrap items-end gap-3" action={base}>
            <div className="grid gap-1">
              <label htmlFor="events-outcome" className="text-xs font-medium text-muted-foreground">
                Outcome
              </label>
              <NativeSelect id="events-outcome" name="outcome" defaultValue={outcome ?? ""}>
                <option value="">any</option>
                {webhookOutcomes.map((o) => (
                  <option key={o} value={o}>
                    {o.replace("_", " ")}
                  </option>
                ))}
              </NativeSelect>
            </div>
            <div className="grid gap-1">
              <label htmlFor="events-field" className="text-xs font-medium text-muted-foreground">
                Field
              </label>
              <NativeSelect id="events-field" name="field" defaultValue={field ?? ""}>
                <option value="">any</option>
                {knownFields.map((f) => (
                  <option key={f} value={f}>
                    {f}
                  </option>
                ))}
              </NativeSelect>
            </div>
            <button type="submit" className="h-9 rounded-md border px-3 text-sm hover:bg-accent">
              Filter
            </button>
          </form>
        </CardHeader>
        <CardContent>
          <Table aria-label="Webhook events of this channel">
            <TableHeader>
              <TableRow>
                <TableHead>Received</TableHead>
                <TableHead>Field</TableHead>
                <TableHead>Outcome</TableHead>
                <TableHead>Processed</TableHead>
                <TableHead className="text-right">Deliveries</TableHead>
                <TableHead className="sr-only">Body</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {view.events.length === 0 ? (
                <EmptyRow colSpan={6}>No webhook events for this number yet.</EmptyRow>
              ) : null}
              {view.events.map((e) => (
                <TableRow key={e.id} data-testid="channel-event-row">
                  <TableCell className="whitespace-nowrap tabular-nums">
                    {seconds(e.receivedAt)}
                  </TableCell>
                  <TableCell className="font-mono text-xs">{e.fields.join(", ") || "—"}</TableCell>
                  <TableCell>
                    <OutcomeBadge outcome={e.outcome} />
                  </TableCell>
                  <TableCell className="whitespace-nowrap tabular-nums">
                    {e.processedAt ? seconds(e.processedAt) : "—"}
                  </TableCell>
                  <TableCell className="text-right tabular-nums">{e.deliveries}</TableCell>
                  <TableCell>
                    <Link className="text-sm hover:underline" href={href({ event: e.id })}>
                      Body
                    </Link>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          {view.nextEvents ? (
            <Link
              className="mt-3 inline-block text-sm hover:underline"
              href={href({ before: encodePosition(view.nextEvents) })}
            >
              Older events
            </Link>
          ) : null}
        </CardContent>
      </Card>

      {view.detail ? (
        <Card data-testid="channel-event-detail">
          <CardHeader>
            <CardTitle>Event {view.detail.id}</CardTitle>
            <CardDescription>
              {view.detail.fields.join(", ") || "no fields"} · {view.detail.outcome} ·{" "}
              {view.detail.attempts} attempts · {view.detail.deliveries} deliveries ·{" "}
              {view.detail.bodyBytes} bytes. Cut to this number's changes.
            </CardDescription>
          </CardHeader>
          <CardContent className="grid gap-3">
            {view.detail.lastError ? (
              <pre className="whitespace-pre-wrap text-xs text-muted-foreground">
                {view.detail.lastError}
              </pre>
            ) : null}
            <ScrollRegion
              as="pre"
              label={`Body of event ${view.detail.id}`}
              className="max-h-[32rem] overflow-auto rounded-md bg-muted/40 p-3 text-xs"
              data-testid="channel-event-json"
            >
              {view.detail.json ? JSON.stringify(view.detail.json, null, 2) : "(not JSON)"}
            </ScrollRegion>
          </CardContent>
        </Card>
      ) : null}

      <Card>
        <CardHeader>
          <CardTitle>Lifecycle</CardTitle>
          <CardDescription>
            What Meta reported about the number itself: account updates (disconnections,
            offboarding, reconnection), quality, display name and template decisions, by Meta's
            time.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <Table aria-label="Lifecycle of this channel">
            <TableHeader>
              <TableRow>
                <TableHead>When (Meta)</TableHead>
                <TableHead>Kind</TableHead>
                <TableHead>Event</TableHead>
                <TableHead>Reason</TableHead>
                <TableHead>Received</TableHead>
                <TableHead className="sr-only">Body</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {view.lifecycle.length === 0 ? (
                <EmptyRow colSpan={6}>No account updates for this number yet.</EmptyRow>
              ) : null}
              {view.lifecycle.map((item) => (
                <TableRow key={item.id} data-testid="lifecycle-row">
                  <TableCell className="whitespace-nowrap tabular-nums">
                    {seconds(item.occurredAt)}
                  </TableCell>
                  <TableCell className="font-mono text-xs">{item.kind}</TableCell>
                  <TableCell className="font-mono text-xs">{item.event}</TableCell>
                  <TableCell>{item.reason ?? "—"}</TableCell>
                  <TableCell className="whitespace-nowrap tabular-nums">
                    {seconds(item.receivedAt)}
                  </TableCell>
                  <TableCell>
                    {item.webhookEventId ? (
                      <Link
                        className="text-sm hover:underline"
                        href={href({ event: item.webhookEventId })}
                      >
                        Body
                      </Link>
                    ) : null}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          {view.nextLifecycle ? (
            <Link
              className="mt-3 inline-block text-sm hover:underline"
              href={href({ lifecycle_before: encodePosition(view.nextLifecycle) })}
            >
              Older lifecycle events
            </Link>
          ) : null}
        </CardContent>
      </Card>
    </div>
  );
}
