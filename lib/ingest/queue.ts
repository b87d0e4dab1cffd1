import "server-only";
import { inArray } from "drizzle-orm";
import { getDatabase, getDb } from "@/db";
import { webhookEvents } from "@/db/schema";
import { getEnv } from "@/lib/env";
import { getLogger } from "@/lib/logger";
import { BATCH_SIZE, batchLimit } from "./batch-size";
import { processBatch, rootCause } from "./pipeline/process-batch";
import { isStoringRawEvents } from "./store";

/**
 * The processing workers. Postgres is the queue: a stored event is `pending` until a worker
 * claims it (FOR UPDATE SKIP LOCKED) in a batch and commits its outcome. Workers wake
 *  - at once in this process when the route stores an event (wakeIngestion),
 *  - on NOTIFY coex_ingest from any other process on the same Postgres,
 *  - and every POLL_MS regardless, for a wake-up that was lost (e.g. a concurrent duplicate
 *    whose insert held the row lock at the moment of a claim, so the claim skipped it).
 * A backlog (after a restart, a crash, a burst) drains at the full batch rate: there is no
 * periodic sweep to wait for.
 */
export const INGEST_NOTIFY_CHANNEL = "coex_ingest";
const POLL_MS = 1_000;

type WorkerState = {
  running: boolean;
  // Tests: claim only the events this process stored (the test database is shared by files).
  onlyMine: boolean;
  loops: Promise<void>[];
  dirty: boolean;
  wakers: Set<() => void>;
  // Events stored by this process and not yet seen done (drainProcessing, tests).
  mine: Set<string>;
  // Batches running in this process: done includes their after-commit hooks.
  inFlight: Set<Promise<unknown>>;
  draining: Promise<void> | null;
  // Raw body characters per event in the last batch: the next batch's size follows it.
  charsPerEvent: number;
  // Set when this process's workers run on its jobs thread (lib/jobs/jobs-thread.ts).
  wakeElsewhere: (() => void) | null;
};
const globalForWorkers = globalThis as unknown as { __coexIngestWorkers?: WorkerState };
function state(): WorkerState {
  globalForWorkers.__coexIngestWorkers ??= {
    running: false,
    onlyMine: false,
    loops: [],
    dirty: false,
    wakers: new Set(),
    mine: new Set(),
    inFlight: new Set(),
    draining: null,
    charsPerEvent: 0,
    wakeElsewhere: null,
  };
  return globalForWorkers.__coexIngestWorkers;
}

function wake() {
  const s = state();
  s.dirty = true;
  for (const resolve of s.wakers) resolve();
  s.wakers.clear();
}

function sleepUntilWoken(ms: number): Promise<void> {
  const s = state();
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      s.wakers.delete(done);
      resolve();
    }
    s.wakers.add(done);
  });
}

/**
 * Called by the webhook route once events are stored (duplicates too: a duplicate's insert may
 * have hidden the row from a claim). Wakes the workers of this process, wherever they run (its
 * jobs thread, see sendIngestionWakeupsTo). Without running workers in this process (tests, or a
 * process started without them) it processes those events itself, unless WORKERS=off.
 */
export function wakeIngestion(ids: string[]) {
  const s = state();
  if (s.wakeElsewhere) {
    s.wakeElsewhere();
    return;
  }
  // With WORKERS=off other processes' workers take the events (NOTIFY wakes them).
  if (getEnv().workers === "off") return;
  // Remembered only where this process must see them done (drainProcessing, onlyMine loops);
  // a production worker's loops claim whatever is due, and would never forget the others'.
  if (!s.running || s.onlyMine) for (const id of ids) s.mine.add(id);
  if (s.running) {
    wake();
    return;
  }
  setImmediate(() => void drainProcessing());
}

/** This process's workers run on another thread: the route's wake-ups go there (null: here). */
export function sendIngestionWakeupsTo(wakeThread: (() => void) | null) {
  state().wakeElsewhere = wakeThread;
}

/** Starts `concurrency` claim loops in this process (the web process, or `npm run worker`). */
export async function startIngestWorkers({
  concurrency = getEnv().ingestConcurrency,
  onlyMine = false,
}: {
  concurrency?: number;
  onlyMine?: boolean;
} = {}) {
  const s = state();
  if (s.running) return;
  s.running = true;
  s.onlyMine = onlyMine;
  s.dirty = true;
  const database = getDatabase();
  if (database.listen) {
    await database
      .listen(INGEST_NOTIFY_CHANNEL, wake)
      .catch((error) =>
        getLogger().warn({ cause: rootCause(error) }, "LISTEN failed: workers poll instead"),
      );
  }
  s.loops = Array.from({ length: concurrency }, (_, index) => loop(index));
}

export async function stopIngestWorkers() {
  const s = state();
  s.running = false;
  wake();
  await Promise.all(s.loops);
  s.loops = [];
}

async function loop(index: number) {
  const s = state();
  while (s.running) {
    // While Meta's requests wait on their insert, one loop only: answering (the part Meta waits
    // for) keeps the CPU, and the other loops join as soon as the burst eases.
    if (index > 0 && isStoringRawEvents()) {
      await sleepUntilWoken(20);
      continue;
    }
    s.dirty = false;
    const result = await tracked({
      limit: batchLimit(s.charsPerEvent),
      ids: s.onlyMine ? [...s.mine].slice(0, BATCH_SIZE * 4) : undefined,
    });
    if (result.claimed > 0 && result.bodyChars) s.charsPerEvent = result.bodyChars / result.claimed;
    forget(result.events.map((e) => e.id));
    if (result.failed && result.claimed === 0) {
      await sleepUntilWoken(POLL_MS); // the database is away: do not spin
      continue;
    }
    if (result.claimed > 0 || s.dirty) continue;
    await sleepUntilWoken(POLL_MS);
  }
}

/** processBatch, counted in `inFlight` until its hooks have run. */
function tracked(options: Parameters<typeof processBatch>[0]) {
  const inFlight = state().inFlight;
  const run = processBatch(options);
  inFlight.add(run);
  return run.finally(() => inFlight.delete(run));
}

function forget(ids: string[]) {
  const mine = state().mine;
  for (const id of ids) mine.delete(id);
}

/**
 * Resolves when every event this process stored has left `pending` (tests, graceful shutdown):
 * processes them itself, and waits for any that another worker holds.
 */
export function drainProcessing(): Promise<void> {
  // One drain at a time per process: a second caller waits for the same one, which also takes
  // the events stored meanwhile (two drains would only contend for the same rows).
  const s = state();
  s.draining ??= drainMine().finally(() => {
    s.draining = null;
  });
  return s.draining;
}

async function drainMine(): Promise<void> {
  const s = state();
  while (s.mine.size > 0 || s.inFlight.size > 0) {
    if (s.mine.size === 0) {
      await Promise.allSettled([...s.inFlight]);
      continue;
    }
    const ids = [...s.mine];
    const result = await tracked({ ids, limit: ids.length, outcomes: ["pending"] });
    forget(result.events.map((e) => e.id));
    if (s.mine.size === 0) continue;
    const still = await getDb()
      .select({ id: webhookEvents.id, outcome: webhookEvents.outcome })
      .from(webhookEvents)
      .where(inArray(webhookEvents.id, [...s.mine]));
    forget(still.filter((row) => row.outcome !== "pending").map((row) => row.id));
    // Gone (e.g. a test cleaned its tables) counts as done.
    const present = new Set(still.map((row) => row.id));
    forget([...s.mine].filter((id) => !present.has(id)));
    if (s.mine.size > 0) await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
