import "server-only";
import { registerPeriodicJob } from "@/lib/jobs/runner";
import { refreshAllChannelHealth } from "./evaluate";

// Evaluates every channel once a minute (notifications, `channel.warning` forwarding). Registered
// on import, like ingestion's jobs: lib/jobs/index.ts imports this module.
registerPeriodicJob({
  name: "health-evaluation",
  intervalMs: 60_000,
  run: refreshAllChannelHealth,
});
