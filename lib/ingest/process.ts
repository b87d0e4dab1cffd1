import "server-only";
import { and, eq, or, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { webhookEvents } from "@/db/schema";
import { type WebhookOutcome, webhookOutcomes } from "@/db/schema/ingest";
import { processBatch } from "./pipeline/process-batch";

export { MAX_ATTEMPTS, retryDelayMs } from "./pipeline/process-batch";

export type ProcessEventResult =
  | { status: "done"; outcome: WebhookOutcome }
  | { status: "skipped" }
  | { status: "failed"; error: string };

/**
 * Processes one stored event (a replay, or a test), through the same batch path as the workers.
 * Skipped when another worker holds it or it is already done (unless `force`: replay, which
 * re-applies it; every write is an upsert, so running an event twice changes nothing).
 */
export async function processWebhookEvent({
  eventId,
  force = false,
}: {
  eventId: string;
  force?: boolean;
}): Promise<ProcessEventResult> {
  const result = await processBatch({
    ids: [eventId],
    limit: 1,
    outcomes: force ? [...webhookOutcomes] : ["pending", "failed", "unknown_channel"],
  });
  const event = result.events[0];
  if (event) {
    return event.outcome === "failed" && result.failed
      ? { status: "failed", error: result.failed }
      : { status: "done", outcome: event.outcome };
  }
  return result.failed ? { status: "failed", error: result.failed } : { status: "skipped" };
}

/** Processes every event that is due now (pending, or a failed one whose retry time came). */
export async function processDueEvents({ batchSize = 100 }: { batchSize?: number } = {}) {
  let claimed = 0;
  for (;;) {
    const result = await processBatch({ limit: batchSize });
    claimed += result.claimed;
    if (result.claimed < batchSize) return { claimed };
  }
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
  for (let i = 0; i < rows.length; i += 100) {
    const ids = rows.slice(i, i + 100).map((row) => row.id);
    const batch = await processBatch({ ids, limit: ids.length, outcomes: ["unknown_channel"] });
    for (const event of batch.events) {
      if (event.outcome === "failed") results.failed++;
      else if (event.outcome === "unknown_channel") results.stillUnknown++;
      else results.processed++;
    }
  }
  return results;
}
