import "server-only";
import { existsSync } from "node:fs";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { getLogger } from "@/lib/logger";
import { setJobsPlacement } from "@/lib/system/readiness";
import type { FromJobsThread, ToJobsThread } from "./thread-messages";

/**
 * The web process's background work on a worker thread: Node answers requests on one thread, so
 * processing on that same thread took the CPU the answers needed (a burst was processed at half
 * the rate it was acknowledged). On its own thread it runs beside them, like an `npm run worker`
 * that needs no second command. The file is loaded from disk at run time (outside Next's bundle).
 */
const ENTRY = "lib/jobs/thread-entry.mjs";
const FIRST_RESTART_MS = 1_000;
const MAX_RESTART_MS = 30_000;

type ThreadState = {
  worker: Worker | null;
  stopping: boolean;
  wakePosted: boolean;
  restartMs: number;
};
const globalForThread = globalThis as unknown as { __coexJobsThread?: ThreadState };
function state(): ThreadState {
  globalForThread.__coexJobsThread ??= {
    worker: null,
    stopping: false,
    wakePosted: false,
    restartMs: FIRST_RESTART_MS,
  };
  return globalForThread.__coexJobsThread;
}

/**
 * Starts the thread and resolves once its jobs run; rejects if it cannot start (e.g. tsx or the
 * entry file missing from the install), so the caller can run the jobs on the main thread. A
 * thread that dies later is started again, after 1 s doubling to 30 s.
 */
export async function startJobsThread(entry = path.join(process.cwd(), ENTRY)): Promise<void> {
  if (!existsSync(/* turbopackIgnore: true */ entry)) throw new Error(`${entry} is missing`);
  const s = state();
  s.stopping = false;
  await spawnThread(entry);
}

function spawnThread(entry: string): Promise<void> {
  const s = state();
  return new Promise((resolve, reject) => {
    const worker = new Worker(/* turbopackIgnore: true */ entry, {
      name: "coex-jobs",
      // The server's modules are written for React's server condition (`server-only`).
      execArgv: ["--conditions=react-server"],
    });
    let ready = false;
    worker.on("message", (message: FromJobsThread) => {
      if (message.type !== "ready") return;
      ready = true;
      s.worker = worker;
      setJobsPlacement("thread");
      s.restartMs = FIRST_RESTART_MS;
      resolve();
    });
    worker.on("error", (error) => {
      if (!ready) reject(error);
      else getLogger().error({ err: error }, "the jobs thread failed");
    });
    worker.on("exit", (code) => {
      if (!ready) {
        reject(new Error(`the jobs thread exited with code ${code} before it started`));
        return;
      }
      if (s.worker === worker) s.worker = null;
      if (s.stopping) return;
      getLogger().error({ code }, "the jobs thread stopped: restarting it");
      restartLater(entry);
    });
  });
}

/** Starts the thread again after the current delay; a start that fails tries again, later. */
function restartLater(entry: string) {
  const s = state();
  setJobsPlacement("thread-restarting");
  const delayMs = s.restartMs;
  s.restartMs = Math.min(s.restartMs * 2, MAX_RESTART_MS);
  setTimeout(() => {
    if (s.stopping) return;
    spawnThread(entry).catch((error) => {
      getLogger().error(
        { err: error, restartInMs: s.restartMs },
        "the jobs thread could not restart",
      );
      restartLater(entry);
    });
  }, delayMs).unref();
}

/** Tells the thread's claim loops that an event was stored; one message per turn of the loop. */
export function wakeJobsThread() {
  const s = state();
  if (!s.worker || s.wakePosted) return;
  s.wakePosted = true;
  setImmediate(() => {
    s.wakePosted = false;
    post({ type: "wake" });
  });
}

/** Stops the jobs (their batches finish or roll back) and the thread; for tests and shutdown. */
export async function stopJobsThread(): Promise<void> {
  const s = state();
  s.stopping = true;
  const worker = s.worker;
  if (!worker) return;
  const exited = new Promise((resolve) => worker.once("exit", resolve));
  const stopped = new Promise<void>((resolve) =>
    worker.on("message", (message: FromJobsThread) => {
      if (message.type === "stopped") resolve();
    }),
  );
  post({ type: "stop" });
  await Promise.race([stopped, new Promise((resolve) => setTimeout(resolve, 10_000))]);
  await worker.terminate();
  await exited;
  s.worker = null;
}

/** The running thread, if any (tests and diagnostics). */
export function jobsThreadWorker(): Worker | null {
  return state().worker;
}

function post(message: ToJobsThread) {
  state().worker?.postMessage(message);
}
