import "server-only";
import { and, desc, eq, lt, or } from "drizzle-orm";
import { getDb } from "@/db";
import { channelEvents, channels } from "@/db/schema";
import type { ChannelEventKind, WebhookOutcome } from "@/db/schema/ingest";
import type { PartnerScope } from "@/lib/auth/scope";
import { AppError } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import { getWebhookEvent, listWebhookEvents, type WebhookEventListItem } from "./events";

/**
 * The channel page's Events tab: the raw webhook events that routed to the channel (field,
 * outcome, received time; the body on demand, cut to this channel's changes) and its lifecycle
 * as Meta reported it (account updates, quality, names, templates). Another partner's channel,
 * or an event of another channel, is not found.
 */

export const LIFECYCLE_PAGE = 50;

export type Position = { at: Date; id: string };

export type LifecycleItem = {
  id: string;
  kind: ChannelEventKind;
  event: string;
  reason: string | null;
  occurredAt: Date;
  receivedAt: Date;
  webhookEventId: string | null;
};

export type ChannelEventsView = {
  events: WebhookEventListItem[];
  nextEvents: Position | null;
  lifecycle: LifecycleItem[];
  nextLifecycle: Position | null;
  detail: Awaited<ReturnType<typeof getWebhookEvent>> | null;
};

/**
 * `2026-03-01T12:00:00.000Z|<uuid>`: a page position in a URL (the tab reads it back with
 * consoleCursorParam, lib/partners/console-list.ts).
 */
export function encodePosition(p: Position) {
  return `${p.at.toISOString()}|${p.id}`;
}

export async function loadChannelEvents(
  scope: PartnerScope,
  {
    channelId,
    outcome,
    field,
    before,
    lifecycleBefore,
    eventId,
  }: {
    channelId: string;
    outcome?: WebhookOutcome;
    field?: string;
    before?: Position;
    lifecycleBefore?: Position;
    /** The event whose body to show. */
    eventId?: string;
  },
): Promise<ChannelEventsView> {
  const { partnerId } = scope;
  const db = getDb();
  const [channel] = await db
    .select({ id: channels.id })
    .from(channels)
    .where(and(eq(channels.id, channelId), eq(channels.partnerId, partnerId)));
  if (!channel) throw new AppError("not_found", "Channel not found.");

  const ce = channelEvents;
  const [page, lifecycleRows, detail] = await Promise.all([
    listWebhookEvents(scope, {
      includeUnattributed: false,
      filters: {
        channelId,
        outcome,
        field,
        before: before ? { receivedAt: before.at, id: before.id } : undefined,
      },
    }),
    db
      .select({
        id: ce.id,
        kind: ce.kind,
        event: ce.event,
        reason: ce.reason,
        occurredAt: ce.occurredAt,
        receivedAt: ce.createdAt,
        webhookEventId: ce.webhookEventId,
      })
      .from(ce)
      .where(
        and(
          eq(ce.partnerId, partnerId),
          eq(ce.channelId, channelId),
          lifecycleBefore
            ? or(
                lt(ce.occurredAt, lifecycleBefore.at),
                and(eq(ce.occurredAt, lifecycleBefore.at), lt(ce.id, lifecycleBefore.id)),
              )
            : undefined,
        ),
      )
      .orderBy(desc(ce.occurredAt), desc(ce.id))
      .limit(LIFECYCLE_PAGE + 1),
    eventId && isUuid(eventId)
      ? getWebhookEvent(scope, { channelId, id: eventId }).catch((error) => {
          if (error instanceof AppError && error.code === "not_found") return null;
          throw error;
        })
      : null,
  ]);
  const lifecycle = lifecycleRows.slice(0, LIFECYCLE_PAGE);
  const last = lifecycle.at(-1);
  return {
    events: page.items,
    nextEvents: page.next ? { at: page.next.receivedAt, id: page.next.id } : null,
    lifecycle,
    nextLifecycle:
      lifecycleRows.length > LIFECYCLE_PAGE && last ? { at: last.occurredAt, id: last.id } : null,
    detail,
  };
}
