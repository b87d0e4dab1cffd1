import "server-only";
import { sql } from "drizzle-orm";
import { getDatabase, getDb } from "@/db";
import { webhookEvents, webhookRejections } from "@/db/schema";

export type RawEvent = {
  body: string;
  bodyEncoding: "utf8" | "base64";
  bodyBytes: number;
  dedupeKey: string;
  signatureValid: boolean;
};

export type StoredEvent = { id: string; duplicate: boolean };

type Waiter = {
  event: RawEvent;
  resolve: (stored: StoredEvent) => void;
  reject: (error: unknown) => void;
};

/**
 * Durable insert of raw events, batched across concurrent requests: every request that arrives
 * while the event loop is busy joins one multi-row INSERT, and each is answered only after that
 * statement committed. A failed statement fails every request in it (they answer 503 and Meta
 * retries). Redeliveries (same bytes, same SHA-256) count as deliveries of the first row.
 */
const MAX_BATCH = 200;
const MAX_IN_FLIGHT = 4;

type BatcherState = { queue: Waiter[]; scheduled: boolean; inFlight: number };
const globalForStore = globalThis as unknown as { __coexIngestStore?: BatcherState };
function state(): BatcherState {
  globalForStore.__coexIngestStore ??= { queue: [], scheduled: false, inFlight: 0 };
  return globalForStore.__coexIngestStore;
}

/** True while requests wait on their durable insert: the route is busy (lib/ingest/queue). */
export function isStoringRawEvents(): boolean {
  const s = state();
  return s.queue.length > 0 || s.inFlight > 0;
}

export function storeRawEvent(event: RawEvent): Promise<StoredEvent> {
  return new Promise((resolve, reject) => {
    const s = state();
    s.queue.push({ event, resolve, reject });
    schedule();
  });
}

function schedule() {
  const s = state();
  if (s.scheduled || s.queue.length === 0 || s.inFlight >= MAX_IN_FLIGHT) return;
  s.scheduled = true;
  setImmediate(() => {
    s.scheduled = false;
    void flush();
  });
}

async function flush() {
  const s = state();
  const batch = s.queue.splice(0, MAX_BATCH);
  if (batch.length === 0) return;
  s.inFlight++;
  try {
    const results = await insertBatch(batch.map((w) => w.event));
    for (const waiter of batch) {
      const stored = results.get(waiter.event.dedupeKey);
      if (stored) waiter.resolve(stored);
      else waiter.reject(new Error("the event was not stored"));
    }
    notifyWorkers();
  } catch (error) {
    for (const waiter of batch) waiter.reject(error);
  } finally {
    s.inFlight--;
    schedule();
  }
}

async function insertBatch(events: RawEvent[]): Promise<Map<string, StoredEvent>> {
  // One statement cannot touch a row twice: identical bodies in one batch become one row.
  const unique = new Map<string, { event: RawEvent; deliveries: number }>();
  for (const event of events) {
    const seen = unique.get(event.dedupeKey);
    if (seen) seen.deliveries++;
    else unique.set(event.dedupeKey, { event, deliveries: 1 });
  }
  // The app's clock, in milliseconds like the pages' keyset cursors (a JS Date): Postgres' own
  // microseconds would let a page boundary skip events received in the same millisecond.
  const receivedAt = new Date();
  const rows = await getDb()
    .insert(webhookEvents)
    .values(
      [...unique.values()].map(({ event, deliveries }) => ({
        receivedAt,
        body: event.body,
        bodyEncoding: event.bodyEncoding,
        bodyBytes: event.bodyBytes,
        dedupeKey: event.dedupeKey,
        signatureValid: event.signatureValid,
        deliveries,
      })),
    )
    .onConflictDoUpdate({
      target: webhookEvents.dedupeKey,
      set: {
        deliveries: sql`${webhookEvents.deliveries} + excluded.deliveries`,
        lastDeliveredAt: sql`now()`,
      },
    })
    .returning({
      id: webhookEvents.id,
      dedupeKey: webhookEvents.dedupeKey,
      // xmax = 0 on a freshly inserted row; an updated (conflicting) row has a non-zero xmax.
      inserted: sql<boolean>`(xmax = 0)`,
    });
  const results = new Map<string, StoredEvent>();
  for (const row of rows) {
    results.set(row.dedupeKey, { id: row.id, duplicate: !row.inserted });
  }
  return results;
}

/**
 * Wakes workers in other processes on the same Postgres (lib/ingest/queue listens). After the
 * insert committed, never awaited: a lost notification costs at most one poll interval.
 */
function notifyWorkers() {
  if (getDatabase().kind !== "postgres") return;
  getDb()
    .execute(sql`select pg_notify('coex_ingest', '')`)
    .catch(() => {});
}

/** Counts a refused request (per minute); never throws: a refusal must not become a 500. */
export async function countRejection(reason: "bad_signature" | "too_large") {
  const minute = new Date(Math.floor(Date.now() / 60_000) * 60_000);
  try {
    await getDb()
      .insert(webhookRejections)
      .values({ minute, reason, count: 1 })
      .onConflictDoUpdate({
        target: [webhookRejections.minute, webhookRejections.reason],
        set: { count: sql`${webhookRejections.count} + 1` },
      });
  } catch {
    // The log line already recorded it.
  }
}
