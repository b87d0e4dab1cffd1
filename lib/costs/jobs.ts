import "server-only";
import { registerPeriodicJob } from "@/lib/jobs/runner";
import { getLogger } from "@/lib/logger";
import { priceChangedMessages } from "./store";

/** Prices new and changed messages every 10 s in every instance (claims are leases). */
export function registerCostJobs() {
  registerPeriodicJob({
    name: "costs.price",
    intervalMs: 10_000,
    run: async () => {
      const result = await priceChangedMessages();
      if (result.channels > 0) getLogger().info(result, "costs priced");
    },
  });
}
