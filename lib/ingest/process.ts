import "server-only";
import { and, eq, inArray, lte, or, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { webhookEventChannels, webhookEvents } from "@/db/schema";
import type { WebhookOutcome } from "@/db/schema/ingest";
import { getLogger } from "@/lib/logger";
import { parseChange, webhookEnvelopeSchema } from "@/lib/meta/webhooks";
import {
  afterProcessingHooks,
  type ProcessedChange,
  type ProcessedEvent,
} from "./after-processing";
import { type ChannelRef, digits, findChannels } from "./channels";
import type { Tx } from "./db";
import {
  handleAccountUpdate,
  handleNameUpdate,
  handleQualityUpdate,
} from "./handlers/channel-events";
import { handleEchoes } from "./handlers/echoes";
import { handleHistory } from "./handlers/history";
import { handleLifecycleChange, handleTemplateStatus } from "./handlers/lifecycle";
import { handleMessages } from "./handlers/messages";
import { handleStateSync } from "./handlers/state-sync";

/** After this many failed attempts the sweep leaves an event alone (an admin can replay it). */
export const MAX_ATTEMPTS = 8;

/** 30 s, 1 min, 2 min, ... capped at one hour. */
export function retryDelayMs(attempts: number) {
  return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);
}

type ChangeOutcome = "processed" | "ignored" | "unknown_channel";

type Obj = Record<string, unknown>;
const obj = (value: unknown): Obj | undefined =>
  value && typeof value === "object" && !Array.isArray(value) ? (value as Obj) : undefined;

/** The event's parts before any handler runs: fields and routing ids, for display and lookup. */
function routingOf(envelope: {
  entry: { id: string; changes: { field: string; value: unknown }[] }[];
}) {
  const fields = new Set<string>();
  const wabaIds = new Set<string>();
  const phoneNumberIds = new Set<string>();
  for (const entry of envelope.entry) {
    wabaIds.add(entry.id);
    for (const change of entry.changes) {
      fields.add(change.field);
      const pn = obj(obj(change.value)?.metadata)?.phone_number_id;
      if (typeof pn === "string") phoneNumberIds.add(pn);
    }
  }
  return { fields: [...fields], wabaIds: [...wabaIds], phoneNumberIds: [...phoneNumberIds] };
}

function decodeBody(row: { body: string; bodyEncoding: string }): unknown {
  if (row.bodyEncoding !== "utf8") throw new Error("body is not UTF-8 text");
  return JSON.parse(row.body);
}

type RunResult = {
  outcome: WebhookOutcome;
  notes: string[];
  channels: ChannelRef[];
  changes: ProcessedChange[];
  description: ReturnType<typeof routingOf> | null;
};

/** Applies every change of every entry of one raw event, inside the caller's transaction. */
async function runEvent(
  tx: Tx,
  row: { id: string; body: string; bodyEncoding: string; receivedAt: Date },
): Promise<RunResult> {
  let json: unknown;
  try {
    json = decodeBody(row);
  } catch (error) {
    return {
      outcome: "unparseable",
      notes: [`not JSON: ${(error as Error).message}`],
      channels: [],
      changes: [],
      description: null,
    };
  }
  const envelope = webhookEnvelopeSchema.safeParse(json);
  if (!envelope.success) {
    return {
      outcome: "unparseable",
      notes: envelope.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`),
      channels: [],
      changes: [],
      description: null,
    };
  }
  const description = routingOf(envelope.data);
  const found = await findChannels(tx, description);
  const outcomes: ChangeOutcome[] = [];
  const notes: string[] = [];
  const touched = new Map<string, ChannelRef>();
  const changes: ProcessedChange[] = [];

  for (const [entryIndex, entry] of envelope.data.entry.entries()) {
    const occurredAt = entry.time ? new Date(entry.time * 1000) : row.receivedAt;
    for (const [changeIndex, change] of entry.changes.entries()) {
      const where = `entry ${entryIndex} change ${changeIndex} (${change.field})`;
      const parsed = parseChange(change.field, change.value);
      if (!parsed.ok) {
        outcomes.push("ignored");
        notes.push(
          parsed.reason === "unknown_field"
            ? `${where}: field not handled`
            : `${where}: ${parsed.issues.join("; ")}`,
        );
        continue;
      }
      const parsedChange = parsed.change;
      // Fields with phone metadata route by number; the rest by WABA (entry.id).
      let targets: ChannelRef[] = [];
      const metadata = obj(obj(parsedChange.value)?.metadata);
      if (typeof metadata?.phone_number_id === "string") {
        const channel = found.byPhoneNumberId.get(metadata.phone_number_id);
        if (channel) targets = [channel];
      } else {
        targets = found.byWabaId.get(entry.id) ?? [];
        const number = digits(
          (obj(parsedChange.value)?.phone_number ??
            obj(parsedChange.value)?.display_phone_number) as string | undefined,
        );
        const matching = number
          ? targets.filter((c) => digits(c.displayPhoneNumber) === number)
          : [];
        if (matching.length > 0) targets = matching;
      }
      if (targets.length === 0) {
        outcomes.push("unknown_channel");
        notes.push(`${where}: no channel for this number or WABA yet`);
        continue;
      }

      const base = { webhookEventId: row.id };
      switch (parsedChange.field) {
        case "messages":
          await handleMessages(tx, { ...base, channel: targets[0]!, value: parsedChange.value });
          break;
        case "smb_message_echoes":
          await handleEchoes(tx, { channel: targets[0]!, value: parsedChange.value });
          break;
        case "history":
          await handleHistory(tx, {
            ...base,
            channel: targets[0]!,
            value: parsedChange.value,
            receivedAt: row.receivedAt,
          });
          break;
        case "smb_app_state_sync":
          await handleStateSync(tx, {
            channel: targets[0]!,
            value: parsedChange.value,
            receivedAt: row.receivedAt,
          });
          break;
        case "account_update":
          await handleAccountUpdate(tx, {
            ...base,
            channels: targets,
            value: parsedChange.value,
            occurredAt,
          });
          break;
        case "phone_number_quality_update":
          await handleQualityUpdate(tx, {
            ...base,
            channels: targets,
            value: parsedChange.value,
            occurredAt,
          });
          break;
        case "phone_number_name_update":
          await handleNameUpdate(tx, {
            ...base,
            channels: targets,
            value: parsedChange.value,
            occurredAt,
          });
          break;
        case "message_template_status_update":
          await handleTemplateStatus(tx, {
            ...base,
            channels: targets,
            value: parsedChange.value,
            occurredAt,
          });
          break;
        case "message_template_quality_update":
        case "template_category_update":
        case "account_alerts":
        case "business_capability_update":
          await handleLifecycleChange(tx, {
            ...base,
            channels: targets,
            change: parsedChange,
            occurredAt,
          });
          break;
      }
      outcomes.push("processed");
      for (const channel of targets) {
        touched.set(channel.id, channel);
        changes.push({
          channelId: channel.id,
          partnerId: channel.partnerId,
          field: parsedChange.field,
          value: parsedChange.value,
        });
      }
    }
  }
  const outcome: WebhookOutcome = outcomes.includes("unknown_channel")
    ? "unknown_channel"
    : outcomes.includes("processed")
      ? "processed"
      : "ignored";
  // Events that route to a known WABA but were ignored still belong to that partner's view.
  for (const wabaId of description.wabaIds) {
    for (const channel of found.byWabaId.get(wabaId) ?? []) {
      if (!touched.has(channel.id) && outcome === "ignored") touched.set(channel.id, channel);
    }
  }
  return { outcome, notes, channels: [...touched.values()], changes, description };
}

export type ProcessEventResult =
  | { status: "done"; outcome: WebhookOutcome }
  | { status: "skipped" }
  | { status: "failed"; error: string };

/**
 * Processes one stored event in one transaction: claimed with FOR UPDATE SKIP LOCKED, so
 * several instances (the request's after(), the sweep, a replay) never work on it at once, and
 * an event already done is skipped unless `force` (replay). Every write is an upsert, so running
 * an event twice changes nothing.
 */
export async function processWebhookEvent({
  eventId,
  force = false,
}: {
  eventId: string;
  force?: boolean;
}): Promise<ProcessEventResult> {
  const db = getDb();
  let processed: ProcessedEvent | null = null;
  let result: ProcessEventResult;
  try {
    result = await db.transaction(async (tx) => {
      const [row] = await tx
        .select({
          id: webhookEvents.id,
          body: webhookEvents.body,
          bodyEncoding: webhookEvents.bodyEncoding,
          receivedAt: webhookEvents.receivedAt,
          outcome: webhookEvents.outcome,
        })
        .from(webhookEvents)
        .where(
          force
            ? eq(webhookEvents.id, eventId)
            : and(
                eq(webhookEvents.id, eventId),
                inArray(webhookEvents.outcome, ["pending", "failed", "unknown_channel"]),
              ),
        )
        .for("update", { skipLocked: true });
      if (!row) return { status: "skipped" } as const;
      const run = await runEvent(tx, row);
      await tx
        .update(webhookEvents)
        .set({
          outcome: run.outcome,
          attempts: sql`${webhookEvents.attempts} + 1`,
          processedAt: new Date(),
          nextAttemptAt: null,
          lastError: run.notes.length > 0 ? run.notes.join("\n").slice(0, 4000) : null,
          fields: run.description?.fields ?? null,
          wabaIds: run.description?.wabaIds ?? null,
          phoneNumberIds: run.description?.phoneNumberIds ?? null,
          channelId: run.channels.length === 1 ? run.channels[0]!.id : null,
        })
        .where(eq(webhookEvents.id, row.id));
      if (run.channels.length > 0) {
        await tx
          .insert(webhookEventChannels)
          .values(
            run.channels.map((c) => ({
              eventId: row.id,
              channelId: c.id,
              partnerId: c.partnerId,
              receivedAt: row.receivedAt,
            })),
          )
          .onConflictDoNothing();
      }
      if (run.changes.length > 0) {
        processed = {
          webhookEventId: row.id,
          receivedAt: row.receivedAt,
          replay: force || row.outcome === "unknown_channel",
          changes: run.changes,
        };
      }
      return { status: "done", outcome: run.outcome } as const;
    });
  } catch (error) {
    // The root cause only: a failed query's message and params carry message contents.
    let cause: unknown = error;
    while (cause instanceof Error && cause.cause) cause = cause.cause;
    const message = cause instanceof Error ? cause.message : String(cause);
    getLogger().error(
      { cause: message, webhookEventId: eventId },
      "webhook event processing failed",
    );
    await markFailed(eventId, message).catch((markError) =>
      getLogger().error(
        { err: markError, webhookEventId: eventId },
        "could not record the failure",
      ),
    );
    return { status: "failed", error: message };
  }
  if (processed) await runHooks(processed);
  return result;
}

async function markFailed(eventId: string, message: string) {
  const [row] = await getDb()
    .update(webhookEvents)
    .set({
      outcome: "failed",
      attempts: sql`${webhookEvents.attempts} + 1`,
      lastError: message.slice(0, 4000),
    })
    .where(eq(webhookEvents.id, eventId))
    .returning({ attempts: webhookEvents.attempts });
  if (row) {
    await getDb()
      .update(webhookEvents)
      .set({ nextAttemptAt: new Date(Date.now() + retryDelayMs(row.attempts)) })
      .where(eq(webhookEvents.id, eventId));
  }
}

async function runHooks(event: ProcessedEvent) {
  for (const hook of afterProcessingHooks) {
    try {
      await hook(event);
    } catch (error) {
      getLogger().error(
        { err: error, webhookEventId: event.webhookEventId },
        "after-processing hook failed",
      );
    }
  }
}

/**
 * The crash-safe sweep: events still pending after `minAgeMs` (their after() never ran, or the
 * process died) and failed events whose retry time has come. Safe in several instances at once:
 * each event is claimed with SKIP LOCKED in processWebhookEvent.
 */
export async function sweepWebhookEvents({
  limit = 200,
  minAgeMs = 15_000,
}: {
  limit?: number;
  minAgeMs?: number;
} = {}) {
  const cutoff = new Date(Date.now() - minAgeMs);
  const rows = await getDb()
    .select({ id: webhookEvents.id })
    .from(webhookEvents)
    .where(
      or(
        and(eq(webhookEvents.outcome, "pending"), lte(webhookEvents.receivedAt, cutoff)),
        and(
          eq(webhookEvents.outcome, "failed"),
          sql`${webhookEvents.attempts} < ${MAX_ATTEMPTS}`,
          or(
            sql`${webhookEvents.nextAttemptAt} is null`,
            lte(webhookEvents.nextAttemptAt, new Date()),
          ),
        ),
      ),
    )
    .orderBy(webhookEvents.receivedAt)
    .limit(limit);
  let done = 0;
  for (const row of rows) {
    const result = await processWebhookEvent({ eventId: row.id });
    if (result.status === "done") done++;
  }
  return { found: rows.length, processed: done };
}

/**
 * Re-runs the events kept as `unknown_channel` for a number or WABA that now has a channel.
 * The onboarding flow calls this once the channel row exists.
 */
export async function reprocessEventsForChannel(
  target: { phoneNumberId: string; wabaId?: string } | { wabaId: string; phoneNumberId?: string },
) {
  const conditions = [];
  if (target.phoneNumberId)
    conditions.push(sql`${target.phoneNumberId} = any(${webhookEvents.phoneNumberIds})`);
  if (target.wabaId) conditions.push(sql`${target.wabaId} = any(${webhookEvents.wabaIds})`);
  const rows = await getDb()
    .select({ id: webhookEvents.id })
    .from(webhookEvents)
    .where(and(eq(webhookEvents.outcome, "unknown_channel"), or(...conditions)))
    .orderBy(webhookEvents.receivedAt);
  const results = { found: rows.length, processed: 0, stillUnknown: 0, failed: 0 };
  for (const row of rows) {
    const result = await processWebhookEvent({ eventId: row.id });
    if (result.status === "failed") results.failed++;
    else if (result.status === "done" && result.outcome === "unknown_channel")
      results.stillUnknown++;
    else if (result.status === "done") results.processed++;
  }
  return results;
}
