import "server-only";
import { getEnv } from "@/lib/env";
import { registerPeriodicJob } from "@/lib/jobs/runner";
import { runDeliveryPump } from "./deliveries";

/**
 * Deliveries are pumped right after they are queued; this sweep picks up what a restart or
 * another instance left pending (claims use SKIP LOCKED, so instances never send one twice).
 */
export function registerSandboxJobs() {
  if (!getEnv().sandbox) return;
  registerPeriodicJob({
    name: "sandbox-webhook-deliveries",
    intervalMs: 5_000,
    run: runDeliveryPump,
  });
}
