import "server-only";
import { registerPeriodicJob } from "@/lib/jobs/runner";
import { ensureForwardingWorker } from "./worker";

/**
 * Every instance runs one continuous forwarding worker (lib/forwarding/worker.ts); the SKIP
 * LOCKED claim keeps instances from sending twice. The periodic job only makes sure it runs.
 */
export function registerForwardingJobs() {
  registerPeriodicJob({
    name: "forwarding.deliver",
    intervalMs: 5_000,
    run: async () => ensureForwardingWorker(),
  });
}
