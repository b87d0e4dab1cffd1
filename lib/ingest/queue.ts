import "server-only";
import { getEnv } from "@/lib/env";
import { getLogger } from "@/lib/logger";
import { processWebhookEvent } from "./process";
import { isStoringRawEvents } from "./store";

/**
 * Processing after the answer, in this process, a few events at a time (INGEST_CONCURRENCY,
 * default 4; one while the route is storing a burst): each event waits mostly on database round
 * trips, so a few in flight catch up quickly once the route has answered (bench/webhook-ingest).
 * Events may be processed in any order, as Meta delivers them. Nothing here is needed for
 * safety: an event this queue never reaches (crash, restart) is still `pending` in the database
 * and the sweep takes it.
 */

type QueueState = { ids: string[]; running: number; idle: (() => void)[] };
const globalForQueue = globalThis as unknown as { __coexIngestQueue?: QueueState };
function state(): QueueState {
  globalForQueue.__coexIngestQueue ??= { ids: [], running: 0, idle: [] };
  return globalForQueue.__coexIngestQueue;
}

export function enqueueProcessing(ids: string[]) {
  const s = state();
  s.ids.push(...ids);
  pump();
}

function pump() {
  const s = state();
  // While Meta's requests are waiting on their insert, one event at a time: answering (the only
  // part Meta waits for) keeps the CPU, and processing catches up when the burst ends.
  const concurrency = isStoringRawEvents() ? 1 : getEnv().ingestConcurrency;
  while (s.running < concurrency && s.ids.length > 0) {
    const id = s.ids.shift()!;
    s.running++;
    processWebhookEvent({ eventId: id })
      .catch((error) => getLogger().error({ err: error, webhookEventId: id }, "processing failed"))
      .finally(() => {
        s.running--;
        pump();
      });
  }
  if (s.running === 0 && s.ids.length === 0) {
    for (const resolve of s.idle.splice(0)) resolve();
  }
}

/** Resolves when every queued event has been processed (tests, graceful shutdown). */
export function drainProcessing(): Promise<void> {
  const s = state();
  if (s.running === 0 && s.ids.length === 0) return Promise.resolve();
  return new Promise((resolve) => s.idle.push(resolve));
}
