import "server-only";
import { registerPeriodicJob } from "@/lib/jobs/runner";
import { processDueDeliveries } from "./index";

/** Every instance runs the forwarder; the SKIP LOCKED claim keeps them from sending twice. */
export function registerForwardingJobs() {
  registerPeriodicJob({
    name: "forwarding.deliver",
    intervalMs: 2_000,
    run: async () => {
      // Drain in batches while there is work, so a backlog does not wait for the next tick.
      for (let i = 0; i < 10; i++) {
        const { claimed } = await processDueDeliveries();
        if (claimed === 0) break;
      }
    },
  });
}
