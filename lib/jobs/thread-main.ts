/**
 * The background work on its own thread of the web process (lib/jobs/jobs-thread.ts): the same
 * jobs as `npm run worker`, so processing, pricing, health and forwarding get their own event loop
 * (and a core) instead of sharing the one that answers Meta. The web process has migrated the
 * database before starting this thread.
 */
import { readlinkSync } from "node:fs";
import { setPriority } from "node:os";
import { parentPort } from "node:worker_threads";
import { closeDatabase } from "@/db";
import { getEnv } from "@/lib/env";
import { stopIngestWorkers, wakeIngestion } from "@/lib/ingest/queue";
import { startBackgroundJobs } from "./index";
import { stopJobRunner } from "./runner";
import type { ToJobsThread } from "./thread-messages";

if (!parentPort) throw new Error("lib/jobs/thread-main.ts runs as a worker thread only");
const port = parentPort;

port.on("message", (message: ToJobsThread) => {
  if (message.type === "wake") wakeIngestion([]);
  if (message.type === "stop") void stop();
});

/**
 * Answering Meta comes first: on Linux a thread has its own nice value, so this one yields the
 * CPU to the thread that answers requests whenever both want it (the work still runs at full
 * speed on an idle core). Elsewhere, or without /proc, it runs at the process's priority.
 */
function lowerThisThreadsPriority() {
  try {
    const threadId = Number(readlinkSync("/proc/thread-self").split("/").pop());
    if (Number.isInteger(threadId)) setPriority(threadId, getEnv().jobsThreadNice);
  } catch {
    // not Linux, or not allowed: same priority as the answers
  }
}

async function stop() {
  stopJobRunner();
  await stopIngestWorkers();
  await closeDatabase();
  port.postMessage({ type: "stopped" });
}

lowerThisThreadsPriority();
await startBackgroundJobs();
port.postMessage({ type: "ready" });
