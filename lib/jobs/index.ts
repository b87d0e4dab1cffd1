import "server-only";
import { registerCostJobs } from "@/lib/costs/jobs";
import { registerForwardingJobs } from "@/lib/forwarding/jobs";
import { registerPartnerJobs } from "@/lib/partners/jobs";
import { registerSandboxJobs } from "@/lib/sandbox/jobs";
import "@/lib/ingest/jobs";
import "@/lib/health/jobs";
import "@/lib/auth/jobs";
import { startJobRunner } from "./runner";

/**
 * Each domain registers its periodic jobs here (one import line per domain), then the runner
 * starts. Called once per server process from lib/startup.ts.
 */
export async function startBackgroundJobs() {
  registerPartnerJobs();
  registerForwardingJobs();
  registerSandboxJobs();
  registerCostJobs();
  startJobRunner();
}
