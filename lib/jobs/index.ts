import "server-only";
import "@/lib/ingest/jobs";
import { startJobRunner } from "./runner";

/**
 * Each domain registers its periodic jobs here (one import line per domain), then the runner
 * starts. Called once per server process from lib/startup.ts.
 */
export async function startBackgroundJobs() {
  startJobRunner();
}
