import "server-only";
import { and, count, desc, eq, inArray, isNotNull, max, min, sql } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { getDb } from "@/db";
import {
  channelEvents,
  channels,
  contacts,
  historyChunks,
  messages,
  messageTemplates,
  onboardingSessions,
} from "@/db/schema";
import { type Scope, tenantCondition } from "@/lib/auth/scope";
import { listFailingForwardingChannels } from "@/lib/forwarding/failing-channels";
import { isUuid } from "@/lib/ids";
import type { StepRecords } from "@/lib/onboarding/steps";
import type { ChannelRowForHealth, IngestedHealthFacts } from "./input";
import type { AccountEvent, CountedSignal } from "./types";

/** Account events the rules read (ordered by their own time by the rules). */
export const healthAccountEvents = [
  "PARTNER_REMOVED",
  "ACCOUNT_OFFBOARDED",
  "ACCOUNT_RECONNECTED",
] as const;

const date = (v: unknown): Date | null =>
  v === null || v === undefined ? null : new Date(v as string);

function counted(
  row: { n: number; first: unknown; last: unknown } | undefined,
): CountedSignal | null {
  if (!row || Number(row.n) === 0 || !row.first || !row.last) return null;
  return {
    count: Number(row.n),
    firstAt: new Date(row.first as string),
    lastAt: new Date(row.last as string),
  };
}

function stepAt(steps: StepRecords, step: "request_contacts_sync" | "request_history_sync") {
  const record = steps[step];
  return record?.status === "done" ? new Date(record.at) : null;
}

/**
 * The channel rows of a partner the rules need (all of them when `channelIds` is omitted).
 * Another partner's ids come back empty.
 */
export async function listChannelsForHealth(
  scope: Scope,
  { channelIds }: { channelIds?: readonly string[] },
): Promise<ChannelRowForHealth[]> {
  const ids = channelIds?.filter(isUuid);
  if (ids && ids.length === 0) return [];
  return getDb()
    .select({
      id: channels.id,
      status: channels.status,
      coexistence: channels.coexistence,
      onboardedAt: channels.onboardedAt,
      displayPhoneNumber: channels.displayPhoneNumber,
      countryCode: channels.countryCode,
      qualityRating: channels.qualityRating,
      disconnectReason: channels.disconnectReason,
    })
    .from(channels)
    .where(and(tenantCondition(scope, channels), ids ? inArray(channels.id, ids) : undefined));
}

/**
 * What ingestion, onboarding and forwarding stored about some channels of one partner, in a fixed
 * number of queries whatever the number of channels (no N+1). Every query is filtered by partner;
 * the ids come from listChannelsForHealth (already narrowed to the caller's scope).
 */
export async function loadHealthFacts({
  partnerId,
  channelIds,
}: {
  partnerId: string;
  channelIds: readonly string[];
}): Promise<Map<string, IngestedHealthFacts>> {
  const ids = channelIds.filter(isUuid);
  const result = new Map<string, IngestedHealthFacts>(ids.map((id) => [id, {}]));
  if (ids.length === 0) return result;
  const db = getDb();
  const inChannels = (table: { partnerId: AnyPgColumn; channelId: AnyPgColumn }) =>
    and(eq(table.partnerId, partnerId), inArray(table.channelId, ids));

  const [echoes, events, chunks, contactRows, sessions, unsupported, capHits, failing, templates] =
    await Promise.all([
      db
        .select({ channelId: messages.channelId, at: max(messages.sentAt) })
        .from(messages)
        .where(and(inChannels(messages), eq(messages.origin, "app")))
        .groupBy(messages.channelId),
      db
        .select({
          channelId: channelEvents.channelId,
          kind: channelEvents.kind,
          event: channelEvents.event,
          reason: channelEvents.reason,
          payload: channelEvents.payload,
          at: channelEvents.occurredAt,
        })
        .from(channelEvents)
        .where(
          and(
            inChannels(channelEvents),
            inArray(channelEvents.kind, [
              "account_update",
              "history_declined",
              "quality_update",
              "account_alert",
              "template_category",
            ]),
          ),
        )
        // Arrival order breaks ties of Meta's one-second times (the rules' sort is stable).
        .orderBy(channelEvents.occurredAt, channelEvents.createdAt),
      db
        .select({
          channelId: historyChunks.channelId,
          first: min(historyChunks.receivedAt),
          completed: sql<
            string | null
          >`max(case when ${historyChunks.progress} >= 100 then ${historyChunks.receivedAt} end)`,
        })
        .from(historyChunks)
        // The current onboarding's import only: a number onboarded again starts a new one.
        .innerJoin(
          channels,
          and(
            eq(channels.id, historyChunks.channelId),
            eq(channels.syncGeneration, historyChunks.generation),
          ),
        )
        .where(inChannels(historyChunks))
        .groupBy(historyChunks.channelId),
      db
        .select({ channelId: contacts.channelId, first: min(contacts.createdAt) })
        .from(contacts)
        .where(and(inChannels(contacts), isNotNull(contacts.appSyncedAt)))
        .groupBy(contacts.channelId),
      db
        .select({ channelId: onboardingSessions.channelId, steps: onboardingSessions.steps })
        .from(onboardingSessions)
        .where(
          and(
            eq(onboardingSessions.partnerId, partnerId),
            inArray(onboardingSessions.channelId, ids),
          ),
        )
        .orderBy(desc(onboardingSessions.createdAt)),
      db
        .select({
          channelId: messages.channelId,
          n: count(),
          first: min(messages.sentAt),
          last: max(messages.sentAt),
        })
        .from(messages)
        .where(
          and(
            inChannels(messages),
            eq(messages.origin, "customer"),
            eq(messages.type, "unsupported"),
            sql`${messages.errors} @> '[{"code":131060}]'::jsonb`,
          ),
        )
        .groupBy(messages.channelId),
      db
        .select({
          channelId: messages.channelId,
          n: count(),
          first: min(messages.sentAt),
          last: max(messages.sentAt),
        })
        .from(messages)
        .where(
          and(
            inChannels(messages),
            eq(messages.origin, "api"),
            sql`${messages.errors} @> '[{"code":130429}]'::jsonb`,
          ),
        )
        .groupBy(messages.channelId),
      listFailingForwardingChannels({ partnerId, olderThanMs: 0 }),
      // The WABA's templates in trouble, once per channel of the WABA.
      db
        .select({
          channelId: channels.id,
          name: messageTemplates.name,
          language: messageTemplates.language,
          status: messageTemplates.status,
          category: messageTemplates.category,
          previousCategory: messageTemplates.previousCategory,
          qualityScore: messageTemplates.qualityScore,
          lastChangeAt: messageTemplates.lastChangeAt,
        })
        .from(messageTemplates)
        .innerJoin(
          channels,
          and(
            eq(channels.partnerId, messageTemplates.partnerId),
            eq(channels.wabaId, messageTemplates.wabaId),
          ),
        )
        .where(
          and(
            eq(messageTemplates.partnerId, partnerId),
            inArray(channels.id, ids),
            sql`(${messageTemplates.status} in ('PAUSED', 'DISABLED') or ${messageTemplates.qualityScore} in ('YELLOW', 'RED') or ${messageTemplates.previousCategory} is not null)`,
          ),
        ),
    ]);

  for (const row of echoes) {
    const f = result.get(row.channelId);
    if (f) f.lastEchoAt = date(row.at);
  }
  const categoryChanges = new Map<string, Map<string, Date>>();
  for (const row of events) {
    const f = result.get(row.channelId);
    if (!f) continue;
    if (row.kind === "account_update") {
      if (!(healthAccountEvents as readonly string[]).includes(row.event)) continue;
      const info = (row.payload?.disconnection_info ?? null) as {
        reason?: string;
        initiated_by?: string;
      } | null;
      const event: AccountEvent = {
        event: row.event,
        at: new Date(row.at),
        reason: row.reason ?? info?.reason ?? null,
        initiatedBy: info?.initiated_by ?? null,
      };
      f.accountEvents = [...(f.accountEvents ?? []), event];
    } else if (row.kind === "history_declined") {
      const at = new Date(row.at);
      const history = f.history ?? emptyHistory();
      if (!history.declinedAt || at < history.declinedAt) history.declinedAt = at;
      f.history = history;
    } else if (row.kind === "quality_update") {
      const at = new Date(row.at);
      if (!f.qualityRatingAt || at > f.qualityRatingAt) f.qualityRatingAt = at;
      const limit = row.payload?.max_daily_conversations_per_business ?? row.payload?.current_limit;
      f.qualityEvents = [
        ...(f.qualityEvents ?? []),
        {
          event: row.event,
          at,
          limit: limit === undefined || limit === null ? null : String(limit),
          oldLimit: typeof row.payload?.old_limit === "string" ? row.payload.old_limit : null,
        },
      ];
    } else if (row.kind === "account_alert") {
      const info = (row.payload?.alert_info ?? {}) as Record<string, string | undefined>;
      f.accountAlerts = [
        ...(f.accountAlerts ?? []),
        {
          type: row.event,
          severity: info.alert_severity ?? null,
          status: info.alert_status ?? null,
          description: info.alert_description ?? row.reason ?? null,
          at: new Date(row.at),
        },
      ];
    } else if (row.kind === "template_category") {
      const name = row.payload?.message_template_name;
      const language = row.payload?.message_template_language;
      if (typeof name === "string") {
        const key = `${name}|${language ?? ""}`;
        const at = new Date(row.at);
        const seen = categoryChanges.get(row.channelId) ?? new Map<string, Date>();
        if (!seen.get(key) || at > seen.get(key)!) seen.set(key, at);
        categoryChanges.set(row.channelId, seen);
      }
    }
  }
  for (const row of templates) {
    const f = result.get(row.channelId);
    if (!f) continue;
    f.templates = [
      ...(f.templates ?? []),
      {
        ...row,
        categoryChangedAt:
          categoryChanges.get(row.channelId)?.get(`${row.name}|${row.language}`) ?? null,
      },
    ];
  }
  for (const row of chunks) {
    const f = result.get(row.channelId);
    if (!f) continue;
    const history = f.history ?? emptyHistory();
    history.firstChunkAt = date(row.first);
    history.completedAt = date(row.completed);
    f.history = history;
  }
  for (const row of contactRows) {
    const f = result.get(row.channelId);
    if (!f) continue;
    f.contacts = { requestedAt: f.contacts?.requestedAt ?? null, firstChunkAt: date(row.first) };
  }
  const seenSession = new Set<string>();
  for (const row of sessions) {
    // Newest session first: a re-onboarding's requests replace the earlier ones.
    if (!row.channelId || seenSession.has(row.channelId)) continue;
    const f = result.get(row.channelId);
    if (!f) continue;
    const contactsAt = stepAt(row.steps, "request_contacts_sync");
    const historyAt = stepAt(row.steps, "request_history_sync");
    if (!contactsAt && !historyAt) continue;
    seenSession.add(row.channelId);
    f.contacts = { requestedAt: contactsAt, firstChunkAt: f.contacts?.firstChunkAt ?? null };
    f.history = { ...(f.history ?? emptyHistory()), requestedAt: historyAt };
  }
  for (const row of unsupported) {
    const f = result.get(row.channelId);
    if (f) f.unsupportedMessages = counted(row);
  }
  for (const row of capHits) {
    const f = result.get(row.channelId);
    if (f) f.throughputCapHits = counted(row);
  }
  for (const row of failing) {
    const f = result.get(row.channelId);
    if (f) f.forwardingFailingSince = row.since;
  }
  return result;
}

function emptyHistory() {
  return { requestedAt: null, firstChunkAt: null, declinedAt: null, completedAt: null } as {
    requestedAt: Date | null;
    firstChunkAt: Date | null;
    declinedAt: Date | null;
    completedAt: Date | null;
  };
}
