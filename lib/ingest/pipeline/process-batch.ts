import "server-only";
import { sql } from "drizzle-orm";
import { getDb } from "@/db";
import type { Tx } from "@/db/client";
import { webhookEventChannels } from "@/db/schema";
import type { WebhookOutcome } from "@/db/schema/ingest";
import { getLogger } from "@/lib/logger";
import type { KnownField } from "@/lib/meta/webhooks";
import type { ProcessedEvent } from "@/lib/processed-event";
import { isConcurrencyConflict } from "@/lib/system/db-errors";
import { afterProcessingHooks } from "../after-processing";
import { type ChannelRef, digits, findChannels } from "../channels";
import { obj } from "../extract";
import { applyEditsCommittedMeanwhile, type ChannelWamids } from "../write";
import { applyChanges, type RoutedChange } from "./apply";
import { type ClaimedEvent, type PreparedEvent, prepareEvent, skippedNote } from "./prepare";

/** After this many failed attempts an event is left alone (an admin can replay it). */
export const MAX_ATTEMPTS = 8;

/** 30 s, 1 min, 2 min, ... capped at one hour. */
export function retryDelayMs(attempts: number) {
  return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);
}

export type BatchOptions = {
  /** How many events one transaction claims at most. */
  limit?: number;
  /** Only these events (replay, reprocessing, tests); otherwise whatever is due. */
  ids?: string[];
  /** With ids: the outcomes that may be (re)processed. Default: pending and due retries. */
  outcomes?: WebhookOutcome[];
};

export type EventResult = { id: string; outcome: WebhookOutcome; notes: string[] };
export type BatchResult = {
  claimed: number;
  events: EventResult[];
  failed?: string;
  /** Characters of raw body claimed (the workers size their next batch by it). */
  bodyChars?: number;
};

/**
 * Claims up to `limit` events with FOR UPDATE SKIP LOCKED and processes them in one
 * transaction: every change is read item by item first, then all of them are written with one
 * statement per table. If that write fails, each change is retried alone under its own
 * savepoint, so one bad change is recorded `failed` with its reason and its siblings commit.
 * Several workers in several processes can run this at once: a claimed event is locked until
 * its batch commits, and a crashed worker's claims are released with its connection.
 */
export async function processBatch(options: BatchOptions = {}): Promise<BatchResult> {
  const limit = options.limit ?? 100;
  let claimedIds: string[] = [];
  let processed: ProcessedEvent[] = [];
  let written: ChannelWamids[] = [];
  let result: BatchResult;
  try {
    result = await getDb().transaction(async (tx) => {
      const rows = await claim(tx, limit, options);
      claimedIds = rows.map((row) => row.id);
      if (rows.length === 0) return { claimed: 0, events: [] };
      const outcome = await processClaimed(tx, rows.map(prepareEvent), options);
      processed = outcome.processed;
      written = outcome.written;
      const bodyChars = rows.reduce((n, row) => n + row.body.length, 0);
      return { claimed: rows.length, events: outcome.events, bodyChars };
    });
  } catch (error) {
    // The batch as a whole could not commit (a lost connection, or something no savepoint
    // covers): nothing of it was written. Its events are tried one by one, so one event that
    // cannot commit is recorded `failed` (and retried later) without holding up the others.
    const cause = rootCause(error);
    getLogger().error({ err: error, events: claimedIds.length }, "webhook batch failed");
    if (claimedIds.length === 1) {
      await markFailed(claimedIds[0]!, cause).catch((markError) =>
        getLogger().error({ err: markError }, "could not record the failure"),
      );
      return { claimed: 1, events: [], failed: cause };
    }
    const events: EventResult[] = [];
    for (const id of claimedIds) {
      const single = await processBatch({ ...options, ids: [id], limit: 1 });
      events.push(...single.events);
    }
    return { claimed: claimedIds.length, events, failed: cause };
  }
  await applyEditsCommittedMeanwhile(getDb(), written).catch((error) =>
    getLogger().error({ err: error }, "re-checking edits after the batch failed"),
  );
  await runHooks(processed);
  return result;
}

async function markFailed(eventId: string, cause: string) {
  await getDb().execute(sql`
    update webhook_events set
      outcome = 'failed',
      attempts = attempts + 1,
      last_error = ${cause.slice(0, 4000)},
      next_attempt_at = ${new Date().toISOString()}::timestamptz + (least(30 * power(2, greatest(attempts, 0)), 3600) * interval '1 second')
    where id = ${eventId}`);
}

async function claim(tx: Tx, limit: number, options: BatchOptions): Promise<ClaimedEvent[]> {
  if (options.ids?.length === 0) return [];
  const columns = sql`id, body, body_encoding as "bodyEncoding", received_at as "receivedAt", outcome, attempts`;
  const result = await tx.execute(
    options.ids
      ? sql`
        select ${columns} from webhook_events
        where id in (${sql.join(
          options.ids.map((id) => sql`${id}`),
          sql`, `,
        )}) and ${
          options.outcomes
            ? sql`outcome in (${sql.join(
                options.outcomes.map((o) => sql`${o}`),
                sql`, `,
              )})`
            : due()
        }
        order by received_at
        limit ${limit}
        for update skip locked`
      : // Two scans of the to-do index, each in received order and stopping at the limit: an OR
        // of both in one scan made Postgres read and sort the whole backlog on every claim.
        sql`
        with pending as (
          select id from webhook_events where outcome = 'pending'
          order by received_at limit ${limit} for update skip locked),
        retry as (
          select id from webhook_events where ${dueRetry()}
          order by received_at limit ${limit} for update skip locked)
        select ${columns} from webhook_events
        where id in (select id from pending union all select id from retry)
        order by received_at`,
  );
  const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as (Omit<
    ClaimedEvent,
    "receivedAt"
  > & { receivedAt: Date | string })[];
  return rows.map((row) => ({ ...row, receivedAt: new Date(row.receivedAt) }));
}

/** A failed event whose retry is due (and that has attempts left). */
function dueRetry() {
  const now = new Date().toISOString();
  return sql`outcome = 'failed' and attempts < ${MAX_ATTEMPTS} and (next_attempt_at is null or next_attempt_at <= ${now}::timestamptz)`;
}

const due = () => sql`(outcome = 'pending' or (${dueRetry()}))`;

type ChangeState = { routed: RoutedChange | null; note: string | null; failed: string | null };

async function processClaimed(tx: Tx, events: PreparedEvent[], options: BatchOptions) {
  const found = await findChannels(tx, {
    phoneNumberIds: [...new Set(events.flatMap((e) => e.routing?.phoneNumberIds ?? []))],
    wabaIds: [...new Set(events.flatMap((e) => e.routing?.wabaIds ?? []))],
  });
  const states = events.map((event) =>
    event.changes.map((change): ChangeState => {
      if (!change.parsed)
        return { routed: null, note: `${change.where}: ${change.problem}`, failed: null };
      const targets = route(change.parsed.value, change.entryId, found);
      if (targets.length === 0) {
        return {
          routed: null,
          note: `${change.where}: no channel for this number or WABA yet`,
          failed: null,
        };
      }
      return {
        routed: {
          webhookEventId: event.row.id,
          receivedAt: event.row.receivedAt,
          occurredAt: change.occurredAt,
          change: change.parsed,
          targets,
        },
        note: null,
        failed: null,
      };
    }),
  );

  const all = states.flat().filter((s) => s.routed);
  const written: ChannelWamids[] = [];
  try {
    written.push(
      ...(await applyRetryingConflicts(
        tx,
        all.map((s) => s.routed!),
      )),
    );
  } catch (batchError) {
    getLogger().warn(
      { err: batchError, changes: all.length },
      "batch write failed: applying change by change",
    );
    for (const state of all) {
      try {
        written.push(...(await tx.transaction((sp) => applyChanges(sp, [state.routed!]))));
      } catch (error) {
        state.failed = rootCause(error);
      }
    }
  }

  const results: EventResult[] = [];
  const processed: ProcessedEvent[] = [];
  const links: (typeof webhookEventChannels.$inferInsert)[] = [];
  const updates: Record<string, unknown>[] = [];
  for (const [index, event] of events.entries()) {
    const row = event.row;
    const changeStates = states[index]!;
    const notes: string[] = event.unparseable ?? [];
    let applied = 0;
    let failed = 0;
    let unknownChannel = false;
    const touched = new Map<string, ChannelRef>();
    const processedChanges: ProcessedEvent["changes"] = [];
    for (const [i, state] of changeStates.entries()) {
      const change = event.changes[i]!;
      for (const item of change.skipped) notes.push(skippedNote(change.where, item));
      if (state.note) notes.push(state.note);
      if (state.note?.endsWith("yet")) unknownChannel = true;
      if (!state.routed) continue;
      if (state.failed) {
        failed++;
        notes.push(`${change.where}: failed: ${state.failed}`);
        continue;
      }
      applied++;
      for (const channel of state.routed.targets) {
        touched.set(channel.id, channel);
        processedChanges.push({
          channelId: channel.id,
          partnerId: channel.partnerId,
          field: change.field as KnownField,
          value: change.raw,
        });
      }
    }
    const skippedItems = event.changes.some((c) => c.skipped.length > 0);
    const outcome: WebhookOutcome = event.unparseable
      ? "unparseable"
      : unknownChannel
        ? "unknown_channel"
        : failed > 0 && applied === 0
          ? "failed"
          : failed > 0 || (skippedItems && applied > 0)
            ? "partial"
            : applied > 0
              ? "processed"
              : "ignored";
    // Events that route to a known WABA but were ignored still belong to that partner's view.
    if (outcome === "ignored") {
      for (const wabaId of event.routing?.wabaIds ?? []) {
        for (const channel of found.byWabaId.get(wabaId) ?? []) touched.set(channel.id, channel);
      }
    }
    const attempts = row.attempts + 1;
    updates.push({
      id: row.id,
      outcome,
      last_error: notes.length > 0 ? notes.join("\n").slice(0, 4000) : null,
      next_attempt_at:
        outcome === "failed" ? new Date(Date.now() + retryDelayMs(attempts)).toISOString() : null,
      fields: event.routing?.fields ?? null,
      waba_ids: event.routing?.wabaIds ?? null,
      phone_number_ids: event.routing?.phoneNumberIds ?? null,
      channel_id: touched.size === 1 ? [...touched.keys()][0] : null,
    });
    for (const channel of touched.values()) {
      links.push({
        eventId: row.id,
        channelId: channel.id,
        partnerId: channel.partnerId,
        receivedAt: row.receivedAt,
      });
    }
    if (processedChanges.length > 0) {
      processed.push({
        webhookEventId: row.id,
        receivedAt: row.receivedAt,
        replay: Boolean(options.ids && options.outcomes) || row.outcome === "unknown_channel",
        changes: processedChanges,
      });
    }
    results.push({ id: row.id, outcome, notes });
  }

  await tx.execute(sql`
    update webhook_events w set
      outcome = v.outcome::webhook_outcome,
      attempts = w.attempts + 1,
      processed_at = ${new Date().toISOString()}::timestamptz,
      next_attempt_at = v.next_attempt_at,
      last_error = v.last_error,
      fields = v.fields,
      waba_ids = v.waba_ids,
      phone_number_ids = v.phone_number_ids,
      channel_id = v.channel_id
    from json_to_recordset(${JSON.stringify(updates)}::json) as v(
      id uuid, outcome text, last_error text, next_attempt_at timestamptz,
      fields text[], waba_ids text[], phone_number_ids text[], channel_id uuid)
    where w.id = v.id`);
  if (links.length > 0) await tx.insert(webhookEventChannels).values(links).onConflictDoNothing();
  return { events: results, processed, written };
}

/**
 * Two batches writing the same messages (a redelivery inside another body) in another order can
 * deadlock, and a new contact's own commit can time out behind a merge: Postgres picks a victim,
 * whose savepoint is simply applied again (the other batch has gone on) before the pipeline falls
 * back to change by change.
 */
async function applyRetryingConflicts(tx: Tx, changes: RoutedChange[]) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await tx.transaction((sp) => applyChanges(sp, changes));
    } catch (error) {
      if (attempt >= 3 || !isConcurrencyConflict(error)) throw error;
    }
  }
}

/** Fields with phone metadata route by number; the rest by WABA (entry.id), then by number. */
function route(
  value: unknown,
  entryId: string,
  found: Awaited<ReturnType<typeof findChannels>>,
): ChannelRef[] {
  const metadata = obj(obj(value)?.metadata);
  if (typeof metadata?.phone_number_id === "string") {
    const channel = found.byPhoneNumberId.get(metadata.phone_number_id);
    return channel ? [channel] : [];
  }
  const targets = found.byWabaId.get(entryId) ?? [];
  const number = digits(
    (obj(value)?.phone_number ?? obj(value)?.display_phone_number) as string | undefined,
  );
  const matching = number ? targets.filter((c) => digits(c.displayPhoneNumber) === number) : [];
  return matching.length > 0 ? matching : targets;
}

async function runHooks(events: ProcessedEvent[]) {
  if (events.length === 0) return;
  for (const hook of afterProcessingHooks) {
    try {
      await hook(events);
    } catch (error) {
      getLogger().error(
        { err: error, webhookEvents: events.length },
        "after-processing hook failed",
      );
    }
  }
}

/** The root cause's message only: a failed query's message and params carry message contents. */
export function rootCause(error: unknown): string {
  let cause: unknown = error;
  while (cause instanceof Error && cause.cause) cause = cause.cause;
  return cause instanceof Error ? cause.message : String(cause);
}
