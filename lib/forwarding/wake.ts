import "server-only";
import { sql } from "drizzle-orm";
import { getDatabase } from "@/db";
import type { Executor } from "@/db/client";

/** The Postgres channel instances use to tell each other that forwarding work was queued. */
export const WAKE_CHANNEL = "coex_forwarding";

// On globalThis: Turbopack may load this module in several chunks; the enqueue and the worker
// must see the same set.
const globalForWake = globalThis as unknown as { __coexForwardingWakers?: Set<() => void> };
export function wakers() {
  globalForWake.__coexForwardingWakers ??= new Set();
  return globalForWake.__coexForwardingWakers;
}

/** Wakes this process's workers now (they otherwise poll). */
export function wakeLocalWorkers() {
  for (const wake of wakers()) wake();
}

/**
 * Called after queueing deliveries: wakes this process's workers, and with Postgres the other
 * instances' through NOTIFY (sent with the caller's transaction, so only once it commits).
 */
export async function announceQueued(db: Executor) {
  if (getDatabase().kind === "postgres") {
    await db.execute(sql`select pg_notify(${WAKE_CHANNEL}, '')`);
  }
  wakeLocalWorkers();
}
