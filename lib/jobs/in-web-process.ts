import "server-only";
import { getDatabase } from "@/db";
import { getEnv } from "@/lib/env";
import { sendIngestionWakeupsTo } from "@/lib/ingest/queue";
import { getLogger } from "@/lib/logger";
import { setJobsPlacement } from "@/lib/system/readiness";
import { startBackgroundJobs } from "./index";
import { startJobsThread, wakeJobsThread } from "./jobs-thread";

/**
 * The background work of a web process, by WORKERS: `on` (default) runs it on its own thread
 * when the database is PostgreSQL, and on the main thread with the embedded database (PGlite
 * lives in one thread) or if the thread cannot start; `main-thread` keeps it on the thread that
 * answers requests; `off` runs none (separate `npm run worker` processes do it).
 */
export async function startWebProcessJobs(): Promise<void> {
  const { workers } = getEnv();
  const log = getLogger();
  if (workers === "off") {
    log.info("WORKERS=off: no background work in this process (run `npm run worker`)");
    setJobsPlacement("off");
    return;
  }
  if (workers === "on" && getDatabase().kind === "postgres") {
    try {
      await startJobsThread();
      sendIngestionWakeupsTo(wakeJobsThread);
      log.info("background jobs running on their own thread");
      return;
    } catch (error) {
      log.warn(
        { err: error },
        "the jobs thread could not start: running the jobs on the main thread",
      );
    }
  }
  await startBackgroundJobs();
  setJobsPlacement("main-thread");
}
