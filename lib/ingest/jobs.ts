import "server-only";
import { startIngestWorkers } from "./queue";

/** Ingestion's background work: the batch claim loops (lib/ingest/queue.ts). */
export async function startIngestion() {
  await startIngestWorkers();
}
