import "server-only";
import { registerPeriodicJob } from "@/lib/jobs/runner";
import { getLogger } from "@/lib/logger";
import { sweepWebhookEvents } from "./process";

/** The ingestion sweep: runs at start and every 30 s in every instance (claims are row locks). */
registerPeriodicJob({
  name: "ingest-sweep",
  intervalMs: 30_000,
  run: async () => {
    const result = await sweepWebhookEvents();
    if (result.found > 0) getLogger().info(result, "ingest sweep");
  },
});
