import "server-only";
import { and, desc, eq, gte, inArray, isNull, lt, lte, or, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { channels, webhookEventChannels, webhookEvents, webhookRejections } from "@/db/schema";
import type { WebhookOutcome } from "@/db/schema/ingest";
import type { PartnerScope } from "@/lib/auth/scope";
import { AppError } from "@/lib/errors";
import { processWebhookEvent } from "./process";

/**
 * The Webhooks page's reads and the admin replay. An event belongs to a partner through
 * webhook_event_channels (the channels its changes routed to). Events no channel claims
 * (unparseable bodies, numbers not onboarded yet) are listed to owners as "unattributed", without
 * their body: it may belong to another partner's number being onboarded.
 */

export type EventFilters = {
  outcome?: WebhookOutcome;
  field?: string;
  channelId?: string;
  before?: { receivedAt: Date; id: string };
};

export type WebhookEventListItem = {
  id: string;
  receivedAt: Date;
  processedAt: Date | null;
  outcome: WebhookOutcome;
  fields: string[];
  bodyBytes: number;
  deliveries: number;
  attempts: number;
  channelId: string | null;
  channelNumber: string | null;
  attributed: boolean;
};

const PAGE = 50;

export async function listWebhookEvents(
  scope: PartnerScope,
  { includeUnattributed, filters = {} }: { includeUnattributed: boolean; filters?: EventFilters },
): Promise<{ items: WebhookEventListItem[]; next: { receivedAt: Date; id: string } | null }> {
  const { partnerId } = scope;
  const db = getDb();
  const mine = db
    .select({ eventId: webhookEventChannels.eventId })
    .from(webhookEventChannels)
    .where(
      and(
        eq(webhookEventChannels.partnerId, partnerId),
        filters.channelId ? eq(webhookEventChannels.channelId, filters.channelId) : undefined,
      ),
    );
  const unattributed = and(
    isNull(webhookEvents.channelId),
    sql`not exists (select 1 from webhook_event_channels l where l.event_id = ${webhookEvents.id})`,
  );
  const visible =
    includeUnattributed && !filters.channelId
      ? or(inArray(webhookEvents.id, mine), unattributed)
      : inArray(webhookEvents.id, mine);
  const rows = await db
    .select({
      id: webhookEvents.id,
      receivedAt: webhookEvents.receivedAt,
      processedAt: webhookEvents.processedAt,
      outcome: webhookEvents.outcome,
      fields: webhookEvents.fields,
      bodyBytes: webhookEvents.bodyBytes,
      deliveries: webhookEvents.deliveries,
      attempts: webhookEvents.attempts,
      channelId: webhookEvents.channelId,
      // Only this partner's channel is named.
      channelNumber: sql<
        string | null
      >`(select c.display_phone_number from channels c where c.id = ${webhookEvents.channelId} and c.partner_id = ${partnerId})`,
      attributed: sql<boolean>`exists (select 1 from webhook_event_channels l where l.event_id = ${webhookEvents.id} and l.partner_id = ${partnerId})`,
    })
    .from(webhookEvents)
    .where(
      and(
        visible,
        filters.outcome ? eq(webhookEvents.outcome, filters.outcome) : undefined,
        filters.field ? sql`${filters.field} = any(${webhookEvents.fields})` : undefined,
        filters.before
          ? or(
              lt(webhookEvents.receivedAt, filters.before.receivedAt),
              and(
                eq(webhookEvents.receivedAt, filters.before.receivedAt),
                lt(webhookEvents.id, filters.before.id),
              ),
            )
          : undefined,
      ),
    )
    .orderBy(desc(webhookEvents.receivedAt), desc(webhookEvents.id))
    .limit(PAGE + 1);
  const items = rows.slice(0, PAGE).map((r) => ({
    ...r,
    fields: r.fields ?? [],
    attributed: Boolean(r.attributed),
    channelId: r.attributed ? r.channelId : null,
  }));
  const last = items.at(-1);
  return {
    items,
    next: rows.length > PAGE && last ? { receivedAt: last.receivedAt, id: last.id } : null,
  };
}

type Obj = Record<string, unknown>;

/**
 * One event with its JSON, cut down to the entries and changes that route to the partner's own
 * channels (a batch may carry another partner's numbers). A foreign or unattributed event is a 404.
 */
export async function getWebhookEvent(
  scope: PartnerScope,
  {
    id,
    channelId,
  }: {
    id: string;
    /** Only an event of this channel, cut down to this channel's changes (the channel's Events tab). */
    channelId?: string;
  },
) {
  const { partnerId } = scope;
  const db = getDb();
  const [row] = await db
    .select()
    .from(webhookEvents)
    .where(
      and(
        eq(webhookEvents.id, id),
        inArray(
          webhookEvents.id,
          db
            .select({ eventId: webhookEventChannels.eventId })
            .from(webhookEventChannels)
            .where(
              and(
                eq(webhookEventChannels.partnerId, partnerId),
                channelId ? eq(webhookEventChannels.channelId, channelId) : undefined,
              ),
            ),
        ),
      ),
    );
  if (!row) throw new AppError("not_found", "No such webhook event.");
  const own = await db
    .select({ wabaId: channels.wabaId, phoneNumberId: channels.phoneNumberId })
    .from(channels)
    .where(
      and(eq(channels.partnerId, partnerId), channelId ? eq(channels.id, channelId) : undefined),
    );
  const wabas = new Set(own.map((c) => c.wabaId));
  const numbers = new Set(own.map((c) => c.phoneNumberId));
  let json: unknown = null;
  try {
    const parsed = JSON.parse(row.body) as Obj;
    const entries = Array.isArray(parsed.entry) ? (parsed.entry as Obj[]) : [];
    json = {
      ...parsed,
      entry: entries
        .map((entry) => ({
          ...entry,
          changes: (Array.isArray(entry.changes) ? (entry.changes as Obj[]) : []).filter(
            (change) => {
              const pn = ((change.value as Obj | undefined)?.metadata as Obj | undefined)
                ?.phone_number_id;
              return typeof pn === "string" ? numbers.has(pn) : wabas.has(String(entry.id));
            },
          ),
        }))
        .filter((entry) => entry.changes.length > 0),
    };
  } catch {
    json = null;
  }
  return {
    id: row.id,
    receivedAt: row.receivedAt,
    processedAt: row.processedAt,
    outcome: row.outcome,
    fields: row.fields ?? [],
    deliveries: row.deliveries,
    attempts: row.attempts,
    lastError: row.lastError,
    bodyBytes: row.bodyBytes,
    json,
  };
}

export type WebhookCounters = {
  received: number;
  failed: number;
  unknownChannel: number;
  unparseable: number;
  rejectedSignatures: number;
};

/** Last hour: the partner's received and failed events; hub-wide unparseable and rejected. */
export async function getWebhookCounters(scope: PartnerScope): Promise<WebhookCounters> {
  const { partnerId } = scope;
  const db = getDb();
  const since = new Date(Date.now() - 3_600_000);
  const [mine] = await db
    .select({
      received: sql<number>`count(*)::int`,
      failed: sql<number>`(count(*) filter (where ${webhookEvents.outcome} = 'failed'))::int`,
    })
    .from(webhookEventChannels)
    .innerJoin(webhookEvents, eq(webhookEvents.id, webhookEventChannels.eventId))
    .where(
      and(
        eq(webhookEventChannels.partnerId, partnerId),
        gte(webhookEventChannels.receivedAt, since),
      ),
    );
  const [hub] = await db
    .select({
      unparseable: sql<number>`(count(*) filter (where ${webhookEvents.outcome} = 'unparseable'))::int`,
      unknownChannel: sql<number>`(count(*) filter (where ${webhookEvents.outcome} = 'unknown_channel'))::int`,
    })
    .from(webhookEvents)
    .where(gte(webhookEvents.receivedAt, since));
  const [rejected] = await db
    .select({ n: sql<number>`coalesce(sum(${webhookRejections.count}), 0)::int` })
    .from(webhookRejections)
    .where(
      and(eq(webhookRejections.reason, "bad_signature"), gte(webhookRejections.minute, since)),
    );
  return {
    received: Number(mine?.received ?? 0),
    failed: Number(mine?.failed ?? 0),
    unparseable: Number(hub?.unparseable ?? 0),
    unknownChannel: Number(hub?.unknownChannel ?? 0),
    rejectedSignatures: Number(rejected?.n ?? 0),
  };
}

/** Re-runs processing of one of the partner's events (idempotent: every write is an upsert). */
export async function replayWebhookEvent(scope: PartnerScope, { id }: { id: string }) {
  const { partnerId } = scope;
  const [link] = await getDb()
    .select({ eventId: webhookEventChannels.eventId })
    .from(webhookEventChannels)
    .where(and(eq(webhookEventChannels.partnerId, partnerId), eq(webhookEventChannels.eventId, id)))
    .limit(1);
  if (!link) throw new AppError("not_found", "No such webhook event.");
  const result = await processWebhookEvent({ eventId: id, force: true });
  if (result.status === "skipped")
    throw new AppError(
      "conflict",
      "This event is being processed right now. Try again in a moment.",
    );
  if (result.status === "failed")
    throw new AppError("internal", `Processing failed again: ${result.error}`);
  return { outcome: result.outcome };
}

const MAX_REPLAY = 5_000;

/** Re-runs processing of a channel's events received in [from, to], oldest first. */
export async function replayChannelEvents(
  scope: PartnerScope,
  { channelId, from, to }: { channelId: string; from: Date; to: Date },
) {
  const { partnerId } = scope;
  const db = getDb();
  const [channel] = await db
    .select({ id: channels.id })
    .from(channels)
    .where(and(eq(channels.id, channelId), eq(channels.partnerId, partnerId)));
  if (!channel) throw new AppError("not_found", "No such channel.");
  const rows = await db
    .select({ eventId: webhookEventChannels.eventId })
    .from(webhookEventChannels)
    .where(
      and(
        eq(webhookEventChannels.partnerId, partnerId),
        eq(webhookEventChannels.channelId, channelId),
        gte(webhookEventChannels.receivedAt, from),
        lte(webhookEventChannels.receivedAt, to),
      ),
    )
    .orderBy(webhookEventChannels.receivedAt)
    .limit(MAX_REPLAY + 1);
  if (rows.length > MAX_REPLAY) {
    throw new AppError(
      "unprocessable",
      `More than ${MAX_REPLAY} events in that range: choose a shorter one.`,
    );
  }
  const summary = { replayed: 0, failed: 0, busy: 0 };
  for (const row of rows) {
    const result = await processWebhookEvent({ eventId: row.eventId, force: true });
    if (result.status === "done") summary.replayed++;
    else if (result.status === "failed") summary.failed++;
    else summary.busy++;
  }
  return summary;
}
