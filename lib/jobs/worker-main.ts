/**
 * `npm run worker`: the background work without the web server (webhook processing, pricing,
 * health, forwarding, sync timeouts), for installs that run web instances with WORKERS=off, or
 * want more processing beside them. Any number of these and of web instances share one Postgres.
 */
import { closeDatabase, getDatabase } from "@/db";
import { migrateDatabase } from "@/db/migrate";
import { getEnv } from "@/lib/env";
import { stopIngestWorkers } from "@/lib/ingest/queue";
import { getLogger } from "@/lib/logger";
import { startBackgroundJobs } from "./index";
import { stopJobRunner } from "./runner";

const env = getEnv();
const log = getLogger();
const database = getDatabase();
if (database.kind !== "postgres") {
  log.error(
    "npm run worker needs DATABASE_URL: embedded PGlite belongs to one process (the web one)",
  );
  process.exit(1);
}
await migrateDatabase(database);
await startBackgroundJobs();
log.info({ concurrency: env.ingestConcurrency, database: database.location }, "worker started");

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  stopJobRunner();
  await stopIngestWorkers();
  await closeDatabase();
  process.exit(0);
}
process.on("SIGTERM", () => void stop());
process.on("SIGINT", () => void stop());
