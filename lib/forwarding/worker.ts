import "server-only";
import type postgres from "postgres";
import { getDatabase } from "@/db";
import type { ForwardingDelivery } from "@/db/schema";
import { getLogger } from "@/lib/logger";
import { type ClaimScope, claimDueDeliveries } from "./claim";
import { attemptDelivery, SendContext } from "./deliver";
import { OutcomeBatch } from "./outcome-batch";
import { WAKE_CHANNEL, wakers } from "./wake";

export type ForwardingWorkerOptions = {
  /** Requests in flight at once from this worker, over all partners. */
  concurrency?: number;
  /** Requests in flight at once to one URL (several per partner; one per conversation). */
  perUrl?: number;
  /** Longest wait between claims when nothing wakes the worker. */
  pollMs?: number;
  /** Only these partners' deliveries (tests and benches sharing one database). */
  partnerIds?: readonly string[];
  /** The clock deliveries are judged by (tests). */
  clock?: () => Date;
};

export type ForwardingWorker = { stop: () => Promise<void> };

/**
 * A continuous delivery loop: claims due conversation heads whenever a slot frees up, and sleeps
 * until a wake (a delivery queued in this process, NOTIFY from another instance, a finished
 * request) or the short poll. Several workers and instances may run at once: the claim is
 * FOR UPDATE SKIP LOCKED and holds one delivery per conversation.
 */
export function startForwardingWorker({
  concurrency = 64,
  perUrl = 32,
  pollMs = 250,
  partnerIds,
  clock = () => new Date(),
}: ForwardingWorkerOptions = {}): ForwardingWorker {
  const minClaim = Math.max(1, Math.floor(concurrency / 4));
  const inFlight = new Set<Promise<void>>();
  const perUrlCount = new Map<string, number>();
  const context = new SendContext();
  const outcomes = new OutcomeBatch();
  let running = true;
  let wakeUp: (() => void) | null = null;
  let woken = false;
  const wake = () => {
    woken = true;
    wakeUp?.();
  };
  wakers().add(wake);
  const unlisten = listenAcrossInstances(wake);

  const sleep = () =>
    new Promise<void>((resolve) => {
      if (woken || !running) return resolve();
      const timer = setTimeout(resolve, pollMs);
      wakeUp = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  // Claimed deliveries over a URL's limit wait here (claimed, so no other worker takes them) for
  // one of that URL's requests to finish.
  const waiting = new Map<string, { delivery: ForwardingDelivery; now: Date }[]>();
  let waitingCount = 0;
  const deliver = (delivery: ForwardingDelivery, now: Date) => {
    if ((perUrlCount.get(delivery.url) ?? 0) >= perUrl) {
      waiting.set(delivery.url, [...(waiting.get(delivery.url) ?? []), { delivery, now }]);
      waitingCount++;
      return;
    }
    perUrlCount.set(delivery.url, (perUrlCount.get(delivery.url) ?? 0) + 1);
    const task = attemptDelivery(delivery, now, { context, record: outcomes.record })
      .then(() => undefined)
      .catch((error: unknown) => {
        // The claim expires and another tick retries; nothing is lost.
        getLogger().error({ err: error, deliveryId: delivery.id }, "forwarding delivery crashed");
      })
      .finally(() => {
        inFlight.delete(task);
        const left = (perUrlCount.get(delivery.url) ?? 1) - 1;
        if (left > 0) perUrlCount.set(delivery.url, left);
        else perUrlCount.delete(delivery.url);
        const next = waiting.get(delivery.url)?.shift();
        if (next) {
          waitingCount--;
          if (waiting.get(delivery.url)?.length === 0) waiting.delete(delivery.url);
          deliver(next.delivery, next.now);
        }
        wake();
      });
    inFlight.add(task);
  };

  const loop = (async () => {
    while (running) {
      woken = false;
      const held = inFlight.size + waitingCount;
      const free = concurrency - held;
      let claimedAll = false;
      // Claims in batches: while requests are in flight, wait for a quarter of the slots to free
      // up rather than paying one claim query per finished delivery.
      if (free > 0 && (held === 0 || free >= minClaim)) {
        try {
          const now = clock();
          const busy = [...perUrlCount].filter(([, n]) => n >= perUrl).map(([url]) => url);
          const claimed = await claimDueDeliveries({
            now,
            limit: free,
            partnerIds,
            skipUrls: busy,
          });
          await context.preloadHeaders(
            claimed.flatMap((d) => (d.kind === "channel" && d.channelId ? [d.channelId] : [])),
          );
          for (const delivery of claimed) deliver(delivery, now);
          claimedAll = claimed.length === free;
        } catch (error) {
          getLogger().error({ err: error }, "forwarding claim failed");
        }
      }
      // A full claim means more may be due: claim again as soon as a slot frees.
      if (!claimedAll || concurrency - inFlight.size - waitingCount < minClaim) await sleep();
      wakeUp = null;
    }
    // Waiting ones start as the in-flight ones finish; wait until none is left.
    while (inFlight.size > 0) await Promise.all(inFlight);
  })();

  return {
    stop: async () => {
      running = false;
      wakers().delete(wake);
      wakeUp?.();
      await (await unlisten)();
      await loop;
    },
  };
}

/** LISTEN on Postgres (postgres.js keeps one connection for it); PGlite is one process. */
async function listenAcrossInstances(wake: () => void): Promise<() => Promise<void>> {
  const handle = getDatabase();
  const client = (handle.db as unknown as { $client?: postgres.Sql }).$client;
  if (handle.kind !== "postgres" || !client?.listen) return async () => {};
  try {
    const { unlisten } = await client.listen(WAKE_CHANNEL, wake);
    return unlisten;
  } catch (error) {
    getLogger().warn({ err: error }, "forwarding: LISTEN failed, polling only");
    return async () => {};
  }
}

/**
 * One pass (tests, and a caller without a running worker): claim what is due, deliver with at
 * most `perUrl` requests per URL. One delivery per conversation is claimed at a time, so order
 * within a conversation holds.
 */
export async function processDueDeliveries({
  now = new Date(),
  limit = 50,
  partnerIds,
  perUrl = 16,
}: ClaimScope & { perUrl?: number } = {}) {
  const claimed = (await claimDueDeliveries({ now, limit, partnerIds })).sort(
    (a, b) => a.seq - b.seq,
  );
  const context = new SendContext();
  const byUrl = new Map<string, ForwardingDelivery[]>();
  for (const delivery of claimed)
    byUrl.set(delivery.url, [...(byUrl.get(delivery.url) ?? []), delivery]);
  let delivered = 0;
  await Promise.all(
    [...byUrl.values()].map(async (queue) => {
      const lanes = Array.from({ length: Math.min(perUrl, queue.length) }, async () => {
        for (let next = queue.shift(); next; next = queue.shift()) {
          if ((await attemptDelivery(next, now, { context })).ok) delivered++;
        }
      });
      await Promise.all(lanes);
    }),
  );
  return { claimed: claimed.length, delivered };
}

// One worker per process, started by the periodic job (lib/forwarding/jobs.ts).
const globalForWorker = globalThis as unknown as { __coexForwardingWorker?: ForwardingWorker };

export function ensureForwardingWorker() {
  globalForWorker.__coexForwardingWorker ??= startForwardingWorker();
}

export async function stopForwardingWorker() {
  const worker = globalForWorker.__coexForwardingWorker;
  globalForWorker.__coexForwardingWorker = undefined;
  await worker?.stop();
}
