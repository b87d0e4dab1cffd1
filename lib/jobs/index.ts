import "server-only";
import { registerCostJobs } from "@/lib/costs/jobs";
import { registerForwardingJobs } from "@/lib/forwarding/jobs";
import { startIngestion } from "@/lib/ingest/jobs";
import { registerPartnerJobs } from "@/lib/partners/jobs";
import { registerSandboxJobs } from "@/lib/sandbox/jobs";
import "@/lib/health/jobs";
import "@/lib/auth/jobs";
import { startJobRunner } from "./runner";

/**
 * Each domain registers its periodic jobs here (one import line per domain), then the runner
 * and the ingestion workers start. Called once per process: by lib/startup.ts in the web
 * process (unless WORKERS=off), and by `npm run worker` (lib/jobs/worker-main.ts).
 */
export async function startBackgroundJobs() {
  registerPartnerJobs();
  registerForwardingJobs();
  registerSandboxJobs();
  registerCostJobs();
  startJobRunner();
  await startIngestion();
}
